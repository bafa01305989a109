import django_filters
from django import forms

from apps.core.models import Area
from apps.core.web.forms import FilterForm, date_input
from apps.people.models import Course, Skill, SkillCategory, SurveyRound
from apps.profile.models import Organisation, Sector


class CourseFilter(django_filters.FilterSet):
    skill = django_filters.ModelChoiceFilter(
        field_name="skills",
        queryset=Skill.objects.active(),
        to_field_name="slug",
        empty_label="Any skill",
    )
    level = django_filters.ChoiceFilter(choices=Course.Level.choices, empty_label="Any level")
    mode = django_filters.ChoiceFilter(
        choices=Course.Mode.choices, empty_label="In person or online"
    )
    cost = django_filters.ChoiceFilter(
        label="Cost",
        choices=[("free", "Free"), ("paid", "Paid")],
        empty_label="Free or paid",
        method="filter_cost",
    )
    starts_after = django_filters.DateFilter(
        field_name="next_start",
        lookup_expr="gte",
        label="Starts on or after",
        widget=date_input(),
    )
    starts_before = django_filters.DateFilter(
        field_name="next_start",
        lookup_expr="lte",
        label="Starts on or before",
        widget=date_input(),
    )

    class Meta:
        model = Course
        fields = []
        form = FilterForm

    def filter_cost(self, queryset, name, value):
        if value == "free":
            return queryset.filter(cost=0)
        if value == "paid":
            return queryset.filter(cost__gt=0)
        return queryset


class SkillsMapFilterForm(FilterForm):
    """The skills map's round and filters. Unknown values are ignored, not errors."""

    # The started rounds' slugs: set per form, as which rounds have started depends on
    # today's date. values() gives the chosen round from the rounds already read.
    round = forms.ChoiceField(
        choices=[],
        required=False,
        label="Survey round",
        error_messages={
            "invalid_choice": forms.ModelChoiceField.default_error_messages["invalid_choice"]
        },
    )
    area = forms.ModelChoiceField(
        queryset=Area.objects.all(), to_field_name="slug", required=False, empty_label="Any area"
    )
    size = forms.ChoiceField(
        label="Organisation size",
        choices=[("", "Any size"), *Organisation.EmployeeBand.choices],
        required=False,
    )
    sector = forms.ModelChoiceField(
        queryset=Sector.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="Any sector",
    )
    # Not a filter of the figures: which category's skills the page lists one by one.
    category = forms.ModelChoiceField(
        queryset=SkillCategory.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="All categories",
        label="Skill category",
        help_text="Choose one to see each of its skills.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read once: the round's options, the chosen round and the page's current and
        # previous rounds all come from these rows.
        self.rounds = list(SurveyRound.objects.started())
        self.fields["round"].choices = [(r.slug, str(r)) for r in self.rounds]

    def values(self):
        """(round or None, filters, category or None), dropping whatever did not validate."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        filters = {name: data.get(name) for name in ("area", "size", "sector")}
        slug = data.get("round")
        survey_round = next((r for r in self.rounds if r.slug == slug), None) if slug else None
        return survey_round, filters, data.get("category")
