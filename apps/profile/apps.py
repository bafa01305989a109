from django.apps import AppConfig


class ProfileConfig(AppConfig):
    name = "apps.profile"
    label = "profile"
    verbose_name = "Profile"

    def ready(self):
        from apps.core.web import pagecache
        from apps.profile.models import Story

        pagecache.scheduled(Story.objects.next_publication)
        from apps.profile import facts

        facts.provider(facts.directory_facts)
        from apps.core.web import search
        from apps.profile import signals  # noqa: F401
        from apps.profile.models import Organisation, Story

        search.register(
            search.SearchSource(
                key="organisations",
                label="Businesses",
                queryset=lambda now, today: Organisation.objects.published(),
                title_field="name",
                snippet_field="summary",
                url_name="profile:detail",
                # Every kind of organisation, as here ("role=" widens the directory).
                more_url_name="profile:directory",
                more_params=(("role", ""),),
                more_text="Search every organisation in the directory",
            )
        )
        search.register(
            search.SearchSource(
                key="stories",
                label="Stories",
                queryset=lambda now, today: Story.objects.published(now),
                title_field="title",
                snippet_field="summary",
                url_name="stories:detail",
            )
        )
