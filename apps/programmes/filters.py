import django_filters
from django import forms

from apps.core.web.forms import FilterForm
from apps.profile.models import Sector
from apps.programmes.models import Programme, Stage


class ProgrammeFilter(django_filters.FilterSet):
    """Filters for /programmes/. Values that do not validate are dropped, never raised."""

    kind = django_filters.ChoiceFilter(
        label="Type of programme", choices=Programme.Kind.choices, empty_label="Any type"
    )
    stage = django_filters.ChoiceFilter(
        label="Business stage",
        choices=Stage.choices,
        empty_label="Any stage",
        method="filter_stage",
    )
    sector = django_filters.ModelChoiceFilter(
        label="Sector",
        queryset=Sector.objects.order_by("name"),
        to_field_name="slug",
        empty_label="Any sector",
        method="filter_sector",
    )
    cost = django_filters.ChoiceFilter(
        label="Cost", choices=Programme.Cost.choices, empty_label="Any cost"
    )
    open_now = django_filters.BooleanFilter(
        label="Open for applications now",
        method="filter_open_now",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Programme
        fields = []
        form = FilterForm

    def __init__(self, *args, today, **kwargs):
        self.today = today
        super().__init__(*args, **kwargs)

    def filter_stage(self, queryset, name, value):
        return queryset.for_stage(value)

    def filter_sector(self, queryset, name, value):
        return queryset.for_sector(value)

    def filter_open_now(self, queryset, name, value):
        return queryset.open_now(self.today) if value else queryset
