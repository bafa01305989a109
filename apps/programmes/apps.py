from django.apps import AppConfig
from django.utils import timezone


class ProgrammesConfig(AppConfig):
    name = "apps.programmes"
    label = "programmes"
    verbose_name = "Support programmes"

    def ready(self):
        from apps.core.web import search
        from apps.profile import sections
        from apps.profile.models import Organisation
        from apps.programmes import signals  # noqa: F401 - signals connects its receivers
        from apps.programmes.models import Programme

        # A support organisation's or university's profile page lists its programmes.
        sections.register(
            sections.ProfileSection(
                key="programmes",
                title="Programmes {name} runs",
                template="programmes/includes/provider_programmes.html",
                items=lambda organisation: Programme.objects.for_provider(
                    organisation, timezone.localdate()
                ),
                roles=(Organisation.Role.SUPPORT, Organisation.Role.EDUCATION),
            )
        )
        # The home page shows the programmes taking applications today.
        sections.register_home(
            sections.HomeSection(
                key="programmes",
                title="Programmes open for applications",
                template="programmes/includes/home_programmes.html",
                items=lambda now, today: Programme.objects.for_home(today),
                more_url_name="programmes:index",
                more_text="All support programmes",
            )
        )
        search.register(
            search.SearchSource(
                key="programmes",
                label="Support programmes",
                # A programme leaves search the day after its last window closes, as on the list.
                queryset=lambda now, today: Programme.objects.current(today),
                title_field="title",
                snippet_field="summary",
                url_name="programmes:detail",
            )
        )
