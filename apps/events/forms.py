import datetime

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils import timezone

from apps.core.web.forms import PublicForm, date_input, limit_links, refuse_control_characters
from apps.events.models import LONDON, Event
from apps.profile.models import Organisation

MAX_LENGTH = datetime.timedelta(days=30)  # last day - first day: 31 days in all


class EventForm(PublicForm, forms.ModelForm):
    """An organisation submits an event. Dates and times are in UK time."""

    organiser_slug = forms.ModelChoiceField(
        label="Which organisation is running it?",
        queryset=Organisation.objects.published().order_by("name"),
        to_field_name="slug",
        help_text="It must be in the business directory. Not there yet? Add it first.",
    )
    date = forms.DateField(
        label="Date",
        help_text="The first date, for a repeating event. For example, 14/03/2027.",
        widget=date_input({"class": "input-short"}),
    )
    end_date = forms.DateField(
        label="Last day",
        required=False,
        help_text="Only for events over more than one day.",
        widget=date_input({"class": "input-short"}),
    )
    start_time = forms.TimeField(
        label="Start time",
        required=False,
        help_text="For example, 18:30. Leave empty for an all-day event.",
        widget=forms.TimeInput(format="%H:%M", attrs={"type": "time", "class": "input-short"}),
    )
    end_time = forms.TimeField(
        label="End time",
        required=False,
        widget=forms.TimeInput(format="%H:%M", attrs={"type": "time", "class": "input-short"}),
    )

    class Meta:
        model = Event
        fields = [
            "title",
            "kind",
            "theme",
            "summary",
            "description",
            "recurrence",
            "repeat_until",
            "is_online",
            "venue",
            "area",
            "is_free",
            "price",
            "accessibility",
            "booking_url",
            "contact_name",
            "contact_email",
        ]
        labels = {
            "title": "Event name",
            "kind": "What kind of event is it?",
            "theme": "Which strategy theme is it about?",
            "summary": "Summary",
            "description": "More about it",
            "recurrence": "Does it repeat?",
            "repeat_until": "Repeats until",
            "is_online": "It is online",
            "venue": "Venue and address",
            "area": "Area",
            "is_free": "It is free",
            "price": "Price",
            "accessibility": "Accessibility",
            "booking_url": "Booking link",
            "contact_name": "Your name",
            "contact_email": "Your email address",
        }
        help_texts = {
            "summary": "One or two sentences for the listing. 280 characters at most.",
            "repeat_until": "The last date it runs. Two years at most.",
            "venue": "Leave empty for an online event.",
            "price": "Only if it is not free. For example, £10, or £5 for students.",
            "booking_url": "Starts with https://",
            "contact_name": "Private: only council staff see it.",
            "contact_email": "Private. We send a confirmation link here.",
        }
        widgets = {
            "kind": forms.RadioSelect,
            "theme": forms.RadioSelect,
            "recurrence": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 5}),
            "accessibility": forms.Textarea(attrs={"rows": 3}),
            "repeat_until": date_input({"class": "input-short"}),
            "contact_email": forms.EmailInput(
                attrs={"autocomplete": "email", "spellcheck": "false"}
            ),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
        }

    field_order = [
        "title",
        "organiser_slug",
        "kind",
        "theme",
        "summary",
        "description",
        "date",
        "end_date",
        "start_time",
        "end_time",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].required = False
        self.fields["area"].empty_label = "Not in one area, or online"
        if "contact_name" in self.fields:  # not on the edit form
            self.fields["contact_name"].required = True
        self.fields["description"].validators += [MaxLengthValidator(3000), limit_links(3)]
        self.fields["title"].validators.append(limit_links(0))
        self.order_fields(self.field_order)
        refuse_control_characters(self)

    def clean(self):
        cleaned = super().clean()
        day, last = cleaned.get("date"), cleaned.get("end_date")
        start_time, end_time = cleaned.get("start_time"), cleaned.get("end_time")
        today = timezone.localdate()
        if day and day < today and self.date_must_be_ahead():
            self.add_error("date", "The date must be today or in the future.")
        elif day and day > today + datetime.timedelta(days=2 * 366):
            self.add_error("date", "The date must be within the next two years.")
        if day and last and last < day:
            self.add_error("end_date", "The last day must be on or after the first.")
        elif day and last and last - day > MAX_LENGTH:
            # Otherwise one entry could sit at the top of every listing for years.
            self.add_error("end_date", "An event can last 31 days at most.")
        if bool(start_time) != bool(end_time):
            self.add_error(
                "end_time" if start_time else "start_time",
                "Give both a start and an end time, or neither for an all-day event.",
            )
        if day and start_time and end_time and not last and end_time <= start_time:
            self.add_error("end_time", "The end time must be after the start time.")
        if day and not self.errors:
            # The model checks the times and the recurrence (Event.clean, run next by the
            # ModelForm), so they must be on the instance first.
            if "organiser_slug" in self.fields:
                self.instance.organiser = cleaned.get("organiser_slug")
            self.instance.all_day = start_time is None
            self.instance.starts_at = datetime.datetime.combine(
                day, start_time or datetime.time(0, 0), tzinfo=LONDON
            )
            self.instance.ends_at = datetime.datetime.combine(
                last or day, end_time or datetime.time(23, 59), tzinfo=LONDON
            )
        if not cleaned.get("recurrence"):
            # Belongs to the choice not taken: ignored, never refused.
            cleaned["repeat_until"] = None
        return cleaned

    def date_must_be_ahead(self):
        return True

    def event_values(self):
        values = {name: self.cleaned_data[name] for name in self.Meta.fields}
        values.update(
            organiser=self.instance.organiser,
            all_day=self.instance.all_day,
            starts_at=self.instance.starts_at,
            ends_at=self.instance.ends_at,
        )
        return values


class EventEditForm(EventForm):
    """The organiser updates their event through a manage link: everything but who runs
    it and the contact details. The date and times start from the event's own, in UK
    time; a first date already past (a repeating event under way) may stay as it is."""

    class Meta(EventForm.Meta):
        fields = [f for f in EventForm.Meta.fields if f not in ("contact_name", "contact_email")]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["organiser_slug"]
        event = self.instance
        starts = timezone.localtime(event.starts_at, LONDON)
        ends = timezone.localtime(event.ends_at, LONDON)
        self.initial.update(date=starts.date())
        if ends.date() != starts.date():
            self.initial.update(end_date=ends.date())
        if not event.all_day:
            self.initial.update(start_time=starts.time(), end_time=ends.time())

    def date_must_be_ahead(self):
        return "date" in self.changed_data

    def event_values(self):
        values = super().event_values()
        del values["organiser"]
        return values


class EventCancelForm(PublicForm):
    """The organiser marks their event cancelled (apps.events.services.event_mark_cancelled)."""

    note = forms.CharField(
        label="What should people know?",
        required=False,
        max_length=200,
        help_text="Shown with the event. For example, that it moves online next month. "
        "200 characters at most.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].validators.append(limit_links(0))
        refuse_control_characters(self)
