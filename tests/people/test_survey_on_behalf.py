"""Anyone can name a listed business in the skills survey. Only the business's own
contact address (or the person whose answers are being replaced) can replace its
current response; otherwise the moderator sees the mismatch and approval is refused."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from apps.core.moderation import services
from apps.core.moderation.models import Status
from apps.people.models import SurveyResponse
from tests import factories
from tests.helpers import last_link
from tests.people.test_survey import URL, survey_data

pytestmark = pytest.mark.django_db

OWNER = "owner@quayside.example.com"
STRANGER = "someone@elsewhere.example.org"


@pytest.fixture
def business():
    return factories.OrganisationFactory(name="Quayside Games", contact_email=OWNER)


@pytest.fixture
def survey_round():
    return factories.SurveyRoundFactory()


@pytest.fixture
def current(business, survey_round):
    """The business's own published answer, sent a week ago."""
    return factories.SurveyResponseFactory(
        round=survey_round,
        organisation=business,
        contact_email=OWNER,
        submitted_at=timezone.now() - timezone.timedelta(days=7),
    )


def send_and_confirm(client, survey_round, business, email, capture):
    data = survey_data(
        survey_round, [(factories.SkillFactory(), 1, 1, 2, False)], organisation=business
    )
    data["contact_email"] = email
    with capture(execute=True):
        assert client.post(URL, data).status_code == 302
    with capture(execute=True):
        client.get(last_link(email))
    response = SurveyResponse.objects.filter(contact_email__iexact=email).latest("pk")
    assert response.status == Status.PENDING
    return response


def approve(admin_client, response, capture):
    with capture(execute=True):
        return admin_client.post(
            reverse("admin:people_surveyresponse_changelist"),
            {"action": "approve_selected", "_selected_action": [response.pk], "confirm": "1"},
            follow=True,
        )


def test_another_address_cannot_replace_the_business_response(
    client, admin_client, survey_round, business, current, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    answer = send_and_confirm(client, survey_round, business, STRANGER, capture)

    page = admin_client.get(reverse("admin:people_surveyresponse_change", args=[answer.pk]))
    html = page.content.decode()
    assert "Not confirmed by the business" in html
    assert "approval is refused" in html

    sent = len(mail.outbox)
    result = approve(admin_client, answer, capture)
    assert "would replace the business’s current response" in result.content.decode()
    answer.refresh_from_db()
    assert answer.status == Status.PENDING
    assert list(SurveyResponse.objects.current()) == [current]
    assert len(mail.outbox) == sent  # no "published" email either

    with pytest.raises(Exception, match="would replace"):
        services.submission_approve(obj=answer, by=None)


def test_the_business_own_address_replaces_its_response(
    client, admin_client, survey_round, business, current, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    answer = send_and_confirm(client, survey_round, business, OWNER.upper(), capture)
    page = admin_client.get(reverse("admin:people_surveyresponse_change", args=[answer.pk]))
    assert "so the business confirmed it" in page.content.decode()
    approve(admin_client, answer, capture)
    answer.refresh_from_db()
    assert answer.status == Status.PUBLISHED
    assert list(SurveyResponse.objects.current()) == [answer]


def test_the_same_person_may_update_their_own_answer(
    client, admin_client, survey_round, business, django_capture_on_commit_callbacks
):
    earlier = factories.SurveyResponseFactory(
        round=survey_round,
        organisation=business,
        contact_email=STRANGER,
        submitted_at=timezone.now() - timezone.timedelta(days=7),
    )
    answer = send_and_confirm(
        client, survey_round, business, STRANGER, django_capture_on_commit_callbacks
    )
    approve(admin_client, answer, django_capture_on_commit_callbacks)
    answer.refresh_from_db()
    assert answer.status == Status.PUBLISHED
    assert list(SurveyResponse.objects.current()) == [answer]
    assert earlier not in SurveyResponse.objects.current()


def test_a_first_answer_from_another_address_is_flagged_but_may_be_approved(
    client, admin_client, survey_round, business, django_capture_on_commit_callbacks
):
    answer = send_and_confirm(
        client, survey_round, business, STRANGER, django_capture_on_commit_callbacks
    )
    page = admin_client.get(reverse("admin:people_surveyresponse_change", args=[answer.pk]))
    html = page.content.decode()
    assert "Not confirmed by the business" in html
    assert "approval is refused" not in html
    approve(admin_client, answer, django_capture_on_commit_callbacks)
    answer.refresh_from_db()
    assert answer.status == Status.PUBLISHED


def test_the_business_is_asked_and_its_confirmation_lets_the_answer_replace(
    client, admin_client, survey_round, business, current, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    answer = send_and_confirm(client, survey_round, business, STRANGER, capture)
    # The business's own contact address is asked, with no text the sender typed but
    # their address.
    asked = [m for m in mail.outbox if m.to == [OWNER]]
    assert len(asked) == 1
    assert STRANGER in asked[0].body and "Alex Owner" not in asked[0].body
    assert SurveyResponse.objects.get(pk=answer.pk).business_confirmed_at is None

    # The business opens its link, in its own browser.
    page = client.__class__().get(last_link(OWNER), follow=True)
    assert b"Thank you for confirming" in page.content
    answer.refresh_from_db()
    assert answer.business_confirmed_at is not None
    admin_page = admin_client.get(reverse("admin:people_surveyresponse_change", args=[answer.pk]))
    assert "the business confirmed on" in admin_page.content.decode()

    approve(admin_client, answer, capture)
    answer.refresh_from_db()
    assert answer.status == Status.PUBLISHED
    assert list(SurveyResponse.objects.current()) == [answer]


def test_the_business_is_not_asked_when_it_answered_itself(
    client, survey_round, business, django_capture_on_commit_callbacks
):
    send_and_confirm(client, survey_round, business, OWNER, django_capture_on_commit_callbacks)
    assert all("Did someone answer" not in m.subject for m in mail.outbox)
