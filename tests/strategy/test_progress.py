"""Status and trajectory on hand-built series: apps.strategy.progress."""

import datetime
from decimal import Decimal

import pytest

from apps.strategy import progress
from apps.strategy.models import Indicator, Observation

# Built in memory: these are plain calculations, with no database.
BASELINE_ON = datetime.date(2024, 1, 1)
TARGET_ON = datetime.date(2027, 1, 1)  # 1,096 days later


def indicator(direction="up", baseline=100, target=130):
    return Indicator(
        name="Employment",
        unit="people",
        direction=direction,
        baseline_value=Decimal(baseline),
        baseline_on=BASELINE_ON,
        baseline_source="Mapping study",
        target_value=Decimal(target),
        target_on=TARGET_ON,
    )


def obs(day, value):
    return Observation(observed_on=day, value=Decimal(value), source="ONS")


def test_the_trajectory_is_a_straight_line_from_baseline_to_target_then_flat():
    ind = indicator()
    assert ind.expected_on(BASELINE_ON) == 100
    assert ind.expected_on(TARGET_ON) == 130
    halfway = BASELINE_ON + (TARGET_ON - BASELINE_ON) / 2
    assert ind.expected_on(halfway) == Decimal(115)
    assert ind.expected_on(TARGET_ON + datetime.timedelta(days=400)) == 130
    assert ind.expected_on(BASELINE_ON - datetime.timedelta(days=1)) == 100


def test_no_observation_since_the_baseline_reads_not_measured():
    ind = indicator()
    # One before the baseline does not count as progress.
    result = progress.reading(ind, [obs(datetime.date(2023, 6, 1), 90)], datetime.date(2025, 1, 1))
    assert result.state == "no_data"
    assert "1 January 2024" in result.explanation


def test_on_course_when_the_latest_value_reaches_the_trajectory_on_its_date():
    ind = indicator()
    halfway = datetime.date(2025, 7, 2)  # 548 days: the line is at 115.0
    result = progress.reading(ind, [obs(halfway, 115)], datetime.date(2025, 8, 1))
    assert result.state == "on_course"
    assert "115 people" in result.explanation


def test_behind_when_below_the_trajectory_and_the_latest_value_decides():
    ind = indicator()
    series = [obs(datetime.date(2024, 7, 1), 125), obs(datetime.date(2025, 7, 2), 114)]
    # Given out of order: the latest by date counts, not the last in the list.
    result = progress.reading(ind, list(reversed(series)), datetime.date(2025, 8, 1))
    assert result.state == "behind"
    assert "114 people" in result.explanation and "115 people" in result.explanation


def test_missing_years_use_the_latest_measurement_on_its_own_date():
    ind = indicator()
    # Nothing measured for two years: compared with the line on 2024-03-01, not today.
    result = progress.reading(ind, [obs(datetime.date(2024, 3, 1), 102)], datetime.date(2026, 3, 1))
    assert result.state == "on_course"


def test_target_date_in_the_past_compares_with_the_target_itself():
    ind = indicator()
    after = datetime.date(2027, 2, 1)
    assert progress.reading(ind, [obs(datetime.date(2026, 12, 1), 131)], after).state == "met"
    missed = progress.reading(ind, [obs(datetime.date(2026, 12, 1), 129)], after)
    assert missed.state == "missed"
    assert "130 people" in missed.explanation


def test_lower_is_better_indicators_read_the_other_way():
    ind = indicator(direction="down", baseline=200, target=100)
    halfway = datetime.date(2025, 7, 2)  # the line is at 150
    assert progress.reading(ind, [obs(halfway, 140)], halfway).state == "on_course"
    assert progress.reading(ind, [obs(halfway, 160)], halfway).state == "behind"


def test_chart_places_every_point_inside_the_drawing_area():
    ind = indicator()
    series = [obs(datetime.date(2024, 7, 1), 104), obs(datetime.date(2025, 7, 1), 160)]
    chart = progress.chart(ind, series)
    points = [chart["baseline"], chart["target"], *chart["points"]]
    for point in points:
        assert chart["left"] <= point.x <= chart["right"]
        assert chart["top"] <= point.y <= chart["bottom"]
    # Higher values are drawn higher up (smaller y).
    assert chart["points"][1].y < chart["points"][0].y
    assert [t.label for t in chart["x_ticks"]] == ["2025", "2026", "2027"]
    assert chart["polyline"].count(",") == 2


@pytest.mark.parametrize("values", [[], [Decimal(100)]])
def test_chart_of_a_flat_or_empty_series_does_not_divide_by_zero(values):
    ind = indicator(baseline=100, target=100)
    chart = progress.chart(ind, [obs(datetime.date(2025, 1, 1), v) for v in values])
    assert chart["y_ticks"]
