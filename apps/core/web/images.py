"""Upload checking for images: decode with Pillow, refuse anything else, re-encode.

Re-encoding drops EXIF (including GPS), comments, text chunks and anything smuggled
after the image data;
the stored file gets a random name so uploads can never collide or be guessed.
"""

import io
import uuid
import warnings

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
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
    return SimpleUploadedFile(name, out.getvalue(), content_type=Image.MIME[fmt])


def _normalise(img, fmt):
    if fmt == "JPEG" and img.mode not in ("RGB", "L"):
        return img.convert("RGB")
    if fmt in ("PNG", "WEBP") and img.mode not in ("RGB", "RGBA", "L", "LA", "P"):
        return img.convert("RGBA")
    return img
