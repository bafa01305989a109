"""Bad input on the directory form gets a clear error, keeps what was typed and writes nothing."""

import io

import pytest
from django.core import mail
from django.urls import reverse
from PIL import Image

from apps.core.moderation.models import Status
from apps.profile.models import Organisation
from tests import factories
from tests.helpers import organisation_form_data
from tests.images import image_upload, raw_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    area = factories.AreaFactory(name="Quayside")
    sector = factories.SectorFactory(name="Fintech")
    return organisation_form_data(area, [sector])


def post(client, data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("profile:add"), data)


def assert_refused(response, field=None):
    assert response.status_code == 200
    assert response.context["form"].errors
    if field:
        assert field in response.context["form"].errors
    html = response.content.decode()
    assert "<title>Error: " in html
    assert 'class="error-summary"' in html
    assert Organisation.objects.count() == 0
    assert mail.outbox == []


def test_it_creates_an_unconfirmed_entry_and_sends_one_email(
    client, data, django_capture_on_commit_callbacks
):
    response = post(client, data, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    organisation = Organisation.objects.get()
    assert organisation.status == Status.UNCONFIRMED
    assert organisation.slug == "tyne-widgets"
    assert organisation.sector_names == "Fintech"
    assert len(mail.outbox) == 1
    assert "/link/" in mail.outbox[0].body


def test_a_missing_required_field_is_named_and_typed_values_are_kept(
    client, data, django_capture_on_commit_callbacks
):
    data["name"] = ""
    data["summary"] = "Keep this summary"
    response = post(client, data, django_capture_on_commit_callbacks)
    assert_refused(response, "name")
    html = response.content.decode()
    assert 'href="#id_name"' in html
    assert 'id="id_name_error"' in html
    assert "Keep this summary" in html


def test_an_over_long_summary_is_refused(client, data, django_capture_on_commit_callbacks):
    data["summary"] = "x" * 281
    assert_refused(post(client, data, django_capture_on_commit_callbacks), "summary")


def test_too_many_links_in_the_description_are_refused(
    client, data, django_capture_on_commit_callbacks
):
    data["description"] = " ".join(f"https://spam{n}.example.com" for n in range(5))
    assert_refused(post(client, data, django_capture_on_commit_callbacks), "description")


def test_the_honeypot_refuses_bots(client, data, django_capture_on_commit_callbacks):
    data["homepage"] = "http://bot.example.com"
    assert_refused(post(client, data, django_capture_on_commit_callbacks))


def test_a_missing_consent_is_refused(client, data, django_capture_on_commit_callbacks):
    del data["consent"]
    assert_refused(post(client, data, django_capture_on_commit_callbacks), "consent")


def test_hiring_without_a_jobs_page_is_refused(client, data, django_capture_on_commit_callbacks):
    data["hiring_now"] = "on"
    assert_refused(post(client, data, django_capture_on_commit_callbacks), "hiring_url")


def test_a_duplicate_business_name_is_refused(client, data, django_capture_on_commit_callbacks):
    existing = factories.OrganisationFactory(name="Tyne Widgets", slug="tyne-widgets")
    data["name"] = "  tyne   WIDGETS "
    response = post(client, data, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert "name" in response.context["form"].errors
    assert list(Organisation.objects.all()) == [existing]


def test_unknown_choices_are_refused(client, data, django_capture_on_commit_callbacks):
    data["kind"] = "pirate"
    data["area"] = "999999"
    data["sectors"] = ["abc"]
    response = post(client, data, django_capture_on_commit_callbacks)
    assert_refused(response)
    assert {"kind", "area", "sectors"} <= set(response.context["form"].errors)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("logo.png", b"this is not an image at all"),
        ("logo.png", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"></svg>'),
        ("logo.png", b"<?php echo 'hi'; ?>"),
        ("logo.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"),
    ],
)
def test_files_that_are_not_jpeg_png_or_webp_are_refused(
    client, data, django_capture_on_commit_callbacks, name, content
):
    data["logo"] = raw_upload(name, content)
    assert_refused(post(client, data, django_capture_on_commit_callbacks), "logo")


def test_an_oversized_file_is_refused(client, data, django_capture_on_commit_callbacks):
    data["logo"] = raw_upload("logo.png", b"\x89PNG\r\n\x1a\n" + b"0" * (5 * 1024 * 1024 + 1))
    response = post(client, data, django_capture_on_commit_callbacks)
    assert_refused(response, "logo")
    assert "smaller than 5 MB" in response.content.decode()


def test_a_decompression_bomb_is_refused(client, data, django_capture_on_commit_callbacks):
    # 10,000 x 10,000 pixels of one colour compresses to a small PNG.
    out = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(out, format="PNG", optimize=True)
    assert out.tell() < 1024 * 1024
    data["logo"] = raw_upload("bomb.png", out.getvalue())
    assert_refused(post(client, data, django_capture_on_commit_callbacks), "logo")


def test_a_real_image_is_re_encoded_under_a_random_name_without_exif(
    client, data, django_capture_on_commit_callbacks
):
    exif = Image.Exif()
    exif[0x010F] = "Secret Camera Co"  # Make
    data["logo"] = image_upload("my-photo.jpg", fmt="JPEG", size=(2000, 1000), exif=exif)
    response = post(client, data, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    logo = Organisation.objects.get().logo
    assert logo.name.startswith("logos/")
    assert "my-photo" not in logo.name
    with Image.open(logo.path) as stored:
        assert stored.format == "JPEG"
        assert max(stored.size) == 800
        assert "Secret Camera Co" not in str(dict(stored.getexif()))


def test_a_script_payload_comes_back_escaped(client, data, django_capture_on_commit_callbacks):
    payload = '<script>alert("x")</script>'
    data["name"] = payload
    data["summary"] = ""
    response = post(client, data, django_capture_on_commit_callbacks)
    assert_refused(response, "summary")
    html = response.content.decode()
    assert payload not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_a_published_script_payload_is_escaped_on_every_public_page(client):
    payload = '<script>alert("x")</script>'
    organisation = factories.OrganisationFactory(
        name=f"Evil {payload}", summary=payload, description=payload
    )
    for url in [organisation.get_absolute_url(), reverse("profile:directory"), reverse("home")]:
        html = client.get(url).content.decode()
        assert payload not in html, url
        assert "&lt;script&gt;" in html, url


def test_missing_answers_say_what_to_do_for_each_question(
    client, django_capture_on_commit_callbacks
):
    response = post(client, {}, django_capture_on_commit_callbacks)
    errors = {name: errs[0] for name, errs in response.context["form"].errors.items()}
    assert errors["name"] == "Enter business name"
    assert errors["contact_email"] == "Enter your email address"
    assert errors["sectors"] == "Select sectors"
    assert errors["kind"] == "Answer “What kind of organisation is it?”"
    assert errors["consent"].startswith("Tick “I confirm")
    assert "This field is required." not in response.content.decode()
