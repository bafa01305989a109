import django_filters

from apps.core.web.forms import FilterForm
from apps.profile.models import Organisation
from apps.strategy.models import Action, Indicator, Observation, Strand, Theme


class ActionFilter(django_filters.FilterSet):
    """Filters for /strategy/actions/. Values that do not validate are dropped."""

    theme = django_filters.ChoiceFilter(
        label="Theme", field_name="strand__theme", choices=Theme.choices, empty_label="Any theme"
    )
    strand = django_filters.ModelChoiceFilter(
        label="Strand",
        queryset=Strand.objects.all(),
        to_field_name="slug",
        empty_label="Any strand",
    )
    status = django_filters.ChoiceFilter(
        label="Status", choices=Action.Status.choices, empty_label="Any status"
    )
    lead = django_filters.ModelChoiceFilter(
        label="Lead organisation",
        queryset=Organisation.objects.published()
        .filter(led_actions__is_published=True)
        .distinct()
        .order_by("name"),
        to_field_name="slug",
        empty_label="Any organisation",
    )

    class Meta:
        model = Action
        fields = []
        form = FilterForm


class ObservationFilter(django_filters.FilterSet):
    """The open data's indicator observations, one indicator at a time."""

    indicator = django_filters.ModelChoiceFilter(
        label="Indicator",
        queryset=Indicator.objects.published(),
        to_field_name="slug",
        empty_label="Every indicator",
    )

    class Meta:
        model = Observation
        fields = []
        form = FilterForm
