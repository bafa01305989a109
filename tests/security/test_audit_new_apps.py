"""An adversarial tester's findings on /events/, /strategy/, /invest/ and /programmes/:
each test failed before its fix."""

import datetime

import pytest
from django.utils import timezone

from apps.events.models import Event
from apps.programmes.models import ProgrammeChange
from apps.strategy.models import InvestmentEnquiry, UpdateProposal
from tests import factories
from tests.events.factories import EventFactory
from tests.programmes.factories import ProgrammeFactory
from tests.strategy.factories import ActionFactory, ProgressUpdateFactory

pytestmark = pytest.mark.django_db

# Text pasted from elsewhere: a vertical tab, a line break meant to start a new calendar
# property, and characters outside Latin-1.
PASTED = "Łódź 🚀 meetup\x0b\r\nX-INJECTED:1"


@pytest.mark.parametrize("path", ["/events/", "/events/calendar.ics"])
@pytest.mark.parametrize("query", ["before=9999-12-31", "after=9999-12-30&before=9999-12-31"])
def test_a_date_at_the_end_of_the_calendar_is_refused_not_a_server_error(client, path, query):
    response = client.get(f"{path}?{query}")
    assert response.status_code in (200, 400)
    if path == "/events/":
        assert "Enter a date between 2000 and 2099." in response.content.decode()


def test_the_events_filter_shows_a_bad_date_next_to_its_field_and_keeps_it(client):
    page = client.get("/events/?after=0001-01-01").content.decode()
    assert "Enter a date between 2000 and 2099." in page
    assert 'value="0001-01-01"' in page


@pytest.mark.parametrize(
    "query", ["after=2026-13-45", "before=abc", "kind=nonsense", "after=1-1-1"]
)
def test_a_calendar_feed_with_a_bad_filter_says_so_instead_of_widening(client, query):
    EventFactory(title="Anything", starts_at=timezone.now() + datetime.timedelta(days=3))
    response = client.get(f"/events/calendar.ics?{query}")
    assert response.status_code == 400
    assert b"BEGIN:VCALENDAR" not in response.content


def test_the_calendar_feed_still_answers_good_filters(client):
    response = client.get("/events/calendar.ics?after=2030-01-01&kind=meetup")
    assert response.status_code == 200
    assert response.content.startswith(b"BEGIN:VCALENDAR")


def test_an_event_calendar_carries_pasted_control_characters_safely(client):
    organiser = factories.OrganisationFactory(name="Org\r\nX-ORG:1")
    event = EventFactory(
        title=PASTED[:150], summary=PASTED, venue=PASTED, organiser=organiser, state_note=PASTED
    )
    for path in (f"/events/{event.slug}.ics", "/events/calendar.ics"):
        response = client.get(path)
        assert response.status_code == 200, path
        body = response.content.decode()
        assert "\x0b" not in body
        # Every line is a property or a folded continuation: nothing was injected.
        assert not any(line.startswith(("X-INJECTED", "X-ORG")) for line in body.splitlines())


def test_the_progress_feed_carries_pasted_control_characters_safely(client):
    action = ActionFactory(title="Skills\x0b map")
    ProgressUpdateFactory(action=action, title=PASTED[:150], body=PASTED)
    response = client.get("/strategy/feed/")
    assert response.status_code == 200
    assert b"\x0b" not in response.content
    assert "Łódź 🚀 meetup".encode() in response.content


def _event_data(organiser, **changes):
    day = timezone.localdate() + datetime.timedelta(days=20)
    data = {
        "title": "Tyne JS",
        "organiser_slug": organiser.slug,
        "kind": "meetup",
        "theme": "profile",
        "summary": "JavaScript talks.",
        "date": day.isoformat(),
        "start_time": "18:00",
        "end_time": "20:00",
        "venue": "The Core",
        "is_free": "on",
        "contact_name": "Jo",
        "contact_email": "jo@example.com",
    }
    return {**data, **changes}


