import django_filters
from django import forms

from apps.core.web.forms import FilterForm
from apps.funding.models import Opportunity, Stage


class OpportunityFilter(django_filters.FilterSet):
    """Filters for /funding/. Values that do not validate are dropped, never raised."""

    kind = django_filters.ChoiceFilter(
        label="Type of funding", choices=Opportunity.Kind.choices, empty_label="Any type"
    )
    stage = django_filters.ChoiceFilter(
        label="Business stage",
        choices=Stage.choices,
        empty_label="Any stage",
        method="filter_stage",
    )
    amount = django_filters.NumberFilter(
        label="Amount needed (£)",
        method="filter_amount",
        min_value=0,
        max_value=1_000_000_000,
        decimal_places=0,
        help_text="Shows opportunities whose range includes this amount.",
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    open_now = django_filters.BooleanFilter(
        label="Open for applications now",
        method="filter_open_now",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Opportunity
        fields = []
        form = FilterForm

    def __init__(self, *args, today, **kwargs):
        self.today = today
        super().__init__(*args, **kwargs)

    def filter_stage(self, queryset, name, value):
        return queryset.for_stage(value)

    def filter_amount(self, queryset, name, value):
        return queryset.for_amount(int(value))

    def filter_open_now(self, queryset, name, value):
        return queryset.open_now(self.today) if value else queryset
