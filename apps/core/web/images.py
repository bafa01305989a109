"""Upload checking for images: decode with Pillow, refuse anything else, re-encode.

Re-encoding drops EXIF (including GPS), comments, text chunks and anything smuggled
after the image data;
the stored file gets a random name so uploads can never collide or be guessed.

Every image field of the portal is a CleanedImageField, so the cleaning happens in the
model whichever way a file arrives: a public form, the admin, an import or code.
"""

import io
import uuid
import warnings

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.db import models
from django.db.models.fields.files import ImageFieldFile
from PIL import Image, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# Far below Pillow's default, so a small file that expands to a huge bitmap is refused.
MAX_PIXELS = 40_000_000


def clean_image(upload, *, max_bytes=MAX_UPLOAD_BYTES, max_side=1600):
    """Return a re-encoded copy of an uploaded JPEG, PNG or WebP, or raise ValidationError."""
    if upload.size > max_bytes:
        raise ValidationError(
            "The image must be smaller than %(mb)s MB.",
            code="too_big",
            params={"mb": max_bytes // (1024 * 1024)},
        )
    upload.seek(0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(upload) as img:
                if img.format not in ALLOWED_FORMATS:
                    raise ValidationError(
                        "The image must be a JPEG, PNG or WebP file.", code="format"
                    )
                width, height = img.size
                if width * height > MAX_PIXELS:
                    raise ValidationError("The image is too large in pixels.", code="pixels")
                img.load()
                fmt = img.format
                img = _normalise(img, fmt)
                img.thumbnail((max_side, max_side))
                # Pillow carries some metadata over on save (a JPEG's comment, an ICC
                # profile), and either can hold a script or PHP payload: keep only what
                # the pixels need.
                img.info = {k: v for k, v in img.info.items() if k == "transparency"}
                out = io.BytesIO()
                save_kwargs = {"optimize": True}
                if fmt in ("JPEG", "WEBP"):
                    save_kwargs["quality"] = 85
                img.save(out, format=fmt, **save_kwargs)
        except ValidationError:
            raise
        except (
            UnidentifiedImageError,
            Image.DecompressionBombError,
            Image.DecompressionBombWarning,
            OSError,
            SyntaxError,
            ValueError,
        ) as exc:
            raise ValidationError(
                "The file is not a JPEG, PNG or WebP image we can read.", code="invalid"
            ) from exc
    name = f"{uuid.uuid4().hex}.{ALLOWED_FORMATS[fmt]}"
    return CleanedUpload(name, out.getvalue(), content_type=Image.MIME[fmt])


class CleanedUpload(SimpleUploadedFile):
    """What clean_image returns: saving it again needs no second re-encoding."""


def _normalise(img, fmt):
    if fmt == "JPEG" and img.mode not in ("RGB", "L"):
        return img.convert("RGB")
    if fmt in ("PNG", "WEBP") and img.mode not in ("RGB", "RGBA", "L", "LA", "P"):
        return img.convert("RGBA")
    return img


# What a file input offers to choose: the formats clean_image accepts.
ACCEPT = "image/jpeg,image/png,image/webp"


class ImageUploadField(forms.FileField):
    """A JPEG, PNG or WebP upload, decoded with Pillow and re-encoded under a random name.
    The admin's form field (CleanedImageField.formfield); the public forms use its
    subclass apps.core.web.uploads.KeptImageUploadField, which also keeps the upload
    across a form shown again with errors."""

    widget = forms.ClearableFileInput(attrs={"accept": ACCEPT})

    def __init__(self, *, max_side=1600, **kwargs):
        self.max_side = max_side
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        if isinstance(data, UploadedFile) and value is data:
            return self.clean_upload(data)
        return value

    def clean_upload(self, upload):
        """The re-encoded copy of a newly sent file, or ValidationError."""
        return clean_image(upload, max_side=self.max_side)


class CleanedImageFieldFile(ImageFieldFile):
    def save(self, name, content, save=True):
        # Every new file passes here before it reaches storage (FileField.pre_save
        # calls save() for an uncommitted file), however it was assigned.
        if not isinstance(content, CleanedUpload):
            content = clean_image(content, max_side=self.field.max_side)
        super().save(content.name, content, save)


class CleanedImageField(models.ImageField):
    """An ImageField whose files are always decoded and re-encoded by clean_image, and
    whose form field (the admin's too) reports a bad file next to the field."""

    attr_class = CleanedImageFieldFile

    def __init__(self, *args, max_side=1600, **kwargs):
        self.max_side = max_side
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.max_side != 1600:
            kwargs["max_side"] = self.max_side
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        return super().formfield(
            **{"form_class": ImageUploadField, "max_side": self.max_side, **kwargs}
        )
