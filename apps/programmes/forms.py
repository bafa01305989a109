from django import forms
from django.core.validators import MaxLengthValidator

from apps.core.web.forms import PublicModelForm, date_input, limit_links, refuse_control_characters
from apps.programmes.models import ProgrammeChange

DATE = date_input({"class": "input-short"})


class ProgrammeChangeForm(PublicModelForm):
    """A provider's contact proposes a change to a programme, and may add a cohort."""

    class Meta:
        model = ProgrammeChange
        fields = [
            "summary",
            "description",
            "cost",
            "cost_detail",
            "url",
            "window_label",
            "window_opens_on",
            "window_closes_on",
            "window_starts_on",
            "note",
            "contact_name",
            "contact_email",
        ]
        labels = {
            "summary": "Summary",
            "description": "What the programme offers and who it is for",
            "cost": "What does it cost?",
            "cost_detail": "Cost or equity, in words",
            "url": "Link to find out more and apply",
            "window_label": "Name of the new cohort",
            "window_opens_on": "Applications open",
            "window_closes_on": "Applications close",
            "window_starts_on": "Cohort starts",
            "note": "Anything else our team should know",
            "contact_name": "Your name",
            "contact_email": "Your work email address",
        }
        help_texts = {
            "summary": "One or two sentences for the list. 280 characters at most.",
            "description": "3,000 characters at most.",
            "cost_detail": "For example: £450 per place, or 7% equity for £60,000.",
            "url": "For example, https://example.org/programme.",
            "window_label": "For example: Spring 2027 cohort. Leave the cohort dates empty "
            "if you are not adding a cohort.",
            "window_opens_on": "For example, 14/03/2027.",
            "window_closes_on": "The last day to apply. Leave empty if applications are taken "
            "at any time.",
            "window_starts_on": "Leave empty if not fixed yet.",
            "note": "Private: only council staff see it.",
            "contact_name": "Private: only council staff see it.",
            "contact_email": "Private. We send a confirmation link here. Changes from the "
            "organisation's own contact address are reviewed fastest.",
        }
        error_messages = {
            "summary": {"required": "Enter a summary for the list of programmes"},
            "description": {"required": "Say what the programme offers and who it is for"},
            "url": {"required": "Enter the link to find out more and apply"},
        }
        widgets = {
            "cost": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 6}),
            "note": forms.Textarea(attrs={"rows": 3}),
            "window_opens_on": DATE,
            "window_closes_on": DATE,
            "window_starts_on": DATE,
            "url": forms.URLInput(attrs={"spellcheck": "false"}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "contact_email": forms.EmailInput(
                attrs={"autocomplete": "email", "spellcheck": "false"}
            ),
        }

    def __init__(self, *args, programme=None, **kwargs):
        if programme is not None:
            # A new proposal starts from what the programme's page says now.
            kwargs["initial"] = {
                name: getattr(programme, name) for name in ProgrammeChange.APPLIED_FIELDS
            }
        super().__init__(*args, **kwargs)
        self.fields["cost"].choices = [c for c in self.fields["cost"].choices if c[0]]
        self.fields["description"].validators += [MaxLengthValidator(3000), limit_links(2)]
        self.fields["note"].validators += [MaxLengthValidator(2000), limit_links(2)]
        for name in ("summary", "cost_detail", "window_label", "contact_name"):
            if name in self.fields:
                self.fields[name].validators.append(limit_links(0))
        if "contact_name" in self.fields:
            self.fields["contact_name"].required = True
        refuse_control_characters(self)

    def change_values(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ProgrammeChangeEditForm(ProgrammeChangeForm):
    """The proposer changes a proposal that waits for review, or was turned down, from
    the link /manage/ sends: everything but who sent it."""

    class Meta(ProgrammeChangeForm.Meta):
        fields = [
            name for name in ProgrammeChangeForm.Meta.fields if not name.startswith("contact_")
        ]
