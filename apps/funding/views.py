from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from apps.core.security.ratelimit import ratelimit
from apps.funding import services
from apps.funding.filters import OpportunityFilter
from apps.funding.forms import EnquiryForm
from apps.funding.models import Opportunity

PAGE_SIZE = 20


def index(request):
    today = timezone.localdate()
    filterset = OpportunityFilter(
        request.GET, queryset=Opportunity.objects.for_listing(today), today=today
    )
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "funding/index.html",
        {
            "filter": filterset,
            "page_obj": page,
            "today": today,
            "form": EnquiryForm(auto_id="ask-%s"),
        },
    )


def opportunity_detail(request, slug):
    today = timezone.localdate()
    opportunity = get_object_or_404(Opportunity.objects.for_listing(today), slug=slug)
    return render(
        request,
        "funding/detail.html",
        {"opportunity": opportunity, "is_open": opportunity.is_open_on(today)},
    )


@ratelimit(name="funding-ask", limit=10)
def ask(request):
    if request.method == "POST":
        form = EnquiryForm(request.POST, auto_id="ask-%s")
        if form.is_valid():
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
