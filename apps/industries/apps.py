from django.apps import AppConfig


class IndustriesConfig(AppConfig):
    name = "apps.industries"
    label = "industries"
    verbose_name = "Industries and partner requests"

    def ready(self):
        from apps.core.web import pagecache, search
        from apps.industries.models import PartnerReferral, PartnerRequest
        from apps.profile.models import Industry

        # Requests and referrals are private to staff: writing them changes no public page.
        pagecache.private_models(PartnerRequest, PartnerReferral)
        search.register(
            search.SearchSource(
                key="industries",
                label="Industries",
                queryset=lambda now, today: Industry.objects.all(),
                title_field="name",
                snippet_field="summary",
                url_name="industries:detail",
            )
        )
