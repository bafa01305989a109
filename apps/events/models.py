"""Events: meetups, conferences, workshops, hack days, focus groups and consultations,
submitted by organisations through the one moderation mechanism and published with
iCalendar feeds."""

import datetime
import zoneinfo

from dateutil import rrule
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from apps.core.audit import tracked
from apps.core.models import Area
from apps.core.moderation.models import Moderated, ModeratedQuerySet, Status
from apps.core.web.search import shown_text_index
from apps.place.models import Building
from apps.profile.models import Organisation, Sector, Story

LONDON = zoneinfo.ZoneInfo("Europe/London")
Theme = Story.Theme
# A recurring event is shown and fed for at most this long after it starts.
MAX_RECURRENCE = datetime.timedelta(days=2 * 366)

http_url = URLValidator(schemes=["http", "https"])


class EventQuerySet(ModeratedQuerySet):
    def not_over(self, now):
        """Published events still to come or running: one-off events until they end,
        repeating ones until their last date."""
        return self.published().filter(
            Q(recurrence="", ends_at__gte=now)
            | (~Q(recurrence="") & Q(repeat_until__gte=timezone.localdate(now)))
        )

    def next_end(self, now):
        """When the soonest occurrence now running or about to run ends: the moment it
        leaves the lists, search, organisers' pages and the home page. Looks a day ahead;
        with nothing ending by then, a day from now, so nothing cached outlives an end."""
        horizon = now + datetime.timedelta(days=1)
        ends = [
            finishes
            for event in self.candidates(now, horizon)
            .select_related(None)
            .only("starts_at", "ends_at", "recurrence", "repeat_until")
            for _begins, finishes in event.occurrences(now, horizon)
            if finishes >= now
        ]
        return min(ends, default=horizon)

    def candidates(self, start, end):
        """Published events with an occurrence that may fall between `start` and `end`
        (datetimes): one-off events overlapping the window, recurring ones whose series
        has begun by its end and not finished before its start."""
        one_off = Q(recurrence="", starts_at__lt=end, ends_at__gte=start)
        series = ~Q(recurrence="") & Q(starts_at__lt=end) & Q(repeat_until__gte=start.date())
        return (
            self.published()
            .filter(one_off | series)
            .select_related("organiser", "area", "building")
            .defer("search_vector")
        )


