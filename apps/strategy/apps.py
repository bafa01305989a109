from django.apps import AppConfig


class StrategyConfig(AppConfig):
    name = "apps.strategy"
    label = "strategy"
    verbose_name = "Strategy: actions and indicators"

    def ready(self):
        from apps.core.web import pagecache, search
        from apps.strategy import signals  # noqa: F401 - signals connects its receivers
        from apps.strategy.models import Action, InvestmentEnquiry, InvestmentReferral

        pagecache.private_models(InvestmentEnquiry, InvestmentReferral)

        search.register(
            search.SearchSource(
                key="strategy",
                label="Strategy actions",
                queryset=lambda now, today: Action.objects.published(),
                title_field="title",
                snippet_field="summary",
                url_name="strategy:action",
            )
        )
