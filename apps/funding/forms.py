from django import forms
from django.core.validators import MaxLengthValidator, MaxValueValidator

from apps.core.web.forms import PublicModelForm, limit_links
from apps.funding.models import Enquiry, Stage


class EnquiryForm(PublicModelForm):
    """What a business tells the virtual funding team through "ask the funding team"."""

    consent = forms.BooleanField(
        label="I agree that the funding team may use these details to reply to me and to "
        "introduce me to funders, as described in the privacy notice",
    )

    class Meta:
        model = Enquiry
        fields = ["organisation_name", "need", "amount", "stage", "contact_name", "contact_email"]
        labels = {
            "organisation_name": "Business name",
            "need": "What do you need funding for?",
            "amount": "Roughly how much do you need, in pounds?",
            "stage": "What stage is the business at?",
            "contact_name": "Your name",
            "contact_email": "Your email address",
        }
        help_texts = {
            "need": "For example, hiring two developers to build our product, or buying "
            "equipment. 3,000 characters at most.",
            "amount": "A whole number, for example 50000. Leave empty if you are not sure.",
            "contact_name": "Private: only the funding team sees this.",
            "contact_email": "Private. We reply to this address.",
        }
        widgets = {
            "need": forms.Textarea(attrs={"rows": 6}),
            "amount": forms.NumberInput(attrs={"inputmode": "numeric", "class": "input-short"}),
            "stage": forms.RadioSelect,
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "contact_email": forms.EmailInput(
                attrs={"autocomplete": "email", "spellcheck": "false"}
            ),
            "organisation_name": forms.TextInput(attrs={"autocomplete": "organization"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["need"].validators += [MaxLengthValidator(3000), limit_links(2)]
        self.fields["organisation_name"].validators.append(limit_links(0))
        self.fields["contact_name"].validators.append(limit_links(0))
        self.fields["amount"].validators.append(MaxValueValidator(100_000_000))
        self.fields["stage"].choices = [("", "Not sure")] + list(Stage.choices)
        self.fields["stage"].required = False

    def submit_values(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields}
