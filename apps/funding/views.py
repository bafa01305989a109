from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import cached_property

from apps.core.security.ratelimit import ratelimit, within_limit
from apps.core.web.lists import ListPage
from apps.funding import services
from apps.funding.filters import OpportunityFilter
from apps.funding.forms import EnquiryForm
from apps.funding.models import Opportunity


class OpportunityListPage(ListPage):
    filterset_class = OpportunityFilter
    template_name = "funding/index.html"
    paginate_by = 20

    @cached_property
    def today(self):
        """The one date the listing, the open-now filter and the cards all use."""
        return timezone.localdate()

    def get_queryset(self):
        return Opportunity.objects.for_listing(self.today)

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "today": self.today}

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, today=self.today)


def opportunity_detail(request, slug):
    today = timezone.localdate()
    opportunity = get_object_or_404(Opportunity.objects.for_listing(today), slug=slug)
    return render(
        request,
        "funding/detail.html",
        {"opportunity": opportunity, "is_open": opportunity.is_open_on(today)},
    )


@ratelimit(name="funding-ask", limit=30, email_field="contact_email")
def ask(request):
    if request.method == "POST":
        form = EnquiryForm(request.POST, auto_id="ask-%s")
        if within_limit(request, form) and form.is_valid():
            enquiry = services.enquiry_submit(values=form.submit_values())
            request.session["funding_enquiry"] = enquiry.reference
            request.session["funding_enquiry_email"] = enquiry.contact_email
            return redirect("funding:thanks")
    else:
        form = EnquiryForm(auto_id="ask-%s")
    return render(request, "funding/ask.html", {"form": form})


def thanks(request):
    reference = request.session.get("funding_enquiry")
    if not reference:
        return redirect("funding:ask")
    return render(
        request,
        "funding/thanks.html",
        {"reference": reference, "email": request.session.get("funding_enquiry_email")},
    )
