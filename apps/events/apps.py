from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "apps.events"
    label = "events"
    verbose_name = "Events"

    def ready(self):
        from apps.core.web import pagecache, search
        from apps.events.models import Event

        # Pages listing an event change when it ends, by the clock alone.
        pagecache.scheduled(Event.objects.next_end)

        def upcoming(now, today):
            return Event.objects.not_over(now)

        from django.utils import timezone

        from apps.profile import sections

        # An organisation's page lists the events it runs that are still to come.
        sections.register(
            sections.ProfileSection(
                key="events",
                title="Upcoming events run by {name}",
                template="events/includes/organiser_events.html",
                items=lambda organisation: (
                    Event.objects.not_over(timezone.now())
                    .filter(organiser=organisation)
                    .order_by("starts_at", "pk")[:10]
                ),
            )
        )
        # The home page shows the next few events.
        from apps.events import calendar

        sections.register_home(
            sections.HomeSection(
                key="events",
                title="What’s on",
                template="events/includes/home_events.html",
                items=lambda now, today: calendar.coming_up(now),
                more_url_name="events:index",
                more_text="All events, with calendar feeds",
            )
        )
        search.register(
            search.SearchSource(
                key="events",
                label="Events",
                queryset=upcoming,
                title_field="title",
                snippet_field="summary",
                url_name="events:detail",
            )
        )
