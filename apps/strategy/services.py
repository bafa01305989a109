import datetime
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Sum

from apps.core.emails import send_templated_email
from apps.core.moderation import services as moderation
from apps.core.web import pagecache
from apps.funding.models import Referral
from apps.people.models import SkillLine, SurveyResponse, SurveyRound
from apps.place import services as place_services
from apps.place.models import Space
from apps.profile.models import Organisation
from apps.strategy.models import (
    Indicator,
    InvestmentEnquiry,
    Milestone,
    Observation,
    ProgressUpdate,
    UpdateProposal,
)


@transaction.atomic
def update_propose(*, action, values):
    """Store a lead or partner organisation's proposed update and email the link that
    confirms the proposer's address. It waits for review like any other submission."""
    proposal = UpdateProposal(action=action, **values)
    proposal.full_clean()
    proposal.save()
    moderation.submission_received(obj=proposal)
    return proposal


@transaction.atomic
def update_publish_proposal(*, proposal):
    """Turn an approved proposal into a published progress update (once)."""
    if proposal.update_id is not None:
        return proposal.update
    update = ProgressUpdate.objects.create(
        action=proposal.action,
        happened_on=proposal.happened_on,
        title=proposal.title,
        body=proposal.body,
        evidence_path=proposal.evidence_path,
        reported_by=proposal.organisation,
        is_published=True,
    )
    UpdateProposal.objects.filter(pk=proposal.pk).update(update=update)
    proposal.update = update
    return update


def _latest_round(today):
    return SurveyRound.objects.filter(opens_on__lte=today).order_by("-opens_on").first()


def _survey_sum(field, today, *, lines=True):
    survey_round = _latest_round(today)
    if survey_round is None:
        return None
    responses = SurveyResponse.objects.counted(survey_round)
    if lines:
        total = SkillLine.objects.filter(response__in=responses).aggregate(n=Sum(field))["n"]
    else:
        total = responses.aggregate(n=Sum(field))["n"]
    return total or 0, f"Skills survey: {survey_round.title}"


def _measure(source, today):
    """(value, source text) for a computed indicator on `today`, or None when the portal
    holds no data for it yet."""
    S = Indicator.Source
    if source == S.TECH_BUSINESSES:
        return (
            Organisation.objects.published().tech_businesses().count(),
            "Tech businesses in the portal's directory",
        )
    if source == S.SURVEY_HEADCOUNT:
        return _survey_sum("staff", today)
    if source == S.VACANCIES:
        return _survey_sum("vacancies", today)
    if source == S.SURVEY_GROWTH:
        return _survey_sum("headcount_change", today, lines=False)
    if source == S.DESKS_AVAILABLE:
        desks = Space.objects.live(today=today).aggregate(n=Sum("desks_max"))["n"]
        return desks or 0, "Office space listed on the portal"
    if source == S.DESKS_LET:
        return place_services.desks_let_total(), "Office space let through the portal"
    if source == S.REFERRALS:
        return Referral.objects.count(), "Funding team referrals"
    if source == S.FUNDING_SECURED:
        return Referral.objects.secured(), "Funding team referrals with a successful outcome"
    return None


@transaction.atomic
def indicators_snapshot(*, today):
    """Measure every computed indicator from the portal's own data and keep the value as
    the observation for `today`. Running it again on the same day replaces that day's
    value rather than adding another. Returns the number of indicators measured."""
    measured = 0
    for indicator in Indicator.objects.exclude(computed_from=""):
        found = _measure(indicator.computed_from, today)
        if found is None:
            continue
        value, source = found
        Observation.objects.update_or_create(
            indicator=indicator,
            observed_on=today,
            defaults={"value": value, "source": source, "is_computed": True},
        )
        measured += 1
    if measured:
        pagecache.content_changed()
    return measured


def changes_since(day):
    """What changed on the strategy since `day`: published updates and milestones met."""
    updates = ProgressUpdate.objects.for_feed().filter(happened_on__gte=day)
    milestones = (
        Milestone.objects.filter(completed_on__gte=day, action__is_published=True)
        .select_related("action")
        .order_by("-completed_on", "pk")
    )
    return updates, milestones


DEFAULT_CHANGES_WINDOW = datetime.timedelta(days=90)


def indicator_meta(indicator):
    """What a download says about the indicator it holds."""
    return {
        "name": indicator.name,
        "slug": indicator.slug,
        "definition": indicator.definition,
        "unit": indicator.unit,
        "direction": indicator.direction,
        "baseline": {
            "value": indicator.baseline_value,
            "date": indicator.baseline_on,
            "source": indicator.baseline_source,
        },
        "target": {
            "value": indicator.target_value,
            "date": indicator.target_on,
            "source": indicator.target_source,
        },
    }


def indicator_rows(indicator):
    """The indicator's series for its downloads: the baseline, every observation with the
    trajectory's value on its date, and the target, in date order."""
    rows = [
        {
            "date": indicator.baseline_on,
            "kind": "baseline",
            "value": indicator.baseline_value,
            "trajectory": indicator.baseline_value,
            "source": indicator.baseline_source,
        }
    ]
    for observation in indicator.observations.all():
        rows.append(
            {
                "date": observation.observed_on,
                "kind": "computed" if observation.is_computed else "observation",
                "value": observation.value,
                "trajectory": indicator.expected_on(observation.observed_on).quantize(
                    Decimal("0.01")
                ),
                "source": observation.source,
            }
        )
    rows.append(
        {
            "date": indicator.target_on,
            "kind": "target",
            "value": indicator.target_value,
            "trajectory": indicator.target_value,
            "source": indicator.target_source,
        }
    )
    return rows


@transaction.atomic
def investment_enquiry_submit(*, values):
    """Store an enquiry to the inward-investment team, tell the team, and acknowledge it.

    The acknowledgement goes to an address the sender typed, so it repeats none of what
    they wrote: only the reference and what happens next."""
    enquiry = InvestmentEnquiry(**values)
    enquiry.full_clean()
    enquiry.save()
    send_templated_email(
        to=settings.INVEST_TEAM_EMAIL,
        template="invest_enquiry_staff",
        context={"enquiry": enquiry},
        reply_to=enquiry.contact_email,
    )
    send_templated_email(
        to=enquiry.contact_email,
        template="invest_enquiry_received",
        context={"enquiry": enquiry},
        reply_to=settings.INVEST_TEAM_EMAIL,
    )
    return enquiry
