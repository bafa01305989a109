"""/sitemap.xml: only published, public pages. Each section uses its app's public queryset."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from apps.events.models import Event
from apps.funding.models import Opportunity
from apps.opendata import registry
from apps.place.models import Building, Space
from apps.profile.models import Industry, Organisation, Story
from apps.programmes.models import Programme
from apps.strategy.models import Action, Indicator


class StaticPages(Sitemap):
    changefreq = "weekly"

    def items(self):
        return [
            "home",
            "profile:directory",
            "stories:index",
            "brand:index",
            "funding:index",
            "strategy:overview",
            "strategy:actions",
            "strategy:indicators",
            "programmes:index",
            "ecosystem",
            "events:index",
            "industries:index",
            "opendata:catalogue",
            "core:search",
            "core:about",
            "core:accessibility",
            "core:privacy",
        ]

    def location(self, item):
        return reverse(item)


class Organisations(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Organisation.objects.published().only("slug").order_by("pk")


class Stories(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Story.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, story):
        return story.updated_at


class FundingOpportunities(Sitemap):
    changefreq = "weekly"

    def items(self):
        return (
            Opportunity.objects.published()
            .not_closed(timezone.localdate())
            .only("slug", "updated_at")
            .order_by("pk")
        )

    def lastmod(self, opportunity):
        return opportunity.updated_at


class Spaces(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Space.objects.live().only("slug").order_by("pk")


class Buildings(Sitemap):
    changefreq = "weekly"

    def items(self):
        live = Space.objects.live().filter(building=OuterRef("pk"))
        return Building.objects.published().filter(Exists(live)).only("slug").order_by("pk")


class StrategyActions(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Action.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, action):
        return action.updated_at


class StrategyIndicators(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Indicator.objects.published().only("slug").order_by("pk")


class Events(Sitemap):
    changefreq = "daily"

    def items(self):
        # Events whose last occurrence has not passed.
        return Event.objects.not_over(timezone.now()).only("slug", "updated_at").order_by("pk")

    def lastmod(self, event):
        return event.updated_at


class Programmes(Sitemap):
    changefreq = "weekly"

    def items(self):
        # A programme leaves the day after its last window closes, as on /programmes/.
        return (
            Programme.objects.current(timezone.localdate())
            .only("slug", "updated_at")
            .order_by("pk")
        )

    def lastmod(self, programme):
        return programme.updated_at


class Industries(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Industry.objects.only("slug").order_by("pk")


class Datasets(Sitemap):
    changefreq = "weekly"

    def items(self):
        return [dataset.name for dataset in registry.all_datasets()]

    def location(self, name):
        return reverse("opendata:dataset", args=[name])


SITEMAPS = {
    "pages": StaticPages,
    "organisations": Organisations,
    "stories": Stories,
    "funding": FundingOpportunities,
    "spaces": Spaces,
    "buildings": Buildings,
    "strategy-actions": StrategyActions,
    "strategy-indicators": StrategyIndicators,
    "events": Events,
    "programmes": Programmes,
    "industries": Industries,
    "datasets": Datasets,
}
