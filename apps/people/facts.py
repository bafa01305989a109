"""Key facts from the skills survey, for apps.profile.facts (registered in PeopleConfig.ready)."""

from django.urls import reverse

from apps.people import skills_map
from apps.people.models import SurveyRound
from apps.profile.facts import Fact


def survey_facts(today):
    """Vacancies, expected growth in headcount and work turned away, from the newest
    started round with enough respondents to show. The vacancies total is quoted only
    when every category's own total is shown: otherwise the total less the shown
    categories would give a suppressed one."""
    for survey_round in SurveyRound.objects.started(today)[:2]:
        found = skills_map.shared(survey_round=survey_round, heatmap=False)
        if found.respondents_visible:
            break
    else:
        return []
    n = found.respondents
    who = f"the {n:,} businesses answering the {survey_round.title}"
    source = f"{survey_round.title}, Newcastle Gateshead Tech skills map"
    url = reverse("people:skills_map")
    as_of = min(today, survey_round.closes_on)
    facts = []
    # A category with no answers at all hides nothing.
    if all(c.figures.visible or c.figures.orgs == 0 for c in found.categories):
        vacancies = sum(category.figures.vacancies for category in found.categories)
        facts.append(
            Fact(
                figure=f"{vacancies:,}",
                statement=f"vacancies needing digital skills expected over the next 12 "
                f"months at {who}, counted per skill",
                source=source,
                source_url=url,
                as_of=as_of,
                position=10,
            )
        )
    headline = found.headline
    if headline["headcount_change"] is not None:
        facts.append(
            Fact(
                figure=f"{headline['headcount_change']:+,}",
                statement=f"expected change in headcount over 12 months at {who}",
                source=source,
                source_url=url,
                as_of=as_of,
                position=11,
                is_headline=False,
            )
        )
    facts.append(
        Fact(
            figure=f"{headline['turned_away']:,} of {n:,}",
            statement="businesses answering the survey turned work away for lack of skills",
            source=source,
            source_url=url,
            as_of=as_of,
            position=12,
            is_headline=False,
        )
    )
    return facts
