"""Uploads: polyglots lose their payload or are refused, EXIF (GPS included) and
metadata chunks are dropped, and media is served with nosniff."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, PngImagePlugin

from apps.core.web.images import clean_image
from apps.profile.models import Organisation
from tests import factories
from tests.helpers import organisation_form_data

PAYLOADS = [
    b"<html><body><script>alert(document.cookie)</script></body></html>",
    b"<?php system($_GET['cmd']); ?>",
    b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>",
]


def image_bytes(fmt, size=(48, 32), **save):
    out = io.BytesIO()
    Image.new("RGB", size, "#7a1f5c").save(out, format=fmt, **save)
    return out.getvalue()


def a_zip():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("META-INF/MANIFEST.MF", "Main-Class: Evil\n")
        archive.writestr("Evil.class", b"\xca\xfe\xba\xbe")
    return out.getvalue()


def upload(name, content, content_type="image/png"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def cleaned(name, content):
    result = clean_image(upload(name, content))
    result.seek(0)
    return result.read(), result.name


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_payload_appended_to_a_real_image_is_gone_after_re_encoding(fmt, payload):
    polyglot = image_bytes(fmt) + payload
    # Pillow reads the image and ignores the tail, so it is accepted: the stored copy
    # is a fresh encoding that holds none of it.
    data, name = cleaned("innocent.php.png", polyglot)
    assert payload not in data
    assert name.endswith({"PNG": ".png", "JPEG": ".jpg", "WEBP": ".webp"}[fmt])
    assert "php" not in name and "innocent" not in name
    with Image.open(io.BytesIO(data)) as img:
        assert img.format == fmt


def test_a_gifar_is_refused():
    # GIF header + JAR (zip) body: GIF is not an accepted format.
    gif = io.BytesIO()
    Image.new("P", (8, 8)).save(gif, format="GIF")
    with pytest.raises(ValidationError):
        clean_image(upload("photo.png", gif.getvalue() + a_zip()))


def test_a_png_carrying_a_zip_loses_it():
    data, _ = cleaned("photo.png", image_bytes("PNG") + a_zip())
    assert b"PK\x03\x04" not in data
    assert b"META-INF" not in data


def test_a_zip_or_html_with_an_image_name_is_refused():
    for content in (a_zip(), PAYLOADS[0], b"\x89PNG\r\n\x1a\n" + PAYLOADS[1]):
        with pytest.raises(ValidationError):
            clean_image(upload("photo.png", content))


def test_metadata_chunks_and_comments_that_carry_script_are_dropped():
    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", PAYLOADS[0].decode())
    text.add_itxt("XML:com.adobe.xmp", PAYLOADS[2].decode())
    png, _ = cleaned("a.png", image_bytes("PNG", pnginfo=text))
    jpeg, _ = cleaned("a.jpg", image_bytes("JPEG", comment=PAYLOADS[1]))
    for data in (png, jpeg):
        for payload in PAYLOADS:
            assert payload not in data
    with Image.open(io.BytesIO(png)) as img:
        assert "Comment" not in img.info and "XML:com.adobe.xmp" not in img.info
    with Image.open(io.BytesIO(jpeg)) as img:
        assert "comment" not in img.info


def gps_exif():
    exif = Image.Exif()
    exif[0x010F] = "Phone Maker"
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (54.0, 58.0, 30.0)  # the Tyne Bridge, roughly
    gps[3] = "W"
    gps[4] = (1.0, 36.0, 20.0)
    return exif


@pytest.mark.parametrize("fmt", ["JPEG", "WEBP", "PNG"])
def test_exif_gps_is_stripped(fmt):
    original = image_bytes(fmt, exif=gps_exif())
    with Image.open(io.BytesIO(original)) as img:
        assert img.getexif().get_ifd(0x8825)  # the test image really has GPS
    data, _ = cleaned(f"a.{fmt.lower()}", original)
    with Image.open(io.BytesIO(data)) as img:
        exif = img.getexif()
        assert not exif.get_ifd(0x8825)
        assert 0x010F not in exif
        assert "exif" not in img.info
    assert b"Phone Maker" not in data


@pytest.mark.django_db
def test_a_polyglot_logo_is_stored_without_its_payload(
    client, settings, django_capture_on_commit_callbacks
):
    data = organisation_form_data(factories.AreaFactory(), [factories.SectorFactory()])
    data["logo"] = upload("logo.png", image_bytes("PNG") + PAYLOADS[0])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("profile:add"), data)
    assert response.status_code == 302
    logo = Organisation.objects.get().logo
    stored = logo.read()
    assert stored.startswith(b"\x89PNG")
    assert PAYLOADS[0] not in stored


@pytest.mark.django_db
@pytest.mark.urls("tests.security.urls_media")
def test_media_is_served_with_nosniff_and_the_site_headers(client, settings):
    # In production media is served by the web server or object storage (see the README
    # and scripts/two_instances.py, which checks nginx's header); with DEBUG on, Django
    # serves it, through the same middleware as every page.
    (settings.MEDIA_ROOT / "logos").mkdir(parents=True)
    (settings.MEDIA_ROOT / "logos" / "x.png").write_bytes(image_bytes("PNG"))
    response = client.get("/media/logos/x.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"


# Issue 17, finding 11: every image field cleans its files in the model, so the admin,
# imports and code get the same treatment as the public forms.


def jpeg_with_gps_and_a_script_comment():
    exif = Image.Exif()
    exif[0x010F] = "Spy Camera Co"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (54.0, 58.0, 30.0)
    data = image_bytes("JPEG", size=(64, 48), exif=exif, comment=PAYLOADS[0])
    with Image.open(io.BytesIO(data)) as img:  # the file really carries both
        assert img.getexif().get_ifd(0x8825) and PAYLOADS[0] in img.info["comment"]
    return data


def assert_clean_image(field_file, *, fmt):
    field_file.open("rb")
    data = field_file.read()
    field_file.close()
    for payload in [*PAYLOADS, b"PK\x03\x04", b"META-INF", b"Spy Camera", b"Exif"]:
        assert payload not in data
    with Image.open(io.BytesIO(data)) as img:
        assert img.format == fmt
        assert not img.getexif()
        assert "comment" not in img.info and "exif" not in img.info


@pytest.mark.django_db
def test_a_story_image_uploaded_in_the_admin_is_cleaned(admin_client):
    from apps.profile.models import Story

    data = {
        "title": "Spy story",
        "slug": "spy-story",
        "kind": "news",
        "theme": "place",
        "summary": "Summary.",
        "body": "Body.",
        "author": "",
        "image": upload("holiday.jpg", jpeg_with_gps_and_a_script_comment(), "image/jpeg"),
        "image_alt": "A quayside at dusk.",
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
    }
    response = admin_client.post(reverse("admin:profile_story_add"), data)
    assert response.status_code == 302
    story = Story.objects.get()
    assert "holiday" not in story.image.name
    assert_clean_image(story.image, fmt="JPEG")


@pytest.mark.django_db
def test_the_admin_refuses_a_file_that_is_not_an_image_next_to_the_field(admin_client):
    from apps.profile.models import Story

    data = {
        "title": "Zip story",
        "slug": "zip-story",
        "kind": "news",
        "theme": "place",
        "summary": "Summary.",
        "body": "Body.",
        "image": upload("photo.png", a_zip()),
        "image_alt": "Alt.",
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
    }
    response = admin_client.post(reverse("admin:profile_story_add"), data)
    assert response.status_code == 200
    assert "image" in response.context["adminform"].form.errors
    assert not Story.objects.exists()


@pytest.mark.django_db
def test_an_image_saved_by_code_is_cleaned_too():
    from apps.place.models import BuildingPhoto

    building = factories.BuildingFactory()
    photo = BuildingPhoto(
        building=building, image=upload("p.png", image_bytes("PNG") + a_zip()), alt_text="A"
    )
    photo.save()
    assert_clean_image(BuildingPhoto.objects.get().image, fmt="PNG")
    organisation = factories.OrganisationFactory()
    organisation.logo = upload("logo.jpg", jpeg_with_gps_and_a_script_comment(), "image/jpeg")
    organisation.save()
    organisation.refresh_from_db()
    assert_clean_image(organisation.logo, fmt="JPEG")
    with Image.open(organisation.logo.path) as img:
        assert max(img.size) <= 800
