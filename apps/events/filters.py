import datetime

import django_filters
from django import forms

from apps.core.models import Area
from apps.core.web.forms import FilterForm, date_input
from apps.events.models import LONDON, Event, Theme

# The dates a visitor may filter on: wide enough for any real search, and far enough from
# the calendar's ends that a day added to them stays a date.
EARLIEST = datetime.date(2000, 1, 1)
LATEST = datetime.date(2099, 12, 31)


class EventFilterForm(FilterForm):
    def clean(self):
        cleaned = super().clean()
        for name in ("after", "before"):
            day = cleaned.get(name)
            if day and not EARLIEST <= day <= LATEST:
                self.add_error(name, "Enter a date between 2000 and 2099.")
        if self.errors:
            return cleaned
        after, before = cleaned.get("after"), cleaned.get("before")
        if after and before and before < after:
            self.add_error("before", "The end of the range must be on or after its start.")
        return cleaned


class EventFilter(django_filters.FilterSet):
    """Filters for /events/. The date filters choose the window the page expands
    occurrences in (EventListPage.window); the rest narrow the events."""

    when = django_filters.ChoiceFilter(
        label="When",
        choices=[("week", "In the next 7 days"), ("month", "This month")],
        empty_label="Any time",
        method="keep",
    )
    after = django_filters.DateFilter(
        label="From",
        method="keep",
        widget=date_input({"class": "input-short"}),
    )
    before = django_filters.DateFilter(
        label="To",
        method="keep",
        widget=date_input({"class": "input-short"}),
    )
    kind = django_filters.ChoiceFilter(
        label="Type", choices=Event.Kind.choices, empty_label="Any type"
    )
    theme = django_filters.ChoiceFilter(
        label="Theme", choices=Theme.choices, empty_label="Any theme"
    )
    area = django_filters.ModelChoiceFilter(
        label="Area",
        queryset=Area.objects.order_by("name"),
        to_field_name="slug",
        empty_label="Anywhere",
    )
    free = django_filters.BooleanFilter(
        label="Free only", field_name="is_free", method="only_if_ticked", widget=forms.CheckboxInput
    )
    online = django_filters.BooleanFilter(
        label="Online only",
        field_name="is_online",
        method="only_if_ticked",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Event
        fields = []
        form = EventFilterForm

    def keep(self, queryset, name, value):
        return queryset

    def only_if_ticked(self, queryset, name, value):
        return queryset.filter(**{name: True}) if value else queryset

    def window(self, now):
        """(start, end) datetimes of the occurrences to show, from the valid filters."""
        data = self.form.cleaned_data if self.form.is_valid() else {}
        today = now.date()
        start, end = now, now + datetime.timedelta(days=366)
        if data.get("when") == "week":
            end = now + datetime.timedelta(days=7)
        elif data.get("when") == "month":
            first_next = (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
            end = _midnight(first_next)
        if data.get("after"):
            start = max(start, _midnight(data["after"]))
        if data.get("before"):
            end = _midnight(data["before"] + datetime.timedelta(days=1))
        return start, end


def _midnight(day):
    return datetime.datetime.combine(day, datetime.time(), tzinfo=LONDON)