@tracked()
class Event(Moderated):
    class Kind(models.TextChoices):
        MEETUP = "meetup", "Meetup"
        CONFERENCE = "conference", "Conference"
        WORKSHOP = "workshop", "Workshop or training"
        HACK_DAY = "hack_day", "Hack day"
        FOCUS_GROUP = "focus_group", "Focus group"
        CONSULTATION = "consultation", "Consultation"

    class State(models.TextChoices):
        SCHEDULED = "scheduled", "Going ahead"
        POSTPONED = "postponed", "Postponed"
        CANCELLED = "cancelled", "Cancelled"

    class Recurrence(models.TextChoices):
        NONE = "", "Once"
        WEEKLY = "weekly", "Every week, on the same day"
        MONTHLY_NTH = "monthly_nth", "Every month, on the same weekday (e.g. first Tuesday)"
        MONTHLY_LAST = "monthly_last", "Every month, on the last such weekday"

    title = models.CharField(max_length=150)
    slug = models.SlugField(max_length=170, unique=True)
    kind = models.CharField("type", max_length=20, choices=Kind.choices)
    theme = models.CharField(max_length=20, choices=Theme.choices)
    topics = models.ManyToManyField(Sector, blank=True, related_name="tagged_events")
    summary = models.CharField(max_length=280)
    description = models.TextField(blank=True)
    organiser = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="organised_events"
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    all_day = models.BooleanField("all day", default=False)
    recurrence = models.CharField(
        "repeats", max_length=20, choices=Recurrence.choices, default="", blank=True
    )
    repeat_until = models.DateField("repeats until", null=True, blank=True)
    is_online = models.BooleanField("online", default=False)
    building = models.ForeignKey(
        Building, null=True, blank=True, on_delete=models.SET_NULL, related_name="hosted_events"
    )
    venue = models.CharField(max_length=200, blank=True, help_text="Name and address.")
    area = models.ForeignKey(
        Area, null=True, blank=True, on_delete=models.PROTECT, related_name="area_events"
    )
    is_free = models.BooleanField("free", default=True)
    price = models.CharField(
        max_length=100, blank=True, help_text="For example, £10, or £5 for students."
    )
    accessibility = models.TextField(
        blank=True, help_text="Step-free access, hearing loops, quiet rooms, captions..."
    )
    booking_url = models.URLField("booking link", blank=True, validators=[http_url])
    state = models.CharField(
        max_length=20, choices=State.choices, default=State.SCHEDULED, db_index=True
    )
    state_note = models.CharField(
        max_length=200, blank=True, help_text="Why it was postponed or cancelled, or the new date."
    )
    updated_at = models.DateTimeField(auto_now=True)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    search_vector = models.GeneratedField(
        expression=(
            SearchVector("title", weight="A", config="english")
            + SearchVector("summary", weight="B", config="english")
            + SearchVector("description", weight="C", config="english")
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = EventQuerySet.as_manager()

    submitter_editable_fields = (
        "title",
        "kind",
        "theme",
        "summary",
        "description",
        "starts_at",
        "ends_at",
        "all_day",
        "recurrence",
        "repeat_until",
        "is_online",
        "venue",
        "area",
        "is_free",
        "price",
        "accessibility",
        "booking_url",
        "state",
        "state_note",
    )

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["status", "starts_at"], name="event_status_starts"),
            GinIndex(fields=["search_vector"], name="event_search_gin"),
            shown_text_index("title", "summary", name="event_shown_fts"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")), name="event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(recurrence="", repeat_until__isnull=True)
                | (~Q(recurrence="") & Q(repeat_until__isnull=False)),
                name="event_recurrence_has_an_end",
            ),
        ]

    def __str__(self):
        return self.title

    manage_url_name = "events:edit"

    def get_absolute_url(self):
        return reverse("events:detail", args=[self.slug])

    def can_be_marked_cancelled(self, now):
        """Published, not cancelled already and not over: its organiser may say it is
        off, and it stays listed as cancelled so that people who meant to go know."""
        return (
            self.status == Status.PUBLISHED
            and self.state != self.State.CANCELLED
            and Event.objects.not_over(now).filter(pk=self.pk).exists()
        )

    def submitter_actions(self):
        if not self.can_be_marked_cancelled(timezone.now()):
            return []
        return [("Tell people it is cancelled", reverse("events:cancel", args=[self.reference]))]

    def save(self, *args, **kwargs):
        # Calendars replace their copy of an event only when its SEQUENCE goes up.
        if self.pk and not kwargs.get("update_fields"):
            self.sequence += 1
        super().save(*args, **kwargs)

    @property
    def duration(self):
        return self.ends_at - self.starts_at

    def rule(self):
        """The dateutil rule of a recurring event, in local time, or None."""
        if not self.recurrence:
            return None
        start = timezone.localtime(self.starts_at, LONDON).replace(tzinfo=None)
        until = datetime.datetime.combine(self.repeat_until, datetime.time.max)
        if self.recurrence == self.Recurrence.WEEKLY:
            return rrule.rrule(rrule.WEEKLY, dtstart=start, until=until)
        weekday = rrule.weekdays[start.weekday()]
        nth = -1 if self.recurrence == self.Recurrence.MONTHLY_LAST else (start.day - 1) // 7 + 1
        return rrule.rrule(rrule.MONTHLY, dtstart=start, until=until, byweekday=weekday(nth))

    def occurrences(self, start, end):
        """(starts_at, ends_at) of each occurrence overlapping [start, end), in UK time.
        Local wall-clock times are kept across the clocks changing."""
        rule = self.rule()
        if rule is None:
            if self.starts_at < end and self.ends_at >= start:
                return [(self.starts_at, self.ends_at)]
            return []
        found = []
        window_start = timezone.localtime(start - self.duration, LONDON).replace(tzinfo=None)
        window_end = timezone.localtime(end, LONDON).replace(tzinfo=None)
        for local in rule.between(window_start, window_end, inc=True):
            begins = local.replace(tzinfo=LONDON)
            finishes = begins + self.duration
            if begins < end and finishes >= start:
                found.append((begins, finishes))
        return found

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            errors["ends_at"] = "The end must be after the start."
        if self.recurrence and not self.repeat_until:
            errors["repeat_until"] = "Say when a repeating event stops repeating."
        if self.recurrence and self.repeat_until and self.starts_at:
            first = timezone.localdate(self.starts_at)
            if self.repeat_until < first:
                errors["repeat_until"] = "The last repeat must be on or after the first date."
            elif self.repeat_until - first > MAX_RECURRENCE:
                errors["repeat_until"] = "A repeating event can be listed for two years at most."
            elif self.recurrence == self.Recurrence.MONTHLY_NTH and first.day > 28:
                errors["recurrence"] = (
                    "There is no 5th such weekday in every month: choose ‘the last such "
                    "weekday’ instead."
                )
        if (
            self.recurrence
            and self.starts_at
            and self.ends_at
            and self.duration > datetime.timedelta(days=1)
        ):
            errors["recurrence"] = "Only events of a day or less can repeat."
        if not self.is_online and not self.venue and not self.building_id:
            errors["venue"] = "Give the venue, or tick ‘online’."
        if not self.is_free and not self.price:
            errors["price"] = "Give the price, or tick ‘free’."
        if errors:
            raise ValidationError(errors)
