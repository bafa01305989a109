"""What a submitter is told about their submission comes from its type: a private space
need is "active" and "matched", never "published" or "live on the site" (issue 18 item 7)."""

import pytest
from django.core import mail
from django.urls import reverse

from apps.core.moderation import links, services
from apps.core.moderation.models import Status
from apps.place.models import NeedMatch
from tests import factories

pytestmark = pytest.mark.django_db


def open_status_page(client, obj):
    url = links.make_url(purpose="status", obj=obj).removeprefix("http://testserver")
    client.get(url)
    return client.get(reverse("core:status", args=[obj.reference]))


def test_an_approved_need_is_active_and_private_in_its_email_and_status_page(
    client, moderator, django_capture_on_commit_callbacks
):
    need = factories.SpaceNeedFactory(status=Status.PENDING, organisation_name="Acme")
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_approve(obj=need, by=moderator)
    message = mail.outbox[-1]
    assert message.subject.startswith("Active: Acme")
    assert "is now active" in message.body
    assert "private" in message.body
    assert "published" not in message.body.lower()
    assert "live" not in message.body.lower()

    page = open_status_page(client, need).content.decode()
    assert ">Active<" in page
    assert "only our team sees it" in page
    assert "Published" not in page
    assert "live" not in page.lower()


def test_a_matched_need_says_matched(client):
    need = factories.SpaceNeedFactory(status=Status.PUBLISHED)
    NeedMatch.objects.create(need=need, space=factories.SpaceFactory())
    page = open_status_page(client, need).content.decode()
    assert ">Matched<" in page
    assert "live" not in page.lower()


def test_a_rejected_need_is_not_accepted_rather_than_not_published(
    moderator, django_capture_on_commit_callbacks
):
    need = factories.SpaceNeedFactory(status=Status.PENDING, organisation_name="Acme")
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_reject(obj=need, by=moderator, reason="Not in the region.")
    message = mail.outbox[-1]
    assert message.subject.startswith("Not accepted: Acme")
    assert "could not accept your request" in message.body
    assert "publish" not in message.body.lower()


def test_a_survey_response_counts_rather_than_being_published(
    client, moderator, django_capture_on_commit_callbacks
):
    response = factories.SurveyResponseFactory(status=Status.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_approve(obj=response, by=moderator)
    assert mail.outbox[-1].subject.startswith("Counted: ")
    page = open_status_page(client, response).content.decode()
    assert ">Counted<" in page
    assert "live on the site" not in page


def test_a_directory_entry_keeps_the_published_wording(
    client, moderator, django_capture_on_commit_callbacks
):
    organisation = factories.OrganisationFactory(status=Status.PENDING, name="Tyne Data")
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_approve(obj=organisation, by=moderator)
    assert mail.outbox[-1].subject == "Published: Tyne Data"
    assert "is now published. It is live on the site." in mail.outbox[-1].body
    page = open_status_page(client, organisation).content.decode()
    assert "It is live on the site." in page
    assert f'href="{organisation.get_absolute_url()}"' in page


def test_the_need_s_own_page_says_active_not_published(client):
    need = factories.SpaceNeedFactory(status=Status.PUBLISHED)
    url = links.make_url(purpose="manage", obj=need).removeprefix("http://testserver")
    page = client.get(url, follow=True).content.decode()
    assert "<dd>Active</dd>" in page
    assert "Published" not in page


def test_a_survey_response_s_own_page_says_counted(client):
    response = factories.SurveyResponseFactory(status=Status.PUBLISHED)
    url = links.make_url(purpose="manage", obj=response).removeprefix("http://testserver")
    page = client.get(url, follow=True).content.decode()
    assert ">Counted</strong>" in page