def test_the_event_form_accepts_a_good_submission(client, settings):
    settings.RATELIMIT_ENABLED = False
    organiser = factories.OrganisationFactory()
    response = client.post("/events/add/", _event_data(organiser))
    assert response.status_code == 302
    assert Event.objects.filter(title="Tyne JS").exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", "Tyne JS\r\nX-INJECTED:1"),
        ("summary", "Tal\x0bks"),
        ("venue", "The Core\r\nBEGIN:VEVENT"),
        ("contact_name", "Jo\r\nBcc: someone@example.com"),
        ("description", "Line one\x1bthe escape"),
    ],
)
def test_the_event_form_refuses_control_characters_next_to_the_field(
    client, settings, field, value
):
    settings.RATELIMIT_ENABLED = False
    organiser = factories.OrganisationFactory()
    response = client.post("/events/add/", _event_data(organiser, **{field: value}))
    assert response.status_code == 200
    form = response.context["form"]
    assert "control characters" in str(form.errors[field])
    assert f'id="id_{field}-error"' in response.content.decode() or form.errors[field]
    assert not Event.objects.exists()


def test_the_progress_report_form_refuses_a_line_break_in_the_title(client, settings):
    settings.RATELIMIT_ENABLED = False
    action = ActionFactory()
    response = client.post(
        f"/strategy/actions/{action.slug}/report/",
        {
            "organisation": action.lead.pk,
            "title": "Bootcamp\r\nfinished",
            "happened_on": "2026-01-10",
            "body": "Forty people.",
            "contact_name": "Jo",
            "contact_email": "jo@example.com",
        },
    )
    assert response.status_code == 200
    assert "title" in response.context["form"].errors
    assert not UpdateProposal.objects.exists()


