from django.apps import AppConfig


class PlaceConfig(AppConfig):
    name = "apps.place"
    verbose_name = "Place: office space"

    def ready(self):
        from apps.core.web import pagecache
        from apps.place import models, signals  # noqa: F401 - signals connects its receivers

        # Space needs are counted on /spaces/ once active: not private.
        pagecache.private_models(models.Enquiry, models.NeedMatch)
        from django.db.models import Exists, OuterRef

        from apps.core.web import search
        from apps.place.models import Building, Space

        def buildings_with_space(now, today):
            # A building is findable while it is published and has a space to let.
            live = Space.objects.live(today=today).filter(building=OuterRef("pk"))
            return Building.objects.published().filter(Exists(live))

        from apps.profile import sections

        # A landlord's profile page lists the buildings it lets.
        sections.register(
            sections.ProfileSection(
                key="buildings",
                title="Buildings {name} lets",
                template="place/includes/landlord_buildings.html",
                items=lambda organisation: Building.objects.for_landlord(organisation),
            )
        )
        search.register(
            search.SearchSource(
                key="spaces",
                label="Office space",
                queryset=buildings_with_space,
                title_field="name",
                snippet_field="description",
                url_name="place:building",
            )
        )
