import django_filters
from django import forms

from apps.core.models import Area
from apps.core.web.forms import FilterForm
from apps.profile.models import Organisation, Sector


class IndustryBusinessFilter(django_filters.FilterSet):
    """Filters for the businesses on an industry's page. Values that do not validate are
    dropped, never raised."""

    area = django_filters.ModelChoiceFilter(
        label="Area",
        queryset=Area.objects.order_by("name"),
        to_field_name="slug",
        empty_label="Any area",
    )
    sector = django_filters.ModelChoiceFilter(
        label="Tech sector",
        queryset=Sector.objects.order_by("name"),
        to_field_name="slug",
        empty_label="Any sector",
        method="filter_sector",
    )
    with_case = django_filters.BooleanFilter(
        label="With a case from this industry",
        method="filter_with_case",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Organisation
        fields = []
        form = FilterForm

    def filter_sector(self, queryset, name, value):
        return queryset.in_sector(value)

    def filter_with_case(self, queryset, name, value):
        return queryset.exclude(industry_case="") if value else queryset
