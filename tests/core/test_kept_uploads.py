"""An image that passed validation is kept when a form comes back with errors
(apps/core/web/uploads.py): a signed token in a hidden input, a private thumbnail, a
"remove" option, and a daily clean-up of images never sent."""

import datetime
import io
import os
import re

import pytest
from django.core import mail
from django.core.files.storage import storages
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from apps.core.web import uploads
from apps.place.models import BuildingPhoto
from apps.profile.models import Organisation
from tests import factories
from tests.helpers import organisation_form_data
from tests.images import image_upload
from tests.place.data import building_form_data, space_row

pytestmark = pytest.mark.django_db

_KEPT = re.compile(r'<input type="hidden" name="(?P<name>[\w-]+-kept)" value="(?P<token>[^"]+)">')


def kept_token(html, name):
    found = [m["token"] for m in _KEPT.finditer(html) if m["name"] == f"{name}-kept"]
    assert found, f"no kept image for {name}"
    return found[0]


@pytest.fixture
def org_data():
    area = factories.AreaFactory(name="Quayside")
    return organisation_form_data(area, [factories.SectorFactory(name="Fintech")])


def test_a_logo_survives_a_form_error_and_is_saved_when_the_form_is_sent(
    client, org_data, django_capture_on_commit_callbacks
):
    # The journey: a logo, "We are hiring now" without a jobs page.
    first = {**org_data, "hiring_now": "on", "hiring_url": "", "logo": image_upload("me.png")}
    response = client.post(reverse("profile:add"), first)
    assert response.status_code == 200 and "hiring_url" in response.context["form"].errors
    html = response.content.decode()
    token = kept_token(html, "logo")
    thumbnail = reverse("core:kept_upload", args=[token])
    assert f'src="{thumbnail}"' in html
    assert "Remove this image" in html
    assert Organisation.objects.count() == 0

    # The thumbnail is served to the holder of the token, never cached, as a real image.
    shown = client.get(thumbnail)
    assert shown.status_code == 200 and shown["Content-Type"] == "image/png"
    assert "no-store" in shown["Cache-Control"]
    assert b"".join(shown.streaming_content).startswith(b"\x89PNG")

    # Fixed and sent again: the browser sends no file, only the token.
    second = {**org_data, "hiring_now": "on", "hiring_url": "https://example.com/jobs"}
    second["logo-kept"] = token
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("profile:add"), second)
    assert response.status_code == 302
    logo = Organisation.objects.get().logo
    assert re.fullmatch(r"logos/[0-9a-f]{32}\.png", logo.name)
    assert logo.read().startswith(b"\x89PNG")
    assert len(mail.outbox) == 1


def test_remove_drops_the_kept_image(client, org_data, django_capture_on_commit_callbacks):
    first = {**org_data, "hiring_now": "on", "logo": image_upload("me.png")}
    token = kept_token(client.post(reverse("profile:add"), first).content.decode(), "logo")
    data = {**org_data, "logo-kept": token, "logo-remove": "on"}
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("profile:add"), data).status_code == 302
    assert not Organisation.objects.get().logo


def test_a_new_file_replaces_the_kept_one(client, org_data, django_capture_on_commit_callbacks):
    first = {**org_data, "hiring_now": "on", "logo": image_upload("me.png")}
    token = kept_token(client.post(reverse("profile:add"), first).content.decode(), "logo")
    data = {**org_data, "logo-kept": token, "logo": image_upload("new.jpg", fmt="JPEG")}
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("profile:add"), data).status_code == 302
    assert Organisation.objects.get().logo.name.endswith(".jpg")


@pytest.mark.parametrize(
    "token",
    [
        "forged",
        "0123456789abcdef0123456789abcdef.png",  # a bare file name, unsigned
        "",
    ],
)
def test_a_forged_token_keeps_nothing_and_shows_nothing(
    client, org_data, token, django_capture_on_commit_callbacks
):
    assert client.get(reverse("core:kept_upload", args=[token or "x"])).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("profile:add"), {**org_data, "logo-kept": token})
    assert response.status_code == 302
    assert not Organisation.objects.get().logo


def test_a_token_signed_for_another_purpose_names_no_file():
    from django.core import signing

    name = storages["kept_uploads"].save("0" * 32 + ".png", image_upload())
    assert uploads.kept_name(signing.dumps(name)) is None  # default salt: not ours
    assert uploads.kept_name(signing.dumps(name, salt=uploads.SALT)) == name


def test_a_file_that_failed_validation_is_not_kept(client, org_data):
    from tests.images import raw_upload

    data = {**org_data, "logo": raw_upload("logo.png", b"not an image")}
    html = client.post(reverse("profile:add"), data).content.decode()
    assert "-kept" not in html
    assert not os.path.exists(storages["kept_uploads"].location)


