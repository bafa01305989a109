"""Support programmes: windows with time controlled, filters, query counts, what never
leaks, and a provider's proposed change through moderation, on real PostgreSQL."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.core.moderation import services as moderation
from apps.core.moderation.models import Status
from apps.profile.models import Organisation
from apps.programmes import services
from apps.programmes.models import CohortWindow, Programme, ProgrammeChange
from tests import factories
from tests.helpers import last_link
from tests.programmes.factories import ProgrammeChangeFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
TODAY = datetime.date(2027, 3, 10)
SECRET = "Zanzibar-unpublished"


def titles(queryset):
    return {programme.title for programme in queryset}


class TestWindows:
    """`today` is passed in: the clock never decides what is listed."""

    @pytest.fixture
    def programmes(self):
        return {
            "open now": ProgrammeFactory(
                title="open now", windows=[(TODAY - 5 * DAY, TODAY + 5 * DAY)]
            ),
            "opens tomorrow": ProgrammeFactory(
                title="opens tomorrow", windows=[(TODAY + DAY, TODAY + 30 * DAY)]
            ),
            "closed yesterday": ProgrammeFactory(
                title="closed yesterday", windows=[(TODAY - 30 * DAY, TODAY - DAY)]
            ),
            "closes today": ProgrammeFactory(
                title="closes today", windows=[(TODAY - 30 * DAY, TODAY)]
            ),
            "rolling": ProgrammeFactory(title="rolling", windows=[(TODAY - 300 * DAY, None)]),
            "no windows": ProgrammeFactory(title="no windows", windows=[]),
            "closed, next later": ProgrammeFactory(
                title="closed, next later",
                windows=[
                    (TODAY - 60 * DAY, TODAY - 30 * DAY),
                    (TODAY + 10 * DAY, TODAY + 40 * DAY),
                ],
            ),
        }

    def test_listing_keeps_open_and_future_windows_and_drops_closed_the_day_after(self, programmes):
        listed = titles(Programme.objects.for_listing(TODAY))
        assert listed == {
            "open now",
            "opens tomorrow",
            "closes today",
            "rolling",
            "closed, next later",
        }
        # The day after "closes today" closes, it leaves; the day before "opens tomorrow"
        # it is already listed.
        assert "closes today" not in titles(Programme.objects.for_listing(TODAY + DAY))
        assert "closed yesterday" in titles(Programme.objects.for_listing(TODAY - DAY))

    def test_open_now_means_a_window_open_on_the_day(self, programmes):
        open_now = titles(Programme.objects.current(TODAY).open_now(TODAY))
        assert open_now == {"open now", "closes today", "rolling"}
        assert "opens tomorrow" in titles(
            Programme.objects.current(TODAY + DAY).open_now(TODAY + DAY)
        )

    def test_a_card_shows_only_windows_still_to_close_soonest_first(self, programmes):
        programme = Programme.objects.for_listing(TODAY).get(title="closed, next later")
        assert [w.opens_on for w in programme.current_windows] == [TODAY + 10 * DAY]

    def test_list_is_ordered_by_next_closing_date_rolling_last(self, programmes):
        ordered = [p.title for p in Programme.objects.for_listing(TODAY)]
        assert ordered[0] == "closes today" and ordered[-1] == "rolling"

    def test_a_window_cannot_close_before_it_opens(self):
        programme = ProgrammeFactory(windows=[])
        window = CohortWindow(programme=programme, opens_on=TODAY, closes_on=TODAY - DAY)
        with pytest.raises(Exception, match="on or after the opening date"):
            window.full_clean()


def test_every_filter_against_a_hand_built_set(client):
    fintech = factories.SectorFactory(name="Fintech", slug="fintech")
    games = factories.SectorFactory(name="Games", slug="games")
    today = timezone.localdate()
    ProgrammeFactory(title="Free early fintech", cost="free", stages=["early"], sectors=[fintech])
    ProgrammeFactory(title="Paid any", cost="paid", kind="training")
    ProgrammeFactory(title="Equity idea games", cost="equity", stages=["idea"], sectors=[games])
    ProgrammeFactory(title="Free later", cost="free", windows=[(today + 5 * DAY, today + 20 * DAY)])
    everything = {"Free early fintech", "Paid any", "Equity idea games", "Free later"}
    for query, expected in [
        ("", everything),
        ("cost=free", {"Free early fintech", "Free later"}),
        ("cost=paid", {"Paid any"}),
        ("cost=equity", {"Equity idea games"}),
        ("stage=early", {"Free early fintech", "Paid any", "Free later"}),
        ("stage=idea", {"Equity idea games", "Paid any", "Free later"}),
        ("sector=fintech", {"Free early fintech", "Paid any", "Free later"}),
        ("sector=games", {"Equity idea games", "Paid any", "Free later"}),
        ("kind=training", {"Paid any"}),
        ("open_now=on", everything - {"Free later"}),
        ("cost=free&open_now=on", {"Free early fintech"}),
        ("cost=nonsense&stage=nonsense&sector=nope", everything),
    ]:
        response = client.get(f"/programmes/?{query}")
        assert response.status_code == 200, query
        assert titles(response.context["page_obj"].object_list) == expected, query


def test_list_and_api_query_counts_do_not_grow_with_the_data(client):
    sectors = [factories.SectorFactory() for _ in range(2)]

    def count(path):
        client.get(path)  # warm the content-type cache used by the admin-log lookup
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        return len(queries)

    def add(n):
        for _ in range(n):
            programme = ProgrammeFactory(sectors=sectors, stages=["early"])
            CohortWindow.objects.create(
                programme=programme, opens_on=timezone.localdate() + 40 * DAY
            )

    add(3)
    small = count("/programmes/"), count("/api/v1/programmes/")
    add(12)
    assert (count("/programmes/"), count("/api/v1/programmes/")) == small


@pytest.fixture
def hidden():
    """A published programme, a draft one, and proposals that were never approved."""
    shown = ProgrammeFactory(title="Tyne Accelerator")
    draft = ProgrammeFactory(title=f"{SECRET} draft programme", status=Programme.Status.DRAFT)
    for status in (Status.UNCONFIRMED, Status.PENDING, Status.REJECTED):
        ProgrammeChangeFactory(programme=shown, status=status, summary=f"{SECRET} {status} summary")
    return shown, draft


def test_drafts_and_unapproved_proposals_appear_on_no_surface(client, hidden):
    shown, draft = hidden
    surfaces = [
        "/programmes/",
        shown.get_absolute_url(),
        shown.provider.get_absolute_url(),
        "/sitemap.xml",
        "/search/?q=Zanzibar",
        "/api/v1/programmes/",
        "/data/programmes.csv",
        "/data/programmes.json",
    ]
    for path in surfaces:
        response = client.get(path, HTTP_ACCEPT="*/*")
        assert response.status_code == 200, path
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert SECRET.encode() not in body, path
        assert draft.slug.encode() not in body, path
    assert b"Tyne Accelerator" in client.get("/programmes/").content
    for path in [
        draft.get_absolute_url(),
        reverse("programmes:propose", args=[draft.slug]),
        f"/api/v1/programmes/{draft.slug}/",
    ]:
        assert client.get(path).status_code == 404, path


def test_a_programme_whose_last_window_closed_leaves_every_surface(client):
    today = timezone.localdate()
    gone = ProgrammeFactory(title="Finished cohort", windows=[(today - 40 * DAY, today - DAY)])
    for path in ["/programmes/", "/sitemap.xml", "/api/v1/programmes/", "/data/programmes.csv"]:
        response = client.get(path)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert gone.slug.encode() not in body, path
    assert client.get(gone.get_absolute_url()).status_code == 404


def test_a_support_organisations_profile_lists_its_programmes(client):
    provider = factories.OrganisationFactory(name="Tyne Ignite", role=Organisation.Role.SUPPORT)
    ProgrammeFactory(title="Tyne mentoring", provider=provider)
    ProgrammeFactory(title=f"{SECRET} draft", provider=provider, status="draft")
    html = client.get(provider.get_absolute_url()).content.decode()
    assert "Programmes Tyne Ignite runs" in html and "Tyne mentoring" in html
    assert SECRET not in html


def _change_data(programme, **overrides):
    return {
        "summary": "Ten weeks of help for early tech businesses, now with a demo day.",
        "description": "Workshops, mentors, investors.",
        "cost": "equity",
        "cost_detail": "6% equity for £50,000",
        "url": "https://example.org/apply",
        "window_label": "Autumn 2027 cohort",
        "window_opens_on": "2027-08-01",
        "window_closes_on": "2027-09-15",
        "window_starts_on": "2027-10-04",
        "note": "Our new dates.",
        "contact_name": "Ada Provider",
        "contact_email": programme.provider.contact_email,
        **overrides,
    }


def test_a_provider_proposes_a_change_staff_approve_it_and_it_is_applied(
    client, django_capture_on_commit_callbacks
):
    programme = ProgrammeFactory(title="Tyne Accelerator")
    url = reverse("programmes:propose", args=[programme.slug])
    assert b"Twelve weeks of help" in client.get(url).content  # pre-filled
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, _change_data(programme))
    assert response.status_code == 302
    change = ProgrammeChange.objects.get()
    assert change.status == Status.UNCONFIRMED and change.contact_matches_provider
    with django_capture_on_commit_callbacks(execute=True):
        client.get(last_link(programme.provider.contact_email), follow=True)
    change.refresh_from_db()
    assert change.status == Status.PENDING
    assert b"now with a demo day" not in client.get(programme.get_absolute_url()).content
    with django_capture_on_commit_callbacks(execute=True):
        assert moderation.submission_approve(obj=change, by=None)
    programme.refresh_from_db()
    assert programme.cost == "equity" and programme.cost_detail == "6% equity for £50,000"
    assert programme.windows.filter(label="Autumn 2027 cohort").count() == 1
    page = client.get(programme.get_absolute_url()).content
    assert b"now with a demo day" in page and b"Autumn 2027 cohort" in page
    assert b"Our new dates" not in page and b"Ada Provider" not in page
    # Applying twice (a repeated signal) adds nothing.
    assert services.change_apply(change=change) is False
    assert programme.windows.count() == 2


def test_a_rejected_change_is_not_applied():
    programme = ProgrammeFactory()
    change = ProgrammeChangeFactory(programme=programme, status=Status.PENDING)
    moderation.submission_reject(obj=change, by=None, reason="Not from the provider.")
    programme.refresh_from_db()
    assert programme.summary != change.summary and programme.cost == "free"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("url", "javascript:alert(1)"),
        ("cost", "priceless"),
        ("window_closes_on", "2027-07-01"),
        ("window_opens_on", "not a date"),
        ("summary", "<script>alert(1)</script> see http://spam.example.com"),
        ("contact_email", "not-an-address"),
        ("contact_name", ""),
    ],
)
def test_bad_input_is_refused_next_to_its_field_keeps_what_was_typed_and_writes_nothing(
    client, field, value
):
    programme = ProgrammeFactory()
    response = client.post(
        reverse("programmes:propose", args=[programme.slug]),
        _change_data(programme, note="Keep this note", **{field: value}),
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert b"Keep this note" in response.content
    assert b"<script>alert(1)" not in response.content
    assert b"error-summary" in response.content
    assert not ProgrammeChange.objects.exists()
    assert not mail.outbox


def test_a_cohort_without_an_opening_date_is_refused(client):
    programme = ProgrammeFactory()
    data = _change_data(programme, window_opens_on="")
    response = client.post(reverse("programmes:propose", args=[programme.slug]), data)
    assert "window_opens_on" in response.context["form"].errors
    assert not ProgrammeChange.objects.exists()


def test_a_change_from_another_address_is_flagged_for_the_moderator():
    change = ProgrammeChangeFactory(contact_email="someone@elsewhere.example")
    assert not change.contact_matches_provider
