from django import forms
from django.contrib.postgres.search import TrigramSimilarity
from django.core.exceptions import ValidationError

from apps.core.web.forms import PublicForm
from apps.people.models import Skill, SurveyResponse
from apps.profile.forms import OrganisationForm
from apps.profile.models import Organisation

MAX_LINES = 60
COUNT_ERRORS = {
    "required": "Enter a number, or 0.",
    "invalid": "Enter a whole number, like 4.",
    "min_value": "Enter 0 or more.",
    "max_value": "Enter %(limit_value)s or fewer.",
}
DIFFICULTY_CHOICES = [
    ("", "Choose"),
    (1, "1: easy"),
    (2, "2: fairly easy"),
    (3, "3: moderate"),
    (4, "4: hard"),
    (5, "5: very hard"),
]


def grouped_skill_choices():
    """Skill choices grouped by category, built once per request and shared by every row."""
    groups = {}
    for pk, name, category in Skill.objects.for_map().values_list("pk", "name", "category__name"):
        groups.setdefault(category, []).append((pk, name))
    return [("", "Choose a skill"), *groups.items()]


class SkillLineForm(forms.Form):
    skill = forms.ModelChoiceField(
        queryset=Skill.objects.active(),
        label="Skill",
        error_messages={
            "required": "Choose a skill.",
            "invalid_choice": "Choose a skill from the list.",
        },
    )
    staff = forms.IntegerField(
        label="Staff with this skill now",
        min_value=0,
        max_value=100000,
        error_messages=COUNT_ERRORS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "input-short"}),
    )
    vacancies = forms.IntegerField(
        label="Vacancies in the next 12 months",
        min_value=0,
        max_value=100000,
        error_messages=COUNT_ERRORS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "input-short"}),
    )
    difficulty = forms.TypedChoiceField(
        label="How hard to recruit",
        choices=DIFFICULTY_CHOICES,
        coerce=int,
        error_messages={
            "required": "Choose how hard it is to recruit, from 1 (easy) to 5 (very hard).",
            "invalid_choice": "Choose how hard it is to recruit, from 1 (easy) to 5 (very hard).",
        },
    )
    training_need = forms.BooleanField(label="We need training in this skill", required=False)

    def __init__(self, *args, skill_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        if skill_choices is not None:
            self.fields["skill"].choices = skill_choices


class BaseSkillLineFormSet(forms.BaseFormSet):
    default_error_messages = {
        "missing_management_form": "Something went wrong with the list of skills. "
        "Please enter your skills again.",
        "too_few_forms": "Add at least one skill.",
        "too_many_forms": f"Add no more than {MAX_LINES} skills.",
    }

    def __init__(self, *args, rows=None, **kwargs):
        # rows: the values sent for every row, shown again after "add another skill" as
        # new (unbound) rows holding them.
        self.rows = rows
        super().__init__(*args, **kwargs)

    def total_form_count(self):
        if self.rows is not None and not self.is_bound:
            return len(self.rows)
        return super().total_form_count()

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        if self.rows is not None and index is not None:
            kwargs["initial"] = self.rows[index]
        return kwargs

    def non_form_errors(self):
        if self.is_bound and not self.management_form.is_valid():
            # Django replaces this error with "too few" when the rows also fail min_num;
            # the tampered list is the real problem, so say only that.
            return self.error_class(
                [self.error_messages["missing_management_form"]],
                error_class="nonform",
                renderer=self.renderer,
            )
        return super().non_form_errors()

    def clean(self):
        seen = {}
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or not form.has_changed():
                continue
            skill = form.cleaned_data.get("skill")
            if skill is None:
                continue
            if skill.pk in seen:
                form.add_error("skill", f"You have already added {skill}. Enter each skill once.")
                raise ValidationError(f"You entered {skill} more than once. Enter each skill once.")
            seen[skill.pk] = form

    def lines(self):
        return [
            dict(form.cleaned_data)
            for form in self.forms
            if form.has_changed() and form.cleaned_data
        ]


SkillLineFormSet = forms.formset_factory(
    SkillLineForm,
    formset=BaseSkillLineFormSet,
    extra=2,
    min_num=1,
    validate_min=True,
    max_num=MAX_LINES,
    validate_max=True,
    absolute_max=MAX_LINES,
)


class SurveyForm(PublicForm):
    EXISTING, NEW = "existing", "new"
    # The typed name belongs to "Yes, it is listed"; the new-business details (a form of
    # their own) to "No", and the view checks them only then.
    conditional_fields = {"who": {EXISTING: ("organisation",)}}

    round = forms.CharField(widget=forms.HiddenInput)
    who = forms.ChoiceField(
        label="Is your business in our business directory?",
        choices=[(EXISTING, "Yes, it is listed"), (NEW, "No, add it with the details below")],
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether your business is in the directory."},
    )
    # A typed name, not a select: a list of every listed business would be thousands of
    # options (half a megabyte of page at city scale) that nobody can scan.
    organisation = forms.CharField(
        required=False,
        max_length=200,
        label="Your business’s name",
        help_text="As it appears in the business directory.",
        widget=forms.TextInput(attrs={"autocomplete": "organization", "spellcheck": "false"}),
    )
    headcount_change = forms.IntegerField(
        label="How many more people do you expect to employ in 12 months’ time?",
        help_text="Use a minus sign if you expect fewer, for example -3. Enter 0 for no change.",
        min_value=-100000,
        max_value=100000,
        error_messages={**COUNT_ERRORS, "min_value": "Enter -100000 or more."},
        widget=forms.NumberInput(attrs={"class": "input-short"}),
    )
    turned_away_work = forms.ChoiceField(
        label="In the last 12 months, have you turned work away because you lacked the skills?",
        choices=SurveyResponse.TurnedAway.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether you have turned work away."},
    )
    apprentices = forms.IntegerField(
        label="How many apprentices do you employ now?",
        min_value=0,
        max_value=100000,
        error_messages=COUNT_ERRORS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "input-short"}),
    )
    contact_name = forms.CharField(
        label="Your name",
        max_length=120,
        help_text="Private: only council staff see this.",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    contact_email = forms.EmailField(
        label="Your email address",
        help_text="Private. We send a link here to confirm your response.",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    consent = forms.BooleanField(
        label="I confirm I may answer for this business, and I have read the privacy notice",
        error_messages={"required": "Confirm that you may answer for this business."},
    )

    def __init__(self, *args, survey_round, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey_round = survey_round
        self.fields["round"].initial = survey_round.slug

    def clean_round(self):
        if self.cleaned_data["round"] != self.survey_round.slug or not self.survey_round.is_open():
            raise ValidationError(
                "This survey round has closed, so we could not accept your answers."
            )
        return self.survey_round

    def clean_organisation(self):
        """The published business with this name, ignoring case; None when left empty."""
        name = " ".join(self.cleaned_data["organisation"].split())
        if not name:
            return None
        listed = Organisation.objects.published()
        found = listed.filter(name__iexact=name).order_by("pk").first()
        if found is not None:
            return found
        # A near miss names the closest listed businesses (trigram index on name).
        similar = list(
            listed.filter(name__trigram_similar=name)
            .annotate(similarity=TrigramSimilarity("name", name))
            .order_by("-similarity", "name")
            .values_list("name", flat=True)[:3]
        )
        if similar:
            raise ValidationError(
                "We could not find “%(name)s” in the business directory. Did you mean "
                "%(similar)s? Enter the name exactly as the directory shows it.",
                code="not_listed",
                params={"name": name, "similar": " or ".join(f"“{n}”" for n in similar)},
            )
        raise ValidationError(
            "We could not find “%(name)s” in the business directory. Check the name as the "
            "directory shows it, or choose “No, add it with the details below”.",
            code="not_listed",
            params={"name": name},
        )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("who") == self.EXISTING
            and not cleaned.get("organisation")
            and "organisation" not in self.errors
        ):
            self.add_error(
                "organisation", "Enter your business’s name as the business directory shows it."
            )
        return cleaned

    def answers(self):
        return {
            name: self.cleaned_data[name]
            for name in ("headcount_change", "turned_away_work", "apprentices")
        }


class NewOrganisationForm(OrganisationForm):
    """The directory's own form, cut down to what a survey response needs to add a
    business. It keeps the directory's checks, such as the duplicate-name check."""

    class Meta(OrganisationForm.Meta):
        fields = [
            "name",
            "kind",
            "summary",
            "description",
            "sectors",
            "area",
            "employee_band",
            "stage",
            "website",
        ]

    # The survey form around it carries the honeypot; a logo can be added later.
    homepage = None
    logo = None
    honeypot_fields = ()


def sent_values(form):
    """What was sent for each field of a bound form, as initial values for an unbound
    copy: the same answers shown again without checking them (after "add another
    skill", which is not a submission, or for a part of the form that was not used)."""
    return {name: form[name].data for name in form.fields}