def test_a_building_photo_survives_a_form_error(client, django_capture_on_commit_callbacks):
    area = factories.AreaFactory(name="Ouseburn")
    data = building_form_data(
        area, spaces=[space_row()], photo=image_upload("front.jpg", fmt="JPEG"), photo_alt=""
    )
    response = client.post(reverse("place:add"), data)
    assert "photo_alt" in response.context["form"].errors
    token = kept_token(response.content.decode(), "photo")
    data = building_form_data(area, spaces=[space_row()], photo_alt="The brick front")
    data["photo-kept"] = token
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("place:add"), data).status_code == 302
    photo = BuildingPhoto.objects.get()
    assert photo.alt_text == "The brick front"
    assert photo.image.read().startswith(b"\xff\xd8")  # a JPEG


def test_kept_images_older_than_the_limit_are_purged_daily(settings):
    storage = storages["kept_uploads"]
    old = storage.save("a" * 32 + ".png", image_upload())
    new = storage.save("b" * 32 + ".png", image_upload())
    long_ago = (timezone.now() - datetime.timedelta(hours=25)).timestamp()
    os.utime(storage.path(old), (long_ago, long_ago))
    call_command("purge_personal_data", stdout=io.StringIO())
    assert not storage.exists(old)
    assert storage.exists(new)
    # An expired token no longer names the file, even before the purge.
    token = uploads.keep(image_upload())
    settings.KEPT_UPLOAD_HOURS = 0
    assert uploads.kept_name(token) is None


def test_a_new_logo_sent_through_the_update_link_is_stored_and_goes_live_when_approved(
    client, org_data, moderator, django_capture_on_commit_callbacks
):
    from django.core.files.storage import default_storage

    from apps.core.moderation import links
    from apps.core.moderation import services as moderation
    from apps.core.moderation.models import PendingChange

    area = factories.AreaFactory(name="Quayside")
    organisation = factories.OrganisationFactory(name="Tyne Widgets", area=area)
    client.get(links.make_url(purpose="manage", obj=organisation))
    url = reverse("profile:edit", args=[organisation.reference])
    data = {k: v for k, v in org_data.items() if k not in ("contact_email", "consent")}
    # The edit comes back with an error: the new logo is kept, then sent.
    first = {**data, "hiring_now": "on", "logo": image_upload("new-logo.png")}
    token = kept_token(client.post(url, first).content.decode(), "logo")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**data, "logo-kept": token})
    assert response.status_code == 302
    change = PendingChange.objects.get()
    assert re.fullmatch(r"logos/[0-9a-f]{32}\.png", change.data["logo"])
    assert default_storage.exists(change.data["logo"])
    with django_capture_on_commit_callbacks(execute=True):
        moderation.change_approve(change=change, by=moderator)
    organisation.refresh_from_db()
    assert organisation.logo.name == change.data["logo"]
    assert organisation.logo.read().startswith(b"\x89PNG")


def test_the_admin_and_the_public_forms_share_one_image_field():
    # One way to check an image: the public forms' field is the admin's, plus keeping.
    from apps.core.web.images import ImageUploadField
    from apps.profile.forms import OrganisationForm

    admin_field = Organisation._meta.get_field("logo").formfield()
    public_field = OrganisationForm.base_fields["logo"]
    assert type(admin_field) is ImageUploadField
    assert isinstance(public_field, uploads.KeptImageUploadField)
    assert isinstance(public_field, ImageUploadField)
    assert admin_field.widget.attrs["accept"] == public_field.widget.attrs["accept"]


def test_both_image_fields_re_encode_and_only_the_public_one_keeps():
    from PIL import Image

    from apps.core.web.images import CleanedUpload, ImageUploadField

    def kept_files():
        try:
            return set(storages["kept_uploads"].listdir("")[1])
        except FileNotFoundError:
            return set()

    before = kept_files()
    gps = Image.Exif()
    gps[0x010E] = "secret description"
    admin_value = ImageUploadField(max_side=32).clean(image_upload("a.jpg", "JPEG", exif=gps))
    assert isinstance(admin_value, CleanedUpload) and admin_value.name != "a.jpg"
    assert b"secret description" not in admin_value.read()
    assert not hasattr(admin_value, "kept_token")
    assert kept_files() == before  # the admin keeps nothing

    upload = image_upload("b.jpg", "JPEG", exif=gps)
    public_value = uploads.KeptImageUploadField(max_side=32).clean(upload)
    assert isinstance(public_value, CleanedUpload)
    assert b"secret description" not in public_value.read()
    with Image.open(public_value) as img:
        assert img.size == (32, 32)  # max_side applies to both
    # The raw upload and its cleaned copy both name the kept file.
    assert upload.kept_token == public_value.kept_token
    assert uploads.kept_name(public_value.kept_token) in kept_files() - before
