"""Real image files, made with Pillow, for upload tests."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def image_upload(name="logo.png", fmt="PNG", size=(64, 64), exif=None):
    out = io.BytesIO()
    img = Image.new("RGB", size, "#00505c")
    kwargs = {"exif": exif} if exif is not None else {}
    img.save(out, format=fmt, **kwargs)
    content_type = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}[fmt]
    return SimpleUploadedFile(name, out.getvalue(), content_type=content_type)


def raw_upload(name, content, content_type="image/png"):
    return SimpleUploadedFile(name, content, content_type=content_type)
