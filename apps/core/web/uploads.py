"""Kept uploads: an image that passed validation survives a form shown again with errors.

A browser never sends a file twice: when a form comes back with an error elsewhere, the
file input is empty. So a cleaned upload (apps.core.web.images.clean_image) is written
to a private storage (STORAGES["kept_uploads"], never under MEDIA_URL), and the form
carries a signed token naming it in a hidden input. Sending the form again without a new
file uses the kept one; ticking "remove" drops it. The page shows a thumbnail through
`kept_upload_view`, which serves a file only to whoever holds its signed token (a random
file name, signed, so nobody can guess another visitor's upload), with `no-store`.

Kept files are deleted after KEPT_UPLOAD_HOURS by `manage.py purge_personal_data`,
the daily clean-up (`purge_kept_uploads`), whether or not the form was ever sent.
"""

import datetime
import re
import uuid

from django import forms
from django.conf import settings
from django.core import signing
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from apps.core.web.images import ACCEPT, ALLOWED_FORMATS, ImageUploadField

SALT = "apps.core.web.uploads.kept"
_NAME = re.compile(r"^[0-9a-f]{32}\.(jpg|png|webp)$")
_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}


def _storage():
    return storages["kept_uploads"]


def _max_age():
    return datetime.timedelta(hours=settings.KEPT_UPLOAD_HOURS)


def keep(upload):
    """Store an already-cleaned upload privately; return its signed token."""
    ext = upload.name.rsplit(".", 1)[-1].lower()
    if ext not in ALLOWED_FORMATS.values():
        raise ValueError("only cleaned images are kept")
    upload.seek(0)
    name = _storage().save(f"{uuid.uuid4().hex}.{ext}", upload)
    return signing.dumps(name, salt=SALT, compress=False)


def kept_name(token):
    """The stored file a token names, or None if it is forged, expired or gone."""
    try:
        name = signing.loads(token or "", salt=SALT, max_age=_max_age())
    except signing.BadSignature:
        return None
    if not isinstance(name, str) or not _NAME.match(name) or not _storage().exists(name):
        return None
    return name


class KeptUpload:
    """A kept image, named by its token: what the widget shows and the field returns."""

    def __init__(self, token, name):
        self.token = token
        self.name = name

    @property
    def url(self):
        return reverse("core:kept_upload", args=[self.token])

    def as_upload(self):
        """The image as a new upload (the same random name), ready to save on a model."""
        with _storage().open(self.name, "rb") as stored:
            content = stored.read()
        upload = SimpleUploadedFile(
            self.name, content, content_type=_TYPES[self.name.rsplit(".", 1)[-1]]
        )
        upload.kept_token = self.token
        return upload


def from_token(token):
    name = kept_name(token)
    return KeptUpload(token, name) if name else None


class KeptImageInput(forms.ClearableFileInput):
    """A file input that also carries (hidden) the token of an image kept from an earlier
    attempt, shows its thumbnail and offers to remove it. Like Django's own, it offers to
    clear the current image of an existing record."""

    template_name = "forms/widgets/kept_image.html"
    kept_suffix = "-kept"
    remove_suffix = "-remove"

    def __init__(self, attrs=None):
        super().__init__({"accept": ACCEPT, **(attrs or {})})

    def value_from_datadict(self, data, files, name):
        upload = files.get(name)
        if upload is None and not data.get(name + self.remove_suffix):
            kept = from_token(data.get(name + self.kept_suffix))
            if kept is not None:
                if data.get(self.clear_checkbox_name(name)):
                    return forms.widgets.FILE_INPUT_CONTRADICTION
                return kept
        return super().value_from_datadict(data, files, name)

    def value_omitted_from_data(self, data, files, name):
        return super().value_omitted_from_data(data, files, name) and not data.get(
            name + self.kept_suffix
        )

    def get_context(self, name, value, attrs):
        kept = value if isinstance(value, KeptUpload) else None
        context = super().get_context(name, None if kept else value, attrs)
        context["widget"].update(
            {
                "kept": kept,
                "kept_name": name + self.kept_suffix,
                "remove_name": name + self.remove_suffix,
                "remove_id": context["widget"]["attrs"].get("id", name) + self.remove_suffix,
            }
        )
        return context


class KeptImageUploadField(ImageUploadField):
    """The public forms' image field: checked and re-encoded like the admin's
    (ImageUploadField), and kept across a form shown again with errors (see the module)."""

    widget = KeptImageInput

    def to_python(self, data):
        if isinstance(data, KeptUpload):
            return data.as_upload()
        return super().to_python(data)

    def clean_upload(self, upload):
        cleaned = super().clean_upload(upload)
        # The form may come back with errors elsewhere: the raw upload, which the page
        # renders from, learns where its cleaned copy is kept.
        upload.kept_token = cleaned.kept_token = keep(cleaned)
        return cleaned

    def bound_data(self, data, initial):
        """What the page shows again: the kept image, if there is one, or the current."""
        if isinstance(data, UploadedFile) and getattr(data, "kept_token", None):
            data = from_token(data.kept_token)
        if isinstance(data, KeptUpload) and not self.disabled:
            return data
        return super().bound_data(data, initial)


def kept_upload(form, name):
    """The image a form's field `name` would keep, for a form shown again unbound (adding
    a row without JavaScript): the kept one, or the new file if it passes its checks."""
    field, data = form.fields[name], form[name].data
    try:
        field.clean(data)
    except forms.ValidationError:
        return None
    if isinstance(data, KeptUpload):
        return data
    return from_token(getattr(data, "kept_token", None))


@require_GET
def kept_upload_view(request, token):
    """The thumbnail of a kept image, for whoever holds its token; never cached."""
    name = kept_name(token)
    if name is None:
        raise Http404("No such image.")
    response = FileResponse(
        _storage().open(name, "rb"), content_type=_TYPES[name.rsplit(".", 1)[-1]]
    )
    patch_cache_control(response, private=True, no_store=True)
    response["Content-Disposition"] = "inline"
    return response


def purge_kept_uploads(*, now=None):
    """Delete kept images older than KEPT_UPLOAD_HOURS; return how many."""
    storage = _storage()
    cutoff = (now or timezone.now()) - _max_age()
    try:
        _dirs, files = storage.listdir("")
    except FileNotFoundError:
        return 0
    deleted = 0
    for name in files:
        if _NAME.match(name) and storage.get_modified_time(name) < cutoff:
            storage.delete(name)
            deleted += 1
    return deleted
