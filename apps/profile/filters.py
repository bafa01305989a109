import django_filters
from django import forms

from apps.core.choices import read_options
from apps.core.filters import PortalFilterSet
from apps.core.forms import FilterForm
from apps.core.models import Area
from apps.profile.models import Organisation, Sector, Story


class OptionsFilter(django_filters.ModelChoiceFilter):
    """A ModelChoiceFilter with Django's own field, whose options read_options() can
    set (django-filter's field wraps whatever it is given in its own iterator)."""

    field_class = forms.ModelChoiceField


class OrganisationFilterForm(FilterForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The sector and area options in one query, not one each. A chosen sector is
        # still read (the filter needs its id); a chosen area is checked the same way.
        read_options(self, {"sector": "name", "area": "name"})


class OrganisationFilter(PortalFilterSet):
    q = django_filters.CharFilter(
        label="Search",
        method="filter_search",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    sector = OptionsFilter(
        field_name="sectors",
        queryset=Sector.objects.all(),
        to_field_name="slug",
        empty_label="Any sector",
        method="filter_sector",
    )
    area = OptionsFilter(
        queryset=Area.objects.all(),
        to_field_name="slug",
        empty_label="Any area",
    )
    size = django_filters.ChoiceFilter(
        field_name="employee_band",
        label="Size",
        choices=Organisation.EmployeeBand.choices,
        empty_label="Any size",
    )
    kind = django_filters.ChoiceFilter(
        choices=Organisation.Kind.choices,
        empty_label="Any kind",
    )
    hiring = django_filters.BooleanFilter(
        field_name="hiring_now",
        label="Hiring now",
        widget=forms.CheckboxInput,
        method="filter_hiring",
    )

    class Meta:
        model = Organisation
        fields = []
        form = OrganisationFilterForm

    def filter_search(self, queryset, name, value):
        value = value.strip()[:200]
        # The sort of a ranked search reads every match, so counting them there is
        # nearly free: the page needs no COUNT query.
        return queryset.search(value).with_match_count() if value else queryset

    def filter_sector(self, queryset, name, value):
        return queryset.in_sector(value) if value else queryset

    def filter_hiring(self, queryset, name, value):
        return queryset.filter(hiring_now=True) if value else queryset


class StoryFilter(PortalFilterSet):
    kind = django_filters.ChoiceFilter(
        label="Type", choices=Story.Kind.choices, empty_label="Any type"
    )
    theme = django_filters.ChoiceFilter(
        label="Theme", choices=Story.Theme.choices, empty_label="Any theme"
    )

    class Meta:
        model = Story
        fields = []
        form = FilterForm
