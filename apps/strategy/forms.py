from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils import timezone

from apps.core.web.forms import PublicModelForm, date_input, limit_links, refuse_control_characters
from apps.profile.models import Organisation
from apps.strategy.models import InvestmentEnquiry, UpdateProposal


class UpdateProposalForm(PublicModelForm):
    """A lead or partner organisation's contact reports progress on an action."""

    class Meta:
        model = UpdateProposal
        fields = [
            "organisation",
            "title",
            "happened_on",
            "body",
            "evidence_path",
            "contact_name",
            "contact_email",
        ]
        labels = {
            "organisation": "Which organisation are you reporting for?",
            "title": "What happened, in a line",
            "happened_on": "When did it happen?",
            "body": "Tell us more",
            "evidence_path": "Link to a page on this site that shows it",
            "contact_name": "Your name",
            "contact_email": "Your work email address",
        }
        help_texts = {
            "title": "For example: 40 people finished the first data bootcamp.",
            "happened_on": "For example, 14/03/2026.",
            "body": "Who took part, what changed and what comes next. 2,000 characters at most.",
            "evidence_path": "For example /stories/our-story/ or /data/. Leave empty if "
            "there is none.",
            "contact_name": "Private: only council staff see it.",
            "contact_email": "Private. We send a confirmation link here. Updates from your "
            "organisation's own contact address are reviewed fastest.",
        }
        error_messages = {
            "title": {"required": "Say what happened, in a line"},
            "body": {"required": "Tell us more about what happened"},
        }
        widgets = {
            "organisation": forms.RadioSelect,
            "happened_on": date_input({"class": "input-short"}),
            "body": forms.Textarea(attrs={"rows": 6}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "contact_email": forms.EmailInput(
                attrs={"autocomplete": "email", "spellcheck": "false"}
            ),
        }

    def __init__(self, *args, action, **kwargs):
        super().__init__(*args, **kwargs)
        self.action = action
        # Only listed organisations: a pending or rejected partner's name is not public.
        involved = (
            Organisation.objects.published()
            .filter(pk__in=[action.lead_id, *action.partners.values_list("pk", flat=True)])
            .order_by("name")
        )
        self.fields["organisation"].queryset = involved
        self.fields["organisation"].empty_label = None
        self.fields["body"].validators += [MaxLengthValidator(2000), limit_links(2)]
        self.fields["title"].validators.append(limit_links(0))
        if "contact_name" in self.fields:
            self.fields["contact_name"].required = True
            self.fields["contact_name"].validators.append(limit_links(0))
        refuse_control_characters(self)

    def clean_happened_on(self):
        day = self.cleaned_data["happened_on"]
        if day > timezone.localdate():
            raise ValidationError("The date must be today or in the past.", code="future")
        return day

    def proposal_values(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class UpdateProposalEditForm(UpdateProposalForm):
    """The proposer changes an update that waits for review, or was turned down, from
    the link /manage/ sends: everything but who sent it."""

    class Meta(UpdateProposalForm.Meta):
        fields = [
            name for name in UpdateProposalForm.Meta.fields if not name.startswith("contact_")
        ]


class InvestmentEnquiryForm(PublicModelForm):
    """What someone outside the region tells the inward-investment team."""

    consent = forms.BooleanField(
        label="I agree that the inward-investment team may use these details to reply to me "
        "and to introduce me to organisations here, as described in the privacy notice",
    )

    class Meta:
        model = InvestmentEnquiry
        fields = [
            "interest",
            "organisation_name",
            "country",
            "message",
            "contact_name",
            "contact_email",
        ]
        labels = {
            "interest": "What are you considering?",
            "organisation_name": "Your organisation",
            "country": "Where are you based?",
            "message": "What are you looking for?",
            "contact_name": "Your name",
            "contact_email": "Your email address",
        }
        help_texts = {
            "country": "Country, and city if you like. For example, Berlin, Germany.",
            "message": "For example: a site for 40 engineers from 2027, or partners for a "
            "health-data product. 3,000 characters at most.",
            "contact_name": "Private: only the inward-investment team sees this.",
            "contact_email": "Private. We reply to this address.",
        }
        widgets = {
            "interest": forms.RadioSelect,
            "message": forms.Textarea(attrs={"rows": 6}),
            "organisation_name": forms.TextInput(attrs={"autocomplete": "organization"}),
            "country": forms.TextInput(attrs={"autocomplete": "country-name"}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "contact_email": forms.EmailInput(
                attrs={"autocomplete": "email", "spellcheck": "false"}
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["message"].validators += [MaxLengthValidator(3000), limit_links(2)]
        for name in ("organisation_name", "country", "contact_name"):
            self.fields[name].validators.append(limit_links(0))
        refuse_control_characters(self)

    def submit_values(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields}
