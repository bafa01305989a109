import django_filters
from django import forms

from apps.core.models import Area
from apps.core.web.forms import FilterForm
from apps.profile.models import Organisation, Sector, Story


class OrganisationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Search",
        method="filter_search",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    role = django_filters.ChoiceFilter(
        label="Show",
        choices=[
            (Organisation.Role.TECH, "Tech businesses"),
            (Organisation.Role.LANDLORD, "Landlords"),
            (Organisation.Role.SUPPORT, "Support organisations"),
            (Organisation.Role.EDUCATION, "Universities, colleges and training"),
            (Organisation.Role.PUBLIC_BODY, "Public bodies"),
            (Organisation.Role.INVESTOR, "Investors"),
        ],
        empty_label="Every kind of organisation",
    )
    sector = django_filters.ModelChoiceFilter(
        field_name="sectors",
        queryset=Sector.objects.all(),
        to_field_name="slug",
        empty_label="Any sector",
        method="filter_sector",
    )
    area = django_filters.ModelChoiceFilter(
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
        form = FilterForm

    def filter_search(self, queryset, name, value):
        value = value.strip()[:200]
        # The sort of a ranked search reads every match, so counting them there is
        # nearly free: the page needs no COUNT query.
        return queryset.search(value).with_match_count() if value else queryset

    def filter_sector(self, queryset, name, value):
        return queryset.in_sector(value) if value else queryset

    def filter_hiring(self, queryset, name, value):
        return queryset.filter(hiring_now=True) if value else queryset


class StoryFilter(django_filters.FilterSet):
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
