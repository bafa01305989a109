"""Cross-sector matchmaking in public: /industries/, an industry's page for a buyer from
it, and the "find me a partner" form."""

from django.db.models import Count, Exists, OuterRef, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import cached_property

from apps.core.moderation.models import Status
from apps.core.security.ratelimit import ratelimit, within_limit
from apps.core.web.lists import ListPage
from apps.industries import services
from apps.industries.filters import IndustryBusinessFilter
from apps.industries.forms import PartnerRequestForm
from apps.industries.models import IndustrySkill
from apps.profile.models import Industry, Organisation, Story
from apps.programmes.models import Programme

# How many of each related thing an industry's page shows beside its businesses.
STORIES_SHOWN = 3
PROGRAMMES_SHOWN = 4


def industry_index(request):
    industries = Industry.objects.with_business_count().order_by("display_order", "name")
    return render(request, "industries/index.html", {"industries": industries})


def stories_for(industry):
    """Public stories featuring a published business that serves `industry`, newest first."""
    serving = Organisation.objects.published().serving(industry)
    featured = Story.organisations.through.objects.filter(
        story=OuterRef("pk"), organisation__in=serving.values("pk")
    )
    return Story.objects.for_cards().filter(Exists(featured))


def programmes_for(industry, today):
    """Current programmes aimed at one of the tech sectors staff say matter to `industry`.
    Programmes open to any sector are not listed: they are on /programmes/."""
    sectors = Programme.sectors.through.objects.filter(
        programme=OuterRef("pk"), sector__industries=industry
    )
    return Programme.objects.for_listing(today).filter(Exists(sectors))


def skills_for(industry):
    """The active skills staff say matter to `industry`, each with how many listed local
    courses teach it (`course_count`)."""
    return (
        IndustrySkill.objects.filter(industry=industry, skill__is_active=True)
        .select_related("skill")
        .annotate(
            course_count=Count(
                "skill__courses",
                filter=Q(
                    skill__courses__is_active=True,
                    skill__courses__provider__status=Status.PUBLISHED,
                ),
            )
        )
        .order_by("position", "skill__name")
    )


class IndustryPage(ListPage):
    """An industry's page: the tech businesses serving it, with their cases, then the
    stories, skills and programmes that matter to a buyer from it."""

    filterset_class = IndustryBusinessFilter
    template_name = "industries/detail.html"
    paginate_by = 20

    @cached_property
    def industry(self):
        return get_object_or_404(Industry, slug=self.kwargs["slug"])

    def get_queryset(self):
        return Organisation.objects.for_directory().serving(self.industry)

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        return super().get_context_data(
            **kwargs,
            industry=self.industry,
            stories=list(stories_for(self.industry)[:STORIES_SHOWN]),
            skills=list(skills_for(self.industry)),
            programmes=list(programmes_for(self.industry, today)[:PROGRAMMES_SHOWN]),
            today=today,
        )


@ratelimit(name="partner-request", limit=10, email_field="contact_email")
def find_partner(request, slug):
    industry = get_object_or_404(Industry, slug=slug)
    if request.method == "POST":
        form = PartnerRequestForm(request.POST, auto_id="partner-%s")
        if within_limit(request, form) and form.is_valid():
            partner_request = services.partner_request_submit(
                values={**form.request_values(), "industry": industry}
            )
            request.session["submitted_to"] = partner_request.contact_email
            return redirect("industries:request_sent")
    else:
        form = PartnerRequestForm(auto_id="partner-%s")
    return render(request, "industries/find_partner.html", {"industry": industry, "form": form})
