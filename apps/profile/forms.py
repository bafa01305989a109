from django import forms
from django.core.validators import MaxLengthValidator

from apps.core.web.forms import KeptImageUploadField, PublicModelForm, limit_links
from apps.profile.models import CASE_MAX_LENGTH, Industry, Organisation, Sector

INDUSTRIES_LEGEND = "Industries you serve"


class OrganisationForm(PublicModelForm):
    """The directory entry a business writes about itself, used to add and to edit."""

    # The jobs page belongs to "We are hiring now": ignored, not refused, when unticked.
    conditional_fields = {"hiring_now": {True: ("hiring_url",)}}

    logo = KeptImageUploadField(
        required=False,
        max_side=800,
        help_text="Optional. A JPEG, PNG or WebP image, smaller than 5 MB.",
    )
    sectors = forms.ModelMultipleChoiceField(
        queryset=Sector.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Choose all that apply.",
    )

    class Meta:
        model = Organisation
        fields = [
            "name",
            "kind",
            "summary",
            "description",
            "sectors",
            "area",
            "employee_band",
            "stage",
            "founded_year",
            "website",
            "logo",
            "hiring_now",
            "hiring_url",
            "public_email",
            "companies_house_number",
            "contact_name",
            "contact_email",
        ]
        labels = {
            "name": "Business name",
            "kind": "What kind of organisation is it?",
            "summary": "Summary",
            "description": "Description",
            "area": "Where is it based?",
            "employee_band": "How many people work there?",
            "stage": "Stage",
            "founded_year": "Year founded",
            "website": "Website address",
            "hiring_now": "We are hiring now",
            "hiring_url": "Jobs page address",
            "public_email": "Public email address",
            "companies_house_number": "Companies House number",
            "contact_name": "Your name",
            "contact_email": "Your email address",
        }
        help_texts = {
            "summary": "One or two sentences for the directory listing, 280 characters at most.",
            "description": "What you do, who for, and what makes you different. "
            "5,000 characters at most.",
            "founded_year": "For example, 2019.",
            "website": "For example, https://www.example.co.uk",
            "hiring_url": "Where people can see your vacancies.",
            "public_email": "Shown on your profile. Leave blank to keep it private.",
            "contact_name": "Private: only council staff see this.",
            "contact_email": "Private. We send a link here to confirm your entry, and later "
            "to let you update it.",
        }
        widgets = {
            "kind": forms.Select,
            "summary": forms.Textarea(attrs={"rows": 3, "maxlength": 280}),
            "description": forms.Textarea(attrs={"rows": 8}),
            "area": forms.Select,
            "employee_band": forms.RadioSelect,
            "founded_year": forms.NumberInput(
                attrs={"inputmode": "numeric", "class": "input-short"}
            ),
            "contact_email": forms.EmailInput(
                attrs={"autocomplete": "email", "spellcheck": "false"}
            ),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "public_email": forms.EmailInput(attrs={"spellcheck": "false"}),
            "companies_house_number": forms.TextInput(attrs={"class": "input-short"}),
        }

    fieldsets = [
        (
            "About the business",
            [
                "name",
                "kind",
                "summary",
                "description",
                "sectors",
                "area",
                "employee_band",
                "stage",
                "founded_year",
            ],
        ),
        ("On the web", ["website", "logo", "public_email", "companies_house_number"]),
        ("Jobs", ["hiring_now", "hiring_url"]),
        ("Your contact details (private)", ["contact_name", "contact_email", "consent"]),
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["description"].validators += [MaxLengthValidator(5000), limit_links(3)]
        self.fields["summary"].validators.append(limit_links(0))
        self.fields["area"].empty_label = "Choose an area"
        self.fields["kind"].choices = [("", "Choose a kind")] + list(Organisation.Kind.choices)
        self.fields["stage"].choices = [("", "Not stated")] + list(Organisation.Stage.choices)
        self.fields["employee_band"].choices = list(Organisation.EmployeeBand.choices)
        self._add_industry_fields()

    def _add_industry_fields(self):
        """A tick box and an optional case for each industry staff list: repeated fields,
        so the form needs no JavaScript and each error sits next to its own box."""
        self.asks_industries = True
        self.industries = list(Industry.objects.order_by("display_order", "name"))
        current = {}
        if self.instance.pk:
            current = {link.industry_id: link.case for link in self.instance.industry_links.all()}
        names = []
        for industry in self.industries:
            tick, case = f"industry_{industry.pk}", f"industry_{industry.pk}_case"
            self.fields[tick] = forms.BooleanField(
                label=industry.name,
                required=False,
                help_text=industry.summary,
                initial=industry.pk in current,
            )
            self.fields[case] = forms.CharField(
                label=f"Your case for {industry.name}",
                required=False,
                max_length=CASE_MAX_LENGTH,
                initial=current.get(industry.pk, ""),
                help_text="What you did for a customer in this industry, in a few sentences. "
                f"{CASE_MAX_LENGTH} characters at most.",
                widget=forms.Textarea(attrs={"rows": 3}),
                validators=[limit_links(1)],
            )
            names += [tick, case]
        # Tech businesses say which industries they serve; put them after "About".
        self.fieldsets = [*self.fieldsets[:1], (INDUSTRIES_LEGEND, names), *self.fieldsets[1:]]
        self.industry_field_names = names

    def _drop_industry_fields(self):
        for name in self.industry_field_names:
            del self.fields[name]
        self.fieldsets = [
            (legend, names) for legend, names in self.fieldsets if legend != INDUSTRIES_LEGEND
        ]
        self.industries = []
        self.asks_industries = False

    def _clean_industries(self, cleaned):
        if not self.asks_industries:
            return
        links = []
        for industry in self.industries:
            tick, case = f"industry_{industry.pk}", f"industry_{industry.pk}_case"
            text = (cleaned.get(case) or "").strip()
            if cleaned.get(tick):
                links.append({"industry": industry, "case": text})
            elif text:
                self.add_error(
                    case,
                    f"Tick ‘{industry.name}’ if you serve this industry, or delete the case.",
                )
        cleaned["industry_links"] = links

    def clean_companies_house_number(self):
        return self.cleaned_data["companies_house_number"].strip().upper()

    def clean_name(self):
        # Only a published entry holds its name. An unconfirmed or unreviewed one never
        # blocks the real business, nor tells anyone that it exists; moderators see
        # entries that share a name (OrganisationAdmin.same_name).
        name = " ".join(self.cleaned_data["name"].split())
        clash = (
            Organisation.objects.published().filter(name__iexact=name).exclude(pk=self.instance.pk)
        )
        if clash.exists():
            raise forms.ValidationError(
                "A business with this name is already in the directory. If it is yours, "
                "ask for a link to update it from the ‘Update your details’ page."
            )
        return name

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("hiring_now") and not cleaned.get("hiring_url"):
            self.add_error(
                "hiring_url", "Enter the address of your jobs page, or untick ‘We are hiring now’."
            )
        self._clean_industries(cleaned)
        return cleaned

    def submitter_values(self):
        """Cleaned values of the fields a submitter may change."""
        return {
            name: self.cleaned_data[name]
            for name in Organisation.submitter_editable_fields
            if name in self.cleaned_data
        }


class OrganisationAddForm(OrganisationForm):
    consent = forms.BooleanField(
        label="I confirm that I may share these details, and I have read the privacy notice",
    )

    def create_values(self):
        values = self.submitter_values()
        values["contact_email"] = self.cleaned_data["contact_email"]
        return values


class OrganisationEditForm(OrganisationForm):
    class Meta(OrganisationForm.Meta):
        fields = [f for f in OrganisationForm.Meta.fields if f != "contact_email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Sectors describe a tech business; a landlord or an investor is not asked for them.
        if not self.instance.is_tech_business:
            del self.fields["sectors"]
            self._drop_industry_fields()
