"""The demo's skills survey: two rounds, and answers drawn from the skill vocabularies in
demo/survey.yaml with a fixed seed for each organisation and round, so every load draws
the same ones. apps.core.demodata calls these and writes the rows they return."""

import datetime
import random

from django.utils import timezone

from apps.people.models import Skill, SurveyRound
from apps.profile.models import Organisation


def demo_rounds(loader):
    """Last year's round and the current one, open today (the survey year starts in
    September; the current round closes in December, or a fortnight from now if later)."""
    today = timezone.localdate()
    year = today.year if today.month >= 9 else today.year - 1
    closes = max(datetime.date(year, 12, 19), today + datetime.timedelta(days=14))
    closes = min(closes, datetime.date(year + 1, 8, 31))
    return [
        {
            "slug": f"skills-survey-{y}",
            "title": f"Skills survey {y}",
            "opens_on": datetime.date(y, 9, 1),
            "closes_on": close,
        }
        for y, close in ((year - 1, datetime.date(year - 1, 12, 19)), (year, closes))
    ]


def demo_responses(loader, *, not_asked, pending, turned_away, staff_scale, vocabulary):
    """Every published business written so far answers the current round; two in three
    answered the first."""
    rounds = sorted(loader.written[SurveyRound], key=lambda r: r.opens_on)
    respondents = list(
        Organisation.objects.filter(pk__in=[o.pk for o in loader.written[Organisation]])
        .published()
        .exclude(kind__in=not_asked)
        .prefetch_related("sectors")
        .order_by("slug")
    )
    skills = set(Skill.objects.active().values_list("slug", flat=True))
    rows = []
    for round_index, survey_round in enumerate(rounds):
        taking_part = respondents if round_index else respondents[::3] + respondents[1::3]
        for organisation in taking_part:
            rng = random.Random(f"{survey_round.slug}:{organisation.slug}")  # noqa: S311
            scale = staff_scale.get(organisation.employee_band, 3)
            row = {
                "round": survey_round,
                "organisation": organisation,
                "headcount_change": rng.randint(-2, 4 + scale // 3),
                "turned_away_work": rng.choice(turned_away),
                "apprentices": rng.randint(0, 2 + scale // 5),
                "contact_email": organisation.contact_email,
                "submitted_at": timezone.make_aware(
                    datetime.datetime.combine(survey_round.opens_on, datetime.time(10))
                )
                + datetime.timedelta(days=rng.randint(0, 40)),
            }
            if round_index == 1 and organisation.slug in pending:
                row["status"] = "pending"
            sectors = [s.slug for s in organisation.sectors.all()]
            row["lines"] = lines(rng, vocabulary, skills, sectors, scale, round_index)
            rows.append(row)
    return rows


def lines(rng, vocabulary, skills, sectors, scale, round_index):
    """Seven to twelve skills an organisation reports: common ones and its sectors'
    specialist ones, plus four from the whole taxonomy (businesses do more than their
    sectors say), so that most skills have enough organisations behind them to show.
    Demand for the hard-to-fill skills grew between rounds."""
    pool = [s for s in vocabulary["common"] if s in skills]
    for slug in sectors:
        pool += [s for s in vocabulary["by_sector"].get(slug, []) if s in skills]
    pool += rng.sample(sorted(skills), k=min(4, len(skills)))
    chosen = rng.sample(sorted(set(pool)), k=min(len(set(pool)), rng.randint(7, 12)))
    rows = []
    for slug in chosen:
        hard = slug in vocabulary["hard"]
        bump = (1 + round_index) if hard else 0
        difficulty = min(5, max(1, rng.randint(2, 4) + bump))
        rows.append(
            {
                "skill": slug,
                "staff": rng.randint(0, scale * 2),
                "vacancies": rng.randint(0, max(1, scale // 2))
                + (round_index * rng.randint(0, 2) if hard else 0),
                "difficulty": difficulty,
                "training_need": rng.random() < (0.55 if hard else 0.3),
            }
        )
    return rows
