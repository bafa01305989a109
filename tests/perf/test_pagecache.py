"""The anonymous page cache: what it serves, to whom, and when it lets go."""

import pytest
from django.test import Client
from django.urls import reverse

from apps.core.models import Status
from apps.profile.models import Organisation
from tests import factories


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300


def _names(response):
    return [o.name for o in response.context["page_obj"]] if response.context else None


def test_it_is_off_by_default(client, db, settings):
    assert settings.PAGE_CACHE_SECONDS == 0
    factories.OrganisationFactory(name="Quayside Code")
    response = client.get(reverse("profile:directory"))
    assert "X-Page-Cache" not in response


def test_an_anonymous_page_is_served_from_the_cache_with_an_etag(
    client, db, page_cache, django_assert_num_queries
):
    factories.OrganisationFactory(name="Quayside Code")
    first = client.get(reverse("profile:directory"))
    assert first["X-Page-Cache"] == "miss"
    # A hit renders nothing and asks the database nothing.
    with django_assert_num_queries(0):
        second = client.get(reverse("profile:directory"))
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert (
        client.get(
            reverse("profile:directory"), headers={"if-none-match": second["ETag"]}
        ).status_code
        == 304
    )


def test_publishing_drops_the_cached_pages(client, db, page_cache, moderator):
    from apps.core import services

    factories.OrganisationFactory(name="Quayside Code")
    waiting = factories.OrganisationFactory(name="Ouseburn Pixels", status=Status.PENDING)
    assert b"Ouseburn Pixels" not in client.get(reverse("profile:directory")).content
    services.submission_approve(obj=waiting, by=moderator)
    response = client.get(reverse("profile:directory"))
    assert response["X-Page-Cache"] == "miss"
    assert b"Ouseburn Pixels" in response.content


def test_a_change_to_any_portal_row_drops_the_cached_pages(client, db, page_cache):
    organisation = factories.OrganisationFactory(name="Quayside Code")
    client.get(organisation.get_absolute_url())
    organisation.summary = "Now with a new summary."
    organisation.save()
    response = client.get(organisation.get_absolute_url())
    assert response["X-Page-Cache"] == "miss"
    assert b"Now with a new summary." in response.content


def test_signed_in_staff_are_never_served_or_stored(admin_client, db, page_cache):
    factories.OrganisationFactory(name="Quayside Code")
    staff = admin_client.get(reverse("profile:directory"))
    assert "X-Page-Cache" not in staff
    # The staff request stored nothing, so the first anonymous visit is a miss...
    assert Client().get(reverse("profile:directory"))["X-Page-Cache"] == "miss"
    # ...and a cached page is not handed to staff either.
    assert "X-Page-Cache" not in admin_client.get(reverse("profile:directory"))


def test_a_page_with_a_csrf_form_is_never_stored(client, db, page_cache, settings):
    from django.http import HttpResponse
    from django.middleware.csrf import get_token
    from django.test import RequestFactory

    from apps.core.pagecache import cache_public_page

    @cache_public_page
    def view(request):
        return HttpResponse(get_token(request))

    request = RequestFactory().get("/form/")
    view(request)
    assert "X-Page-Cache" not in view(RequestFactory().get("/form/"))


def test_unpublished_rows_never_leak_through_the_cache(client, db, page_cache):
    factories.OrganisationFactory(name="Quayside Code")
    factories.OrganisationFactory(name="Secret Draft Ltd", status=Status.PENDING)
    client.get(reverse("profile:directory"))
    hit = client.get(reverse("profile:directory"))
    assert hit["X-Page-Cache"] == "hit"
    assert b"Secret Draft Ltd" not in hit.content
    assert Organisation.objects.count() == 2


def test_the_benchmark_floor_is_not_routed_unless_turned_on(client, db):
    assert client.get("/bench/floor").status_code == 404


@pytest.mark.parametrize("n", [3, 30])
def test_the_course_list_runs_a_constant_number_of_queries(
    client, db, django_assert_max_num_queries, n
):
    skills = [factories.SkillFactory() for _ in range(3)]
    for _ in range(n):
        factories.CourseFactory(skills=skills)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("people:courses"))
    assert response.status_code == 200
