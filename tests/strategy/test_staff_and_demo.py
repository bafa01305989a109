"""The staff dashboard's strategy rows, the demo strategy, and the surfaces a draft never
reaches beyond the strategy's own pages."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.core import demodata
from apps.strategy import progress, services
from apps.strategy.models import Action, Indicator, ProgressUpdate, Strand
from tests.strategy.factories import ActionFactory, IndicatorFactory, ProgressUpdateFactory, observe

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def test_the_staff_dashboard_shows_quiet_actions_and_indicators_behind(admin_client):
    today = timezone.localdate()
    quiet = ActionFactory(title="Quiet action")
    ProgressUpdateFactory(action=quiet, happened_on=today - 91 * DAY)
    ProgressUpdateFactory(action=quiet, happened_on=today - 5 * DAY, is_published=False)
    recent = ActionFactory(title="Recent action")
    ProgressUpdateFactory(action=recent, happened_on=today - 10 * DAY)
    done = ActionFactory(title="Done action", status=Action.Status.DONE)
    ProgressUpdateFactory(action=done, happened_on=today - 400 * DAY)
    draft = ActionFactory(title="Draft action", is_published=False)
    ProgressUpdateFactory(action=draft, happened_on=today - 400 * DAY)
    behind = IndicatorFactory(
        name="Employment behind",
        baseline_on=today - 300 * DAY,
        target_on=today + 300 * DAY,
    )
    observe(behind, today - DAY, 101)  # the line reaches about 115 by then
    on_course = IndicatorFactory(
        name="Businesses on course",
        baseline_on=today - 300 * DAY,
        target_on=today + 300 * DAY,
    )
    observe(on_course, today - DAY, 125)
    rows = {row["label"]: row for row in admin_client.get("/admin/").context["attention_rows"]}
    quiet_row = rows["Strategy actions with no update for 90 days"]
    assert quiet_row["count"] == 1
    listed = admin_client.get(quiet_row["url"]).context["cl"].result_list
    assert [action.title for action in listed] == ["Quiet action"]
    behind_row = rows["Strategy indicators behind their trajectory"]
    assert behind_row["count"] == 1
    assert behind_row["note"] == "Employment behind"


def test_the_demo_strategy_covers_every_strand_over_three_years_with_a_mix_of_readings():
    demodata.load()
    today = timezone.localdate()
    strands = Strand.objects.all()
    assert strands.count() == 7
    for strand in strands:
        assert Action.objects.published().filter(strand=strand).exists(), strand.name
    days = ProgressUpdate.objects.published().values_list("happened_on", flat=True)
    assert min(days) <= today - 2 * 365 * DAY  # history across three years
    employment = Indicator.objects.get(slug="tech-sector-employment")
    assert "Auxin" in employment.baseline_source
    assert employment.target_value == employment.baseline_value * Decimal("1.3")
    assert (employment.target_on - employment.baseline_on).days == pytest.approx(3 * 365, abs=200)

    def readings():
        return {
            i.slug: progress.reading(i, i.observations.all(), today).state
            for i in Indicator.objects.for_listing()
        }

    # A mix, both as loaded and after today's snapshot from the portal's own data.
    for states in [readings(), (services.indicators_snapshot(today=today), readings())[1]]:
        assert "on_course" in states.values() and "behind" in states.values(), states
    desks_let = Indicator.objects.get(slug="desks-let-through-the-portal")
    assert desks_let.observations.get(observed_on=today).value == 8 + 4 + 18  # three let spaces
    assert desks_let.observations.count() >= 3  # with history


def test_drafts_never_reach_the_invest_page_dashboard_catalogue_or_indicator_json(client):
    secret = "Zanzibar-draft"
    hidden = IndicatorFactory(name=f"{secret} indicator", is_published=False, position=0)
    observe(hidden, datetime.date(2025, 1, 1), 7)
    IndicatorFactory(name="Employment", position=1)
    action = ActionFactory(title=f"{secret} action", is_published=False)
    ProgressUpdateFactory(action=action, title=f"{secret} update")
    for path in ["/invest/", "/ecosystem/", "/data/", "/data/catalog.jsonld", "/", "/strategy/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert secret.encode() not in response.content, path
        assert hidden.slug.encode() not in response.content, path
    assert client.get(f"/strategy/indicators/{hidden.slug}.json").status_code == 404
