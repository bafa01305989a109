"""The strategy's public pages, feed, open data and partner updates, on real PostgreSQL."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.core.moderation import services as moderation
from apps.core.moderation.models import Status
from apps.funding.models import Referral
from apps.strategy import services
from apps.strategy.models import Observation, ProgressUpdate, UpdateProposal
from tests import factories
from tests.funding.factories import EnquiryFactory, ReferralFactory
from tests.helpers import last_link
from tests.strategy.factories import (
    ActionFactory,
    IndicatorFactory,
    ProgressUpdateFactory,
    observe,
)

pytestmark = pytest.mark.django_db

SECRET = "Zanzibar-unpublished"


@pytest.fixture
def published_and_hidden():
    action = ActionFactory(title="Open the data")
    ProgressUpdateFactory(action=action, title="Catalogue launched")
    # A draft update on a published action, and anything on a draft action.
    ProgressUpdateFactory(action=action, title=f"{SECRET} draft update", is_published=False)
    hidden = ActionFactory(title=f"{SECRET} draft action", is_published=False)
    ProgressUpdateFactory(action=hidden, title=f"{SECRET} update on a draft action")
    hidden_indicator = IndicatorFactory(name=f"{SECRET} indicator", is_published=False)
    observe(hidden_indicator, datetime.date(2025, 1, 1), 7)
    IndicatorFactory(name="Employment")
    return action, hidden, hidden_indicator


def test_unpublished_actions_updates_and_indicators_appear_on_no_surface(
    client, published_and_hidden
):
    action, hidden, hidden_indicator = published_and_hidden
    surfaces = [
        "/strategy/",
        "/strategy/actions/",
        f"/strategy/actions/{action.slug}/",
        "/strategy/changes/?since=2000-01-01",
        "/strategy/feed/",
        "/strategy/indicators/",
        "/sitemap.xml",
        "/search/?q=Zanzibar",
        "/api/v1/strategy-actions/",
        "/api/v1/indicator-observations/",
        "/data/strategy-actions.csv",
        "/data/indicator-observations.csv",
        "/data/indicator-observations.json",
    ]
    for path in surfaces:
        response = client.get(path, HTTP_ACCEPT="*/*")
        assert response.status_code == 200, path
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert SECRET.encode() not in body, path
        assert hidden.slug.encode() not in body, path
    assert b"Catalogue launched" in client.get("/strategy/feed/").content
    for path in [
        f"/strategy/actions/{hidden.slug}/",
        f"/strategy/actions/{hidden.slug}/report/",
        f"/strategy/indicators/{hidden_indicator.slug}/",
        f"/strategy/indicators/{hidden_indicator.slug}.csv",
        f"/api/v1/strategy-actions/{hidden.slug}/",
    ]:
        assert client.get(path).status_code == 404, path


def test_action_filters_by_theme_strand_status_and_lead(client):
    done = ActionFactory(title="Done one", status="done", strand__theme="place")
    stalled = ActionFactory(title="Stalled one", status="stalled", strand__theme="people")
    for query, expected in [
        ("status=done", {done.title}),
        ("theme=people", {stalled.title}),
        (f"strand={stalled.strand.slug}", {stalled.title}),
        (f"lead={done.lead.slug}", {done.title}),
        ("status=nonsense", {done.title, stalled.title}),
    ]:
        response = client.get(f"/strategy/actions/?{query}")
        shown = {a.title for a in response.context["page_obj"].object_list}
        assert shown == expected, query


def test_action_list_query_count_does_not_grow_with_the_data(client):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/strategy/actions/").status_code == 200
        return len(queries)

    partners = [factories.OrganisationFactory() for _ in range(3)]
    for _ in range(3):
        ProgressUpdateFactory(action=ActionFactory(partners=partners))
    small = count()
    for _ in range(15):
        ProgressUpdateFactory(action=ActionFactory(partners=partners))
    assert count() == small


def test_what_changed_since_a_date_lists_updates_and_milestones_from_that_date(client):
    action = ActionFactory()
    ProgressUpdateFactory(action=action, title="Old news", happened_on=datetime.date(2025, 1, 1))
    ProgressUpdateFactory(action=action, title="New news", happened_on=datetime.date(2026, 6, 1))
    action.milestones.create(
        title="Bootcamp running",
        due_on=datetime.date(2026, 6, 1),
        completed_on=datetime.date(2026, 6, 3),
    )
    response = client.get("/strategy/changes/?since=2026-05-01")
    assert [u.title for u in response.context["updates"]] == ["New news"]
    assert b"Bootcamp running" in response.content
    # A date that does not parse is reported and the default window is used.
    response = client.get("/strategy/changes/?since=31-31-2026")
    assert response.status_code == 200
    assert response.context["form"].errors


def test_indicator_page_has_an_accessible_chart_a_table_and_downloads(client):
    indicator = IndicatorFactory(name="Tech employment", unit="people")
    observe(indicator, datetime.date(2025, 1, 1), 111)  # the line is at 110.02 that day
    response = client.get(indicator.get_absolute_url())
    html = response.content.decode()
    assert 'role="img"' in html and '<title id="chart-title">' in html and "<table" in html
    assert response.context["reading"].state in {"on_course", "met"}
    csv_text = client.get(f"/strategy/indicators/{indicator.slug}.csv").content.decode()
    assert csv_text.splitlines()[0] == "date,kind,value,trajectory,source"
    assert len(csv_text.splitlines()) == 4  # baseline, one observation, target
    data = client.get(f"/strategy/indicators/{indicator.slug}.json").json()
    assert [row["kind"] for row in data["rows"]] == ["baseline", "observation", "target"]


def test_indicator_csv_defuses_spreadsheet_formulae(client):
    indicator = IndicatorFactory(baseline_source='=HYPERLINK("http://evil")')
    text = client.get(f"/strategy/indicators/{indicator.slug}.csv").content.decode()
    assert "'=HYPERLINK" in text


class TestSnapshot:
    def test_computed_indicators_measure_the_portals_own_data(self):
        directory = IndicatorFactory(computed_from="tech_businesses")
        secured = IndicatorFactory(computed_from="funding_secured", unit="£")
        staff_entered = IndicatorFactory(computed_from="")
        factories.OrganisationFactory.create_batch(3)
        factories.OrganisationFactory(status=Status.PENDING)
        enquiry = EnquiryFactory()
        ReferralFactory(enquiry=enquiry, outcome=Referral.Outcome.SUCCESSFUL, amount_secured=25000)
        ReferralFactory(enquiry=enquiry, outcome=Referral.Outcome.AWAITING, amount_secured=None)
        today = datetime.date(2026, 12, 4)
        assert services.indicators_snapshot(today=today) == 2
        assert directory.observations.get(observed_on=today).value == 3
        assert secured.observations.get(observed_on=today).value == 25000
        assert not staff_entered.observations.exists()

    def test_running_twice_on_the_same_day_keeps_one_value_per_day(self):
        directory = IndicatorFactory(computed_from="tech_businesses")
        today = datetime.date(2026, 12, 4)
        services.indicators_snapshot(today=today)
        factories.OrganisationFactory()
        services.indicators_snapshot(today=today)
        assert directory.observations.count() == 1
        assert directory.observations.get().value == 1
        services.indicators_snapshot(today=today + datetime.timedelta(days=1))
        assert directory.observations.count() == 2
        assert Observation.objects.filter(is_computed=True).count() == 2


def _proposal_data(organisation, **overrides):
    return {
        "organisation": organisation.pk,
        "title": "Forty people finished the data bootcamp",
        "happened_on": (timezone.localdate() - datetime.timedelta(days=2)).isoformat(),
        "body": "The first cohort finished; twelve have jobs already.",
        "evidence_path": "/skills/",
        "contact_name": "Ada Partner",
        "contact_email": organisation.contact_email,
        **overrides,
    }


def test_a_partner_proposes_an_update_staff_approve_it_and_it_is_published(
    client, django_capture_on_commit_callbacks
):
    partner = factories.OrganisationFactory(name="Tyne Skills")
    action = ActionFactory(partners=[partner])
    url = reverse("strategy:report", args=[action.slug])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, _proposal_data(partner))
    assert response.status_code == 302
    proposal = UpdateProposal.objects.get()
    assert proposal.status == Status.UNCONFIRMED and proposal.contact_matches_organisation
    assert not ProgressUpdate.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.get(last_link(partner.contact_email), follow=True)
    proposal.refresh_from_db()
    assert proposal.status == Status.PENDING
    assert b"Forty people" not in client.get(action.get_absolute_url()).content
    assert moderation.submission_approve(obj=proposal, by=None)
    update = ProgressUpdate.objects.get()
    assert update.reported_by == partner and update.is_published
    assert b"Forty people finished" in client.get(action.get_absolute_url()).content
    assert b"Forty people finished" in client.get("/strategy/feed/").content


def test_only_the_actions_lead_and_partners_can_be_chosen(client):
    stranger = factories.OrganisationFactory()
    action = ActionFactory()
    response = client.post(reverse("strategy:report", args=[action.slug]), _proposal_data(stranger))
    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors
    assert not UpdateProposal.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("happened_on", "2999-01-01"),
        ("evidence_path", "https://evil.example.com/"),
        ("evidence_path", "//evil.example.com/"),
        ("evidence_path", "/no-such-page-anywhere/"),
        ("title", "<script>alert(1)</script> see http://spam.example.com"),
    ],
)
def test_bad_input_is_refused_next_to_its_field_keeps_what_was_typed_and_writes_nothing(
    client, field, value
):
    action = ActionFactory()
    response = client.post(
        reverse("strategy:report", args=[action.slug]),
        _proposal_data(action.lead, **{field: value}),
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert b"The first cohort finished" in response.content
    assert b"<script>alert(1)" not in response.content
    assert not UpdateProposal.objects.exists()
    assert not mail.outbox


def test_a_proposal_from_another_address_is_flagged_for_the_moderator():
    action = ActionFactory()
    proposal = services.update_propose(
        action=action,
        values={
            "organisation": action.lead,
            "title": "News",
            "happened_on": datetime.date(2026, 1, 1),
            "body": "Body",
            "evidence_path": "",
            "contact_name": "Someone",
            "contact_email": "someone@elsewhere.example.com",
        },
    )
    assert not proposal.contact_matches_organisation
