from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "apps.events"
    label = "events"
    verbose_name = "Events"

    def ready(self):
        from apps.core.web import search
        from apps.events.models import Event

        def upcoming(now, today):
            return Event.objects.not_over(now)

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
