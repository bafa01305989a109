import django_filters
from django import forms

from apps.core.choices import read_options
from apps.core.filters import PortalFilterSet
from apps.core.forms import FilterForm
from apps.core.models import Area
from apps.people.models import Course, Skill, SkillCategory, SurveyRound
from apps.profile.models import Organisation, Sector


class CourseFilter(PortalFilterSet):
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
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    starts_before = django_filters.DateFilter(
        field_name="next_start",
        lookup_expr="lte",
        label="Starts on or before",
        widget=forms.DateInput(attrs={"type": "date"}),
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

    round = forms.ModelChoiceField(
        queryset=SurveyRound.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=None,
        label="Survey round",
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
        # Set per request: which rounds have started depends on today's date. Read once
        # (the page's current and previous rounds come from them too) and given to the
        # field as its options; its queryset only validates a chosen round.
        field = self.fields["round"]
        field.queryset = SurveyRound.objects.started()
        # Read on the field itself, so a chosen round is found among these rows too.
        self.rounds = list(field.queryset)
        field.choices = [(r.slug, field.label_from_instance(r)) for r in self.rounds]
        # The other lists' options in one query, not one each.
        read_options(self, {"area": "name", "sector": "name", "category": "name"})

    def values(self):
        """(round or None, filters, category or None), dropping whatever did not validate."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        filters = {name: data.get(name) for name in ("area", "size", "sector")}
        return data.get("round"), filters, data.get("category")
