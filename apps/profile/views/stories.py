"""Stories: news, case studies and interviews at /stories/, and their Atom feed."""

from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.cache import never_cache

from apps.core.security.two_factor import staff_page
from apps.core.web.lists import ListPage
from apps.profile.filters import StoryFilter
from apps.profile.models import Organisation, Story

FEED_SIZE = 20


class StoryListPage(ListPage):
    filterset_class = StoryFilter
    template_name = "profile/stories/list.html"
    paginate_by = 12

    def get_queryset(self):
        return Story.objects.for_cards()


def story_detail(request, slug):
    story = get_object_or_404(Story.objects.for_listing(), slug=slug)
    return render(request, "profile/stories/detail.html", {"story": story})


# Drafts are for staff who passed the second factor and may view stories.
@staff_page("profile.view_story")
@never_cache
def story_preview(request, pk):
    """Any story, whatever its status or date, as the public would see it once live."""
    story = get_object_or_404(
        Story.objects.prefetch_related(
            Prefetch("organisations", queryset=Organisation.objects.published())
        ),
        pk=pk,
    )
    response = render(request, "profile/stories/detail.html", {"story": story, "preview": True})
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


class StoryFeed(Feed):
    feed_type = Atom1Feed
    title = "Newcastle Gateshead Tech: stories"
    subtitle = "News, case studies and interviews from the Newcastle and Gateshead tech sector."
    link = reverse_lazy("stories:index")
    feed_url = reverse_lazy("stories:feed")

    def items(self):
        # Only what is live now: drafts and scheduled stories never reach the feed.
        return Story.objects.published().order_by("-published_at", "pk")[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return max(item.updated_at, item.published_at)

    def item_author_name(self, item):
        return item.author or None

    def item_categories(self, item):
        return [item.get_kind_display(), item.get_theme_display()]