def test_the_investment_enquiry_refuses_control_characters(client, settings):
    settings.RATELIMIT_ENABLED = False
    response = client.post(
        "/invest/enquiry/",
        {
            "interest": InvestmentEnquiry.Interest.LOCATE,
            "organisation_name": "Acme\r\nGmbH",
            "country": "Germany",
            "message": "A site\x07 for 40.",
            "contact_name": "Jo",
            "contact_email": "jo@example.com",
            "consent": "on",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"organisation_name", "message"} <= set(errors)
    assert not InvestmentEnquiry.objects.exists()


def test_the_programme_change_form_refuses_control_characters(client, settings):
    settings.RATELIMIT_ENABLED = False
    programme = ProgrammeFactory()
    response = client.post(
        f"/programmes/{programme.slug}/propose-a-change/",
        {
            "summary": "New\r\nsummary",
            "description": "Fine.",
            "cost": "free",
            "url": "https://example.org/p",
            "contact_name": "Jo",
            "contact_email": "jo@example.com",
        },
    )
    assert response.status_code == 200
    assert "summary" in response.context["form"].errors
    assert not ProgrammeChange.objects.exists()


def test_the_report_form_names_only_listed_organisations(client):
    from apps.core.moderation.models import Status

    pending = factories.OrganisationFactory(name="Not Yet Listed Ltd", status=Status.PENDING)
    action = ActionFactory(partners=[pending])
    page = client.get(f"/strategy/actions/{action.slug}/report/").content.decode()
    assert action.lead.name in page
    assert "Not Yet Listed Ltd" not in page


def _change_data(email):
    return {
        "summary": "A new summary.",
        "description": "Fine.",
        "cost": "free",
        "url": "https://example.org/p",
        "contact_name": "Jo",
        "contact_email": email,
    }


def test_proposed_programme_changes_are_rate_limited_and_kept_as_typed(client):
    programme = ProgrammeFactory()
    path = f"/programmes/{programme.slug}/propose-a-change/"
    for _ in range(5):
        assert client.post(path, _change_data("jo@example.com")).status_code == 302
    # Over the per-address limit: refused as typed, nothing written, nothing emailed.
    response = client.post(path, _change_data("jo@example.com"))
    assert response.status_code == 429
    assert "Retry-After" in response
    assert 'value="jo@example.com"' in response.content.decode()
    assert ProgrammeChange.objects.count() == 5
    for n in range(5):
        assert client.post(path, _change_data(f"p{n}@example.com")).status_code == 302
    # Over the per-connection limit as well.
    assert client.post(path, _change_data("another@example.com")).status_code == 429
    assert ProgrammeChange.objects.count() == 10


# Emailed links for events, programme changes and progress reports ----------------------


def _submit(client, kind, on_commit, n=1):
    """Send one `kind` of submission through its public form as a visitor would; return
    the model row and the emailed confirmation link's path."""
    from django.core import mail

    from tests.helpers import last_link

    mail.outbox.clear()
    email = f"{kind}-{n}@example.com"
    if kind == "event":
        organiser = factories.OrganisationFactory()
        data, path, model = _event_data(organiser, contact_email=email), "/events/add/", Event
    elif kind == "change":
        programme = ProgrammeFactory()
        data, model = _change_data(email), ProgrammeChange
        path = f"/programmes/{programme.slug}/propose-a-change/"
    else:
        action = ActionFactory()
        path, model = f"/strategy/actions/{action.slug}/report/", UpdateProposal
        data = {
            "organisation": action.lead.pk,
            "title": "Bootcamp finished",
            "happened_on": "2026-01-10",
            "body": "Forty people.",
            "contact_name": "Jo",
            "contact_email": email,
        }
    with on_commit(execute=True):
        assert client.post(path, data).status_code == 302
    return model.objects.get(contact_email=email), last_link(email)


KINDS = ["event", "change", "proposal"]


@pytest.mark.parametrize("kind", KINDS)
def test_a_confirmation_link_works_once_and_only_for_its_own_item(
    client, kind, django_capture_on_commit_callbacks
):
    from django.test import Client

    from apps.core.moderation.models import Status

    first, link = _submit(client, kind, django_capture_on_commit_callbacks)
    second, _ = _submit(client, kind, django_capture_on_commit_callbacks, n=2)
    browser = Client()
    # Opened: the item moves to review, and the browser sees its status page only.
    response = browser.get(link)
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == Status.PENDING
    assert browser.get(f"/status/{first.reference}/").status_code == 200
    assert browser.get(f"/status/{second.reference}/").status_code == 403
    second.refresh_from_db()
    assert second.status == Status.UNCONFIRMED
    # Opened again in the same browser (a double click): nothing more happens.
    assert browser.get(link).status_code == 302
    first.refresh_from_db()
    assert first.status == Status.PENDING
    # Opened in another browser: used up.
    response = Client().get(link)
    assert response.status_code == 400
    assert b"already been used" in response.content


@pytest.mark.parametrize("kind", KINDS)
def test_forged_expired_and_withdrawn_links_change_nothing(
    client, kind, django_capture_on_commit_callbacks
):
    from django.test import Client

    from apps.core.moderation.models import EmailLink, Status

    item, link = _submit(client, kind, django_capture_on_commit_callbacks)
    forged = link[:-4] + ("AAAA" if not link.endswith("AAAA") else "BBBB")
    assert Client().get(forged).status_code == 400
    assert Client().get(link.split("?")[0] + "?t=").status_code == 400
    EmailLink.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    response = Client().get(link)
    assert response.status_code == 400
    assert b"expired" in response.content
    item.refresh_from_db()
    assert item.status == Status.UNCONFIRMED
    # Staff withdrew it meanwhile: a fresh link (from /manage/ or a resend) cannot bring
    # it back into the queue.
    EmailLink.objects.update(expires_at=timezone.now() + datetime.timedelta(days=1))
    type(item).objects.filter(pk=item.pk).update(status=Status.ARCHIVED)
    assert Client().get(link).status_code == 302
    item.refresh_from_db()
    assert item.status == Status.ARCHIVED


def test_the_events_page_links_a_calendar_feed_that_works(client):
    # The feed refuses a bad filter, so the page links the feed of its valid filters.
    page = client.get("/events/?after=abc&kind=meetup&page=2&when=").content.decode()
    assert 'href="/events/calendar.ics?kind=meetup"' in page
    assert "after=abc" not in page.split("calendar.ics", 1)[1].split('"', 1)[0]
    assert client.get("/events/calendar.ics?kind=meetup").status_code == 200
    page = client.get("/events/?before=9999-12-31").content.decode()
    assert 'href="/events/calendar.ics"' in page


@pytest.mark.parametrize(
    ("path", "query", "field"),
    [
        ("/events/", "after=2026-13-45", "id_after"),
        ("/events/", "before=9999-12-31", "id_before"),
        ("/programmes/", "kind=nonsense", "id_kind"),
        ("/strategy/actions/", "status=nonsense", "id_status"),
    ],
)
def test_a_filter_error_is_linked_from_the_summary_to_its_field(client, path, query, field):
    page = client.get(f"{path}?{query}").content.decode()
    summary = page.split('class="error-summary', 1)[1].split("</div>", 1)[0]
    assert f'href="#{field}"' in summary
    assert f'id="{field}"' in page


@pytest.mark.parametrize("path", ["/events/", "/programmes/", "/strategy/actions/"])
def test_list_cards_sit_under_the_result_count_heading_not_the_sidebar(client, path):
    # The sidebar's headings come first in the page; without a heading of their own the
    # cards' h3s would read as part of "Subscribe" or "Filter ...".
    import re

    EventFactory(starts_at=timezone.now() + datetime.timedelta(days=2))
    ProgrammeFactory()
    ActionFactory()
    page = client.get(path).content.decode()
    headings = re.findall(r"<h([1-6])[^>]*>(.*?)</h\1>", page, re.DOTALL)
    first_card = next(i for i, (level, _) in enumerate(headings) if level == "3")
    parent = next(text for level, text in reversed(headings[:first_card]) if level == "2")
    assert re.fullmatch(r"\d+ (event|programme|action)s?", parent.strip())
    # The count is announced when it changes: its heading sits in a status region (a
    # status role may not sit inside a heading).
    assert f'<div role="status"><h2 class="result-count heading-s">{parent}</h2></div>' in page


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"date": "9999-12-31"}, "date", "within the next two years"),
        ({"end_date": "9999-12-31"}, "end_date", "31 days at most"),
    ],
)
def test_an_event_cannot_sit_on_the_listings_for_ever(client, settings, changes, field, message):
    settings.RATELIMIT_ENABLED = False
    response = client.post("/events/add/", _event_data(factories.OrganisationFactory(), **changes))
    assert response.status_code == 200
    assert message in str(response.context["form"].errors[field])
    assert changes[field] in response.content.decode()  # kept as typed
    assert not Event.objects.exists()


def test_a_month_long_event_is_still_accepted(client, settings):
    settings.RATELIMIT_ENABLED = False
    organiser = factories.OrganisationFactory()
    data = _event_data(organiser)
    last = datetime.date.fromisoformat(data["date"]) + datetime.timedelta(days=30)
    response = client.post("/events/add/", {**data, "end_date": last.isoformat()})
    assert response.status_code == 302


def test_the_sector_profile_pdf_survives_text_outside_latin_1(client):
    from apps.profile.models import Story
    from tests.profile.factories import StoryFactory

    factories.OrganisationFactory(slug="campus-north", summary=PASTED, name="Łódź 中文 🚀 Hub")
    StoryFactory(
        title="中文 case\x0bstudy 🚀",
        summary=PASTED,
        kind=Story.Kind.CASE_STUDY,
        published_at=timezone.now() - datetime.timedelta(days=1),
    )
    response = client.get("/invest/sector-profile.pdf")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
