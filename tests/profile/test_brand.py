"""The brand toolkit: only published facts and assets, with sources, licences and sizes."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.profile.models import BrandAsset, KeyFact, KeyMessage

pytestmark = pytest.mark.django_db


def make_fact(n, **kwargs):
    defaults = {
        "figure": f"{n}%",
        "statement": f"fact number {n}",
        "source": f"Source {n}",
        "source_url": f"https://source.example/{n}",
        "as_of": datetime.date(2025, 4, 1),
    }
    return KeyFact.objects.create(**{**defaults, **kwargs})


def make_asset(n, **kwargs):
    asset = BrandAsset(
        title=f"Asset {n}", kind=BrandAsset.Kind.LOGO, licence="Open Government Licence v3.0"
    )
    for key, value in kwargs.items():
        setattr(asset, key, value)
    asset.file.save(f"asset-{n}.pdf", ContentFile(b"%PDF-1.4 " + b"x" * 2048), save=False)
    asset.save()
    return asset


def test_the_toolkit_shows_published_items_with_sources_licences_and_sizes(client):
    KeyMessage.objects.create(title="A sector that is growing", body="Forecast to grow.")
    make_fact(30, statement="growth forecast over three years")
    make_fact(99, statement="hidden draft fact", is_published=False)
    make_asset(1, title="Logo pack")
    make_asset(2, title="Hidden asset", is_published=False)
    response = client.get(reverse("brand:index"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "A sector that is growing" in content
    assert "growth forecast over three years" in content
    assert 'href="https://source.example/30"' in content
    assert "as of April 2025" in content
    assert "Logo pack" in content
    assert "Open Government Licence v3.0" in content
    assert "PDF, 2.0\xa0KB" in content
    assert "hidden draft fact" not in content
    assert "Hidden asset" not in content


def test_the_file_size_is_recorded_on_save():
    asset = make_asset(1)
    assert asset.file_size == 2057


def test_headline_facts_are_reusable_elsewhere():
    make_fact(1, is_headline=True)
    make_fact(2)
    make_fact(3, is_headline=True, is_published=False)
    assert [f.figure for f in KeyFact.objects.headline()] == ["1%"]


@pytest.mark.parametrize("size", [3, 30])
def test_query_count_stays_flat(client, size, django_assert_max_num_queries):
    for n in range(size):
        KeyMessage.objects.create(title=f"Message {n}", body="Body.")
        make_fact(n)
        make_asset(n)
    # 1 query each for messages, facts and assets, 1 for the directory's computed
    # facts and 1 for the skills survey's rounds (none here).
    with django_assert_max_num_queries(5):
        response = client.get(reverse("brand:index"))
    assert response.content.decode().count('class="fact"') == size


@pytest.mark.parametrize("model", ["keymessage", "keyfact", "brandasset"])
def test_admin_smoke(admin_client, model):
    KeyMessage.objects.create(title="Message", body="Body.")
    make_fact(1)
    make_asset(1)
    changelist = reverse(f"admin:profile_{model}_changelist")
    assert admin_client.get(changelist).status_code == 200
    assert admin_client.get(changelist, {"q": "x"}).status_code == 200
    assert admin_client.get(reverse(f"admin:profile_{model}_add")).status_code == 200
    obj = {"keymessage": KeyMessage, "keyfact": KeyFact, "brandasset": BrandAsset}[model]
    pk = obj.objects.first().pk
    url = reverse(f"admin:profile_{model}_change", args=[pk])
    assert admin_client.get(url).status_code == 200


def test_staff_cannot_upload_svg(admin_client):
    response = admin_client.post(
        reverse("admin:profile_brandasset_add"),
        {
            "title": "Sneaky",
            "kind": "logo",
            "description": "",
            "file": SimpleUploadedFile("logo.svg", b"<svg onload='alert(1)'/>", "image/svg+xml"),
            "licence": "OGL",
            "licence_url": "",
            "is_published": "on",
            "position": "0",
        },
    )
    assert response.status_code == 200
    assert not BrandAsset.objects.exists()


def test_the_home_page_shows_the_first_three_published_headline_facts(client):
    make_fact(1, is_headline=True, position=4)
    make_fact(2, is_headline=True, position=1)
    make_fact(3, is_headline=True, is_published=False, position=0)
    make_fact(4, is_headline=False, position=0)
    make_fact(5, is_headline=True, position=2)
    make_fact(6, is_headline=True, position=3)
    html = client.get(reverse("home")).content.decode()
    shown = [f"fact number {n}" for n in (2, 5, 6)]
    assert [html.index(s) for s in shown] == sorted(html.index(s) for s in shown)
    for n in (1, 3, 4):
        assert f"fact number {n}<" not in html
