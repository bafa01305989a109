from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "apps.funding"
    label = "funding"
    verbose_name = "Funding"

    def ready(self):
        from apps.core.web import pagecache
        from apps.funding import models

        pagecache.private_models(models.Enquiry, models.Referral)
        from apps.core.web import search
        from apps.funding.models import Opportunity

        search.register(
            search.SearchSource(
                key="funding",
                label="Funding",
                # Closed opportunities leave search the day after they close, as on /funding/.
                queryset=lambda now, today: Opportunity.objects.published().not_closed(today),
                title_field="title",
                snippet_field="summary",
                url_name="funding:detail",
            )
        )
