from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "apps.people"
    label = "people"
    verbose_name = "People: skills"

    def ready(self):
        from apps.core.web import search
        from apps.people import facts, signals  # noqa: F401
        from apps.people.models import Course
        from apps.profile.facts import provider

        provider(facts.survey_facts)

        search.register(
            search.SearchSource(
                key="courses",
                label="Courses",
                queryset=lambda now, today: Course.objects.listed(),
                title_field="title",
                snippet_field="summary",
                # Courses have no page of their own here: link to the provider's course page.
                link_field="url",
            )
        )
