"""The strategy in public: /strategy/, its actions, progress updates, feed and indicators."""

import csv
import datetime

from django import forms
from django.contrib.syndication.views import Feed
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from apps.core.security.ratelimit import ratelimit, within_limit
from apps.core.views import granted, manage_expired, save_submitter_edit
from apps.core.web.forms import date_input
from apps.core.web.lists import ListPage
from apps.core.web.spreadsheet import csv_cell
from apps.core.web.text import one_line, without_controls
from apps.strategy import ecosystem, invest, progress, services
from apps.strategy.filters import ActionFilter
from apps.strategy.forms import InvestmentEnquiryForm, UpdateProposalEditForm, UpdateProposalForm
from apps.strategy.models import (
    Action,
    Indicator,
    ProgressUpdate,
    Strand,
    Theme,
    UpdateProposal,
)

FEED_SIZE = 30


def _with_readings():
    """Published indicators, each with its `reading` for today."""
    today = timezone.localdate()
    indicators = list(Indicator.objects.for_listing())
    for indicator in indicators:
        indicator.reading = progress.reading(indicator, indicator.observations.all(), today)
    return indicators


def overview(request):
    indicators = _with_readings()
    actions = list(Action.objects.for_listing())
    themes = [
        (value, label, [s for s in Strand.objects.order_by("position", "name") if s.theme == value])
        for value, label in Theme.choices
    ]
    counts = {s: sum(1 for a in actions if a.status == s) for s in Action.Status.values}
    return render(
        request,
        "strategy/overview.html",
        {"indicators": indicators, "actions": actions, "themes": themes, "counts": counts},
    )


class ActionListPage(ListPage):
    filterset_class = ActionFilter
    template_name = "strategy/actions.html"
    paginate_by = 20

    def get_queryset(self):
        return Action.objects.for_listing()


def action_detail(request, slug):
    action = get_object_or_404(Action.objects.for_page(), slug=slug)
    return render(request, "strategy/action.html", {"action": action})


@ratelimit(name="strategy-report", limit=30, email_field="contact_email")
def action_report(request, slug):
    action = get_object_or_404(Action.objects.published(), slug=slug)
    form = UpdateProposalForm(request.POST or None, action=action)
    if request.method == "POST" and within_limit(request, form) and form.is_valid():
        proposal = services.update_propose(action=action, values=form.proposal_values())
        request.session["submitted_to"] = proposal.contact_email
        return redirect("strategy:report_sent")
    return render(request, "strategy/report.html", {"action": action, "form": form})


@ratelimit(name="strategy-report-edit", limit=30)
def report_edit(request, reference):
    """From a manage link: the proposer changes a progress update that waits for review
    or was turned down (changed, it goes back into the queue). Once published it is a
    progress update of the action, and the link opens its status page instead."""
    proposal = granted(request, reference, "manage", UpdateProposal)
    if proposal is None:
        return manage_expired(request)
    if not proposal.submitter_can_edit():
        return redirect("core:status", reference)
    form = UpdateProposalEditForm(request.POST or None, instance=proposal, action=proposal.action)
    if request.method == "POST" and within_limit(request, form) and form.is_valid():
        return save_submitter_edit(
            request, obj=proposal, values=form.proposal_values(), noun="progress update"
        )
    return render(request, "strategy/report_edit.html", {"proposal": proposal, "form": form})


class SinceForm(forms.Form):
    since = forms.DateField(
        label="Show changes since",
        help_text="For example, 1/9/2026.",
        widget=date_input({"class": "input-short"}),
    )


def changes(request):
    default = timezone.localdate() - services.DEFAULT_CHANGES_WINDOW
    form = SinceForm(request.GET or {"since": default})
    since = form.cleaned_data["since"] if form.is_valid() else default
    updates, milestones = services.changes_since(since)
    return render(
        request,
        "strategy/changes.html",
        {"form": form, "since": since, "updates": updates, "milestones": milestones},
    )


class UpdateFeed(Feed):
    feed_type = Atom1Feed
    title = "Newcastle Gateshead Tech strategy: progress updates"
    subtitle = "What has been done on the tech-sector strategy's actions, and by whom."
    link = reverse_lazy("strategy:overview")
    feed_url = reverse_lazy("strategy:feed")

    def items(self):
        return ProgressUpdate.objects.for_feed()[:FEED_SIZE]

    def item_title(self, item):
        # Staff and proposers' text may hold characters XML 1.0 cannot carry.
        return one_line(f"{item.action.title}: {item.title}")

    def item_description(self, item):
        return without_controls(item.body)

    def item_pubdate(self, item):
        return datetime.datetime.combine(item.happened_on, datetime.time(12), tzinfo=datetime.UTC)

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return one_line(item.reported_by.name) if item.reported_by else "Strategy team"

    def item_categories(self, item):
        return [one_line(item.action.strand.name), item.action.strand.get_theme_display()]


def indicator_list(request):
    return render(request, "strategy/indicators.html", {"indicators": _with_readings()})


def indicator_detail(request, slug):
    indicator = get_object_or_404(Indicator.objects.for_listing(), slug=slug)
    observations = list(indicator.observations.all())
    context = {
        "indicator": indicator,
        "observations": observations,
        "reading": progress.reading(indicator, observations, timezone.localdate()),
        "chart": progress.chart(indicator, observations),
    }
    return render(request, "strategy/indicator.html", context)


def indicator_download(request, slug, fmt):
    indicator = get_object_or_404(Indicator.objects.for_listing(), slug=slug)
    rows = services.indicator_rows(indicator)
    if fmt == "json":
        return JsonResponse({"indicator": services.indicator_meta(indicator), "rows": rows})
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{indicator.slug}.csv"'
    writer = csv.writer(response)
    writer.writerow(list(rows[0]))
    writer.writerows([csv_cell(value) for value in row.values()] for row in rows)
    return response


def ecosystem_dashboard(request):
    return render(request, "strategy/ecosystem.html", ecosystem.dashboard())


def invest_front_door(request):
    context = {**invest.front_door(), **ecosystem.headline(), "indicators": _with_readings()[:3]}
    return render(request, "strategy/invest.html", context)


@ratelimit(name="invest-enquiry", limit=30, email_field="contact_email")
def invest_enquiry(request):
    form = InvestmentEnquiryForm(request.POST or None, auto_id="invest-%s")
    if request.method == "POST" and within_limit(request, form) and form.is_valid():
        enquiry = services.investment_enquiry_submit(values=form.submit_values())
        request.session["invest_enquiry"] = enquiry.reference
        request.session["invest_enquiry_email"] = enquiry.contact_email
        return redirect("invest:thanks")
    return render(request, "strategy/invest_enquiry.html", {"form": form})


def invest_thanks(request):
    reference = request.session.get("invest_enquiry")
    if not reference:
        return redirect("invest:enquiry")
    email = request.session.get("invest_enquiry_email")
    return render(request, "strategy/invest_thanks.html", {"reference": reference, "email": email})


def sector_profile(request):
    """The sector profile PDF, made from live data on request; the shared page cache keeps
    it until the data changes."""
    response = HttpResponse(invest.sector_profile_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="newcastle-gateshead-tech-profile.pdf"'
    return response
