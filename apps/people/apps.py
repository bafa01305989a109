from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PeopleConfig(AppConfig):
    name = "apps.people"
    label = "people"
    verbose_name = "People: skills"

    def ready(self):
        from apps.people import signals

        post_migrate.connect(signals.ensure_analyst_group, sender=self)

        from apps.core import search
        from apps.people.models import Course

        search.register(
            search.SearchSource(
                key="courses",
                label="Courses",
                queryset=lambda: Course.objects.listed().select_related("provider"),
                title_field="title",
                snippet_field="summary",
                # Courses have no page of their own here: link to the provider's course page.
                url=lambda course: course.url,
            )
        )
