"""The page cache moves on for every way events, programmes and the strategy change:
admin saves, inlines, deletes and bulk actions, moderation services, the snapshot command
and emailed links (see tests/perf/test_pagecache.py for the mechanism)."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from apps.core.moderation.models import Status
from apps.strategy.models import Indicator
from tests import factories
from tests.events.factories import EventFactory
from tests.perf.test_pagecache import anonymous, cached
from tests.programmes.factories import ProgrammeChangeFactory, ProgrammeFactory
from tests.strategy.factories import ActionFactory, IndicatorFactory, UpdateProposalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def admin_form_data(response):
    """What the admin change page would post back unchanged: its form and inlines."""
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms.append(inline.formset.management_form)
        forms += list(inline.formset.forms)
    data = {}
    for form in forms:
        for field in form:
            value = field.value()
            if value is None or value is False or value == []:
                continue
            if value is True:
                data[field.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[field.html_name] = [str(v) for v in value]
            else:
                shown = field.field.widget.format_value(value)
                if shown is not None:
                    data[field.html_name] = shown if isinstance(shown, list) else str(shown)
    return data


def test_an_admin_inline_window_puts_a_programme_on_the_list(admin_client, page_cache, committed):
    programme = ProgrammeFactory(title="Tyne Scale-up Sprint", windows=[])
    assert b"Tyne Scale-up Sprint" not in cached("/programmes/").content
    url = reverse("admin:programmes_programme_change", args=[programme.pk])
    data = admin_form_data(admin_client.get(url))
    today = timezone.localdate()
    data.update(
        {
            "windows-TOTAL_FORMS": "1",
            "windows-0-label": "Spring",
            "windows-0-opens_on": str(today),
            "windows-0-closes_on": str(today + datetime.timedelta(days=9)),
        }
    )
    with committed():
        response = admin_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    assert b"Tyne Scale-up Sprint" in anonymous("/programmes/").content


def test_an_admin_save_publishes_an_action(admin_client, page_cache, committed):
    action = ActionFactory(title="Map the talent", is_published=False)
    assert b"Map the talent" not in cached("/strategy/actions/").content
    url = reverse("admin:strategy_action_change", args=[action.pk])
    data = admin_form_data(admin_client.get(url))
    data["is_published"] = "on"
    with committed():
        response = admin_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    assert b"Map the talent" in anonymous("/strategy/actions/").content


def test_an_admin_bulk_delete_takes_events_off(admin_client, page_cache, committed):
    event = EventFactory(
        title="Quayside Hack Night", starts_at=timezone.now() + datetime.timedelta(days=3)
    )
    assert b"Quayside Hack Night" in cached("/events/").content
    assert b"Quayside Hack Night" in cached("/events/calendar.ics").content
    with committed():
        response = admin_client.post(
            reverse("admin:events_event_changelist"),
            {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"},
        )
    assert response.status_code == 302
    assert b"Quayside Hack Night" not in anonymous("/events/").content
    assert b"Quayside Hack Night" not in anonymous("/events/calendar.ics").content


def test_approving_proposals_in_bulk_reaches_the_feed(admin_client, page_cache, committed):
    proposal = UpdateProposalFactory(title="Forty finished the bootcamp", status=Status.PENDING)
    action_page = proposal.action.get_absolute_url()
    assert b"Forty finished the bootcamp" not in cached("/strategy/feed/").content
    assert b"Forty finished the bootcamp" not in cached(action_page).content
    with committed():
        response = admin_client.post(
            reverse("admin:strategy_updateproposal_changelist"),
            {"action": "approve_selected", "_selected_action": [proposal.pk], "confirm": "1"},
        )
    assert response.status_code == 302
    assert b"Forty finished the bootcamp" in anonymous("/strategy/feed/").content
    assert b"Forty finished the bootcamp" in anonymous(action_page).content


def test_approving_a_programme_change_in_bulk_reaches_its_page(admin_client, page_cache, committed):
    change = ProgrammeChangeFactory(summary="Now with a demo day.", status=Status.PENDING)
    page = change.programme.get_absolute_url()
    assert b"Now with a demo day." not in cached(page).content
    with committed():
        admin_client.post(
            reverse("admin:programmes_programmechange_changelist"),
            {"action": "approve_selected", "_selected_action": [change.pk], "confirm": "1"},
        )
    assert b"Now with a demo day." in anonymous(page).content


def test_the_indicator_snapshot_command_reaches_the_indicator_page(db, page_cache, committed):
    factories.OrganisationFactory()
    indicator = IndicatorFactory(
        name="Tech businesses", computed_from=Indicator.Source.TECH_BUSINESSES
    )
    page = f"/strategy/indicators/{indicator.slug}/"
    download = f"/strategy/indicators/{indicator.slug}.csv"
    before = cached(download).content
    cached(page)
    with committed():
        call_command("snapshot_indicators")
    assert anonymous(download).content != before
    assert anonymous(page)["X-Page-Cache"] == "miss"
