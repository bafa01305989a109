"""Events at /events/: upcoming and past listings, an event's page, iCalendar feeds for
the whole calendar, any filter and a single event, and the public submission form."""

from django.contrib import messages
from django.http import HttpResponse, HttpResponseBadRequest, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import cached_property

from apps.core.security.ratelimit import ratelimit, within_limit
from apps.core.views import (
    granted,
    manage_expired,
    save_submitter_edit,
    status_locked,
)
from apps.core.web.lists import ListPage
from apps.events import calendar, services
from apps.events.filters import EventFilter
from apps.events.forms import EventCancelForm, EventEditForm, EventForm
from apps.events.models import Event

PAST_YEARS = 2


class EventListPage(ListPage):
    """Upcoming occurrences, soonest first. A recurring event is entered once and shows
    once per occurrence in the window the filters choose."""

    filterset_class = EventFilter
    template_name = "events/index.html"
    paginate_by = 20
    past = False

    @cached_property
    def now(self):
        return timezone.now()

    def get_queryset(self):
        return Event.objects.published()

    def window(self):
        if self.past:
            return self.now - timezone.timedelta(days=366 * PAST_YEARS), self.now
        return self.filterset.window(self.now)

    def paginate_queryset(self, queryset, page_size):
        start, end = self.window()
        found = calendar.occurrences(
            queryset.candidates(start, end).prefetch_related("topics"),
            start,
            end,
            newest_first=self.past,
        )
        return super().paginate_queryset(found, page_size)

    def feed_query(self):
        """The page's valid filters as the calendar feed's query: the feed refuses a bad
        value, and the page number is no filter."""
        form = self.filterset.form
        form.is_valid()
        query = QueryDict(mutable=True)
        for name in form.fields:
            value = self.request.GET.get(name)
            if value and name in form.cleaned_data and name not in form.errors:
                query[name] = value
        return query.urlencode()

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, past=self.past, feed_query=self.feed_query())


def event_detail(request, slug):
    event = get_object_or_404(
        Event.objects.published().select_related("organiser", "building", "area"), slug=slug
    )
    now = timezone.now()
    upcoming = event.occurrences(now, now + timezone.timedelta(days=366))[:6]
    return render(request, "events/detail.html", {"event": event, "upcoming": upcoming})


def _ics(body, filename):
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def calendar_feed(request):
    """The whole calendar, or the events a filtered page shows, as iCalendar."""
    filterset = EventFilter(request.GET, queryset=Event.objects.published())
    if not filterset.form.is_valid():
        # A feed has no page to show the error on, and quietly widening a subscription
        # to every event would be worse than saying no.
        return HttpResponseBadRequest(
            "This calendar address has a filter value that is not valid. Choose the "
            "filters again on /events/ and copy the new calendar link.",
            content_type="text/plain; charset=utf-8",
        )
    start, end = filterset.window(timezone.now())
    events = filterset.qs.candidates(start, end).order_by("starts_at", "pk")
    name = "Newcastle Gateshead tech events" + (" (filtered)" if request.GET else "")
    return _ics(calendar.calendar(events, name=name), "events.ics")


def event_ics(request, slug):
    event = get_object_or_404(Event.objects.published().select_related("organiser"), slug=slug)
    return _ics(calendar.calendar([event], name=event.title), f"{event.slug}.ics")


@ratelimit(name="event-add", limit=30, email_field="contact_email")
def event_add(request):
    form = EventForm(request.POST or None)
    if request.method == "POST" and within_limit(request, form) and form.is_valid():
        event = services.event_submit(values=form.event_values())
        request.session["submitted_to"] = event.contact_email
        return redirect("events:submitted")
    return render(request, "events/add.html", {"form": form})


@ratelimit(name="event-edit", limit=30)
def event_edit(request, reference):
    """From a manage link: the organiser updates their event. A published event keeps its
    live version until staff approve the change; one not yet published changes in place."""
    event = granted(request, reference, "manage", Event)
    if event is None:
        return manage_expired(request)
    form = EventEditForm(request.POST or None, instance=event)
    if request.method == "POST" and within_limit(request, form) and form.is_valid():
        # A fresh copy: validating the form wrote the new values onto `event`, and the
        # diff against the live version must see the old ones.
        live = Event.objects.get(pk=event.pk)
        return save_submitter_edit(request, obj=live, values=form.event_values(), noun="event")
    return render(request, "events/edit.html", {"event": event, "form": form})


@ratelimit(name="event-cancel", limit=30)
def event_cancel(request, reference):
    """From the event's status page, which its emailed link opened: the organiser says it
    is cancelled, with a note for the people who meant to go."""
    event = granted(request, reference, "status", Event)
    if event is None:
        return status_locked(request)
    if not event.can_be_marked_cancelled(timezone.now()):
        return redirect("core:status", reference)
    form = EventCancelForm(request.POST or None)
    if request.method == "POST" and within_limit(request, form) and form.is_valid():
        if services.event_mark_cancelled(
            event=event, note=form.cleaned_data["note"], now=timezone.now()
        ):
            messages.success(
                request, "Your event is marked as cancelled on the site and in calendars."
            )
        return redirect("core:status", reference)
    return render(request, "events/cancel.html", {"event": event, "form": form})
