import django_filters
from django import forms

from apps.core.models import Area
from apps.core.web.forms import FilterForm, date_input
from apps.place.models import Amenity, Space

SORTS = {
    "newest": ("-created_at", "pk"),
    "price": ("monthly_price_per_desk", "pk"),
    "price_desc": ("-monthly_price_per_desk", "pk"),
    "size": ("size_sqft", "pk"),
    "size_desc": ("-size_sqft", "pk"),
}


class SpaceFilter(django_filters.FilterSet):
    """Search filters for /spaces/. An invalid value is ignored and reported, never a 500."""

    # Areas and amenities are chosen by slug. Model choices, not ChoiceFilters: the API's
    # schema lists a ChoiceFilter's choices as an enum, and a ChoiceFilter reads "null"
    # as "no area" where here it is a slug like any other (refused unless one exists).
    area = django_filters.ModelChoiceFilter(
        field_name="building__area",
        queryset=Area.objects.all(),
        to_field_name="slug",
        label="Area",
        empty_label="Any area",
    )
    kind = django_filters.ChoiceFilter(
        choices=Space.Kind.choices, empty_label="Any kind", label="Kind of space"
    )
    desks = django_filters.NumberFilter(
        label="Fits this many desks",
        method="filter_desks",
        min_value=1,
        max_value=5000,
        decimal_places=0,  # a whole number of desks (the API's schema: an integer)
        widget=forms.NumberInput(attrs={"min": 1, "inputmode": "numeric"}),
    )
    max_price = django_filters.NumberFilter(
        field_name="monthly_price_per_desk",
        lookup_expr="lte",
        label="Most per desk per month (£)",
        min_value=0,
        max_value=1_000_000,
        widget=forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}),
    )
    available_by = django_filters.DateFilter(
        field_name="available_from",
        lookup_expr="lte",
        label="Available by",
        widget=date_input(),
    )
    amenities = django_filters.ModelMultipleChoiceFilter(
        # Filtered on by slug: the predicate is this lookup with the option's slug.
        field_name="building__amenities__slug",
        queryset=Amenity.objects.all(),
        to_field_name="slug",
        conjoined=True,
        widget=forms.CheckboxSelectMultiple,
        label="Amenities (all of these)",
    )
    step_free = django_filters.BooleanFilter(
        label="Step-free access",
        widget=forms.CheckboxInput,
        method="filter_step_free",
    )
    sort = django_filters.ChoiceFilter(
        label="Sort by",
        method="filter_sort",
        choices=[
            ("newest", "Newest first"),
            ("price", "Price per desk, lowest first"),
            ("price_desc", "Price per desk, highest first"),
            ("size", "Size, smallest first"),
            ("size_desc", "Size, largest first"),
        ],
        empty_label=None,
    )

    class Meta:
        model = Space
        fields = []
        form = FilterForm

    def filter_desks(self, queryset, name, value):
        return queryset.fitting(int(value)) if value is not None else queryset

    def filter_step_free(self, queryset, name, value):
        return queryset.filter(building__step_free=True) if value else queryset

    def filter_sort(self, queryset, name, value):
        return queryset  # applied last, in `qs`, so it also orders an unfiltered list

    @property
    def qs(self):
        queryset = super().qs
        # cleaned_data holds only the valid filters, so a bad sort falls back to newest.
        sort = self.form.cleaned_data.get("sort") if self.is_bound else None
        return queryset.order_by(*SORTS.get(sort or "newest", SORTS["newest"]))
