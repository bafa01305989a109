from django import forms
from django.core.validators import MaxLengthValidator

from apps.core.web.forms import PublicModelForm, limit_links
from apps.industries.models import PartnerRequest


class PartnerRequestForm(PublicModelForm):
    """A buyer from an industry asks to be put in touch with up to three tech businesses."""

    consent_to_share = forms.BooleanField(
        label="You may pass my name, email address and request to up to three local "
        "businesses that serve my industry",
        error_messages={
            "required": "Tick the box to let us pass your request to businesses: we cannot "
            "introduce you without it"
        },
    )

    class Meta:
        model = PartnerRequest
        fields = ["organisation_name", "need", "contact_name", "contact_email", "consent_to_share"]
        labels = {
            "organisation_name": "Your organisation",
            "need": "What do you need?",
            "contact_name": "Your name",
            "contact_email": "Your work email address",
        }
        help_texts = {
            "organisation_name": "For example: Gateshead Health NHS Foundation Trust.",
            "need": "The problem to solve, the kind of help you want and any timescale. "
            "Businesses we pass it to read this. 2,000 characters at most.",
            "contact_email": "We send a link here to confirm it is you. Businesses we refer "
            "you to reply to this address.",
        }
        widgets = {
            "need": forms.Textarea(attrs={"rows": 6}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "contact_email": forms.EmailInput(
                attrs={"autocomplete": "email", "spellcheck": "false"}
            ),
            "organisation_name": forms.TextInput(attrs={"autocomplete": "organization"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_name"].required = True
        self.fields["contact_name"].error_messages["required"] = "Enter your name"
        self.fields["need"].validators += [MaxLengthValidator(2000), limit_links(2)]
        self.fields["organisation_name"].validators.append(limit_links(0))
        self.fields["contact_name"].validators.append(limit_links(0))

    def request_values(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields}
