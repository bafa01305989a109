"""Whether an indicator is on course, and the numbers its chart is drawn from.

Both are plain calculations on an indicator and its observations, so they are tested on
hand-built series (tests/strategy/test_progress.py). The chart's markup is a template
(strategy/includes/chart.html); this module only places the points.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.dateformat import format as format_date
from django.utils.formats import number_format


def _day(day, fmt="j F Y"):
    return format_date(day, fmt)


@dataclass(frozen=True)
class Reading:
    state: str  # on_course, behind, met, missed or no_data
    label: str
    explanation: str


def _fmt(value, unit):
    """1,234 people; £2,500,000; 12.5 %."""
    places = 0 if value == value.to_integral() else 2
    shown = number_format(value, places, force_grouping=True)
    if unit == "£":
        return f"£{shown}"
    return f"{shown} {unit}".strip()


def _ahead(indicator, value, than):
    if indicator.direction == indicator.Direction.DOWN:
        return value <= than
    return value >= than


def reading(indicator, observations, today):
    """How the indicator stands on `today`, from observations in any order.

    - No observation after the baseline date: not measured yet.
    - The target date has passed: the latest value against the target (met or missed).
    - Otherwise: the latest value against the trajectory, a straight line from the baseline
      to the target, on the latest value's own date (on course or behind).
    """
    since = [o for o in observations if o.observed_on > indicator.baseline_on]
    unit = indicator.unit
    if not since:
        return Reading(
            "no_data",
            "Not measured yet",
            f"There is no measurement since the baseline of "
            f"{_fmt(indicator.baseline_value, unit)} on {_day(indicator.baseline_on)}.",
        )
    latest = max(since, key=lambda o: o.observed_on)
    said = f"The latest value is {_fmt(latest.value, unit)} on {_day(latest.observed_on)}"
    if today > indicator.target_on:
        target = (
            f"the target of {_fmt(indicator.target_value, unit)} for {_day(indicator.target_on)}"
        )
        if _ahead(indicator, latest.value, indicator.target_value):
            return Reading("met", "Target met", f"{said}, which meets {target}.")
        return Reading(
            "missed",
            "Target missed",
            f"{said}. The target date has passed and it falls short of {target}.",
        )
    expected = indicator.expected_on(latest.observed_on).quantize(Decimal("0.01"))
    line = (
        f"a straight line from the baseline ({_fmt(indicator.baseline_value, unit)} on "
        f"{_day(indicator.baseline_on)}) to the target ({_fmt(indicator.target_value, unit)} "
        f"by {_day(indicator.target_on)})"
    )
    if _ahead(indicator, latest.value, expected):
        return Reading(
            "on_course",
            "On course",
            f"{said}. On that date, {line} reaches {_fmt(expected, unit)}, so it is on course.",
        )
    return Reading(
        "behind",
        "Behind",
        f"{said}. On that date, {line} reaches {_fmt(expected, unit)}, so it is behind.",
    )


# The chart's drawing area inside its viewBox, in SVG user units.
WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 70, 20, 20, 40


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str


def _nice_step(span):
    raw = span / 4 if span else Decimal(1)
    magnitude = Decimal(10) ** (len(str(int(raw))) - 1) if raw >= 1 else Decimal("0.1")
    for factor in (1, 2, 5, 10):
        if magnitude * factor >= raw:
            return magnitude * factor
    return magnitude * 10


def chart(indicator, observations):
    """Positions for the baseline, the target, the trajectory and the observations, and
    the axis ticks, scaled into the viewBox."""
    observations = sorted(observations, key=lambda o: o.observed_on)
    values = [indicator.baseline_value, indicator.target_value, *(o.value for o in observations)]
    low, high = min(values), max(values)
    step = _nice_step(high - low)
    low = (low // step) * step
    high = ((high // step) + 1) * step
    start = min([indicator.baseline_on, *(o.observed_on for o in observations)])
    end = max([indicator.target_on, *(o.observed_on for o in observations)])
    days = max((end - start).days, 1)

    def x(day):
        return round(LEFT + (WIDTH - LEFT - RIGHT) * (day - start).days / days, 1)

    def y(value):
        return round(TOP + (HEIGHT - TOP - BOTTOM) * float((high - value) / (high - low)), 1)

    unit = indicator.unit
    baseline = Point(
        x(indicator.baseline_on),
        y(indicator.baseline_value),
        f"Baseline: {_fmt(indicator.baseline_value, unit)}",
    )
    target = Point(
        x(indicator.target_on),
        y(indicator.target_value),
        f"Target: {_fmt(indicator.target_value, unit)}",
    )
    points = [
        Point(
            x(o.observed_on), y(o.value), f"{_day(o.observed_on, 'j M Y')}: {_fmt(o.value, unit)}"
        )
        for o in observations
    ]
    y_ticks = []
    value = low
    while value <= high:
        y_ticks.append(Point(LEFT, y(value), _fmt(value, "£" if unit == "£" else "")))
        value += step
    x_ticks = [
        Point(x(day), HEIGHT - BOTTOM, str(day.year))
        for day in (
            start.replace(year=year, month=1, day=1) for year in range(start.year + 1, end.year + 1)
        )
    ]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "top": TOP,
        "bottom": HEIGHT - BOTTOM,
        "baseline": baseline,
        "target": target,
        "points": points,
        "polyline": " ".join(f"{p.x},{p.y}" for p in points),
        "y_ticks": y_ticks,
        "x_ticks": x_ticks,
    }
