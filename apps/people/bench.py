"""Benchmark data for people: 150 skills, three survey rounds with 20,000 responses and
200,000 skill lines (at scale 1), and 2,000 courses. Sizes and shares are in demo/bench.yaml.

Moderation tail: some responses are pending, rejected or unconfirmed, and some
organisations answer twice in a round, so `current()` has superseded rows to skip.
"""

import datetime
import importlib

from django.utils import timezone
from django.utils.text import slugify

from apps.core import demodata
from apps.core.bench import link, pick_status, sentence
from apps.core.moderation.models import Status
from apps.people.models import Course, Skill, SkillCategory, SkillLine, SurveyResponse, SurveyRound
from apps.profile.models import Organisation


def _skills(count):
    taxonomy = importlib.import_module("apps.people.migrations.0002_default_taxonomy").TAXONOMY
    categories, skills = [], []
    for position, (name, description, entries) in enumerate(taxonomy):
        category = SkillCategory(
            name=name, slug=slugify(name), description=description, position=position
        )
        categories.append(category)
        skills.extend((category, skill, code) for skill, code in entries)
    SkillCategory.objects.bulk_create(categories)
    i = 0
    while len(skills) < count:  # a wider taxonomy than the default one
        category = categories[i % len(categories)]
        skills.append((category, f"{category.name}: specialism {i + 1}", ""))
        i += 1
    return Skill.objects.bulk_create(
        [
            Skill(category=category, name=name, slug=slugify(name), sfia_code=code)
            for category, name, code in skills
        ]
    )


def _rounds(shares):
    """One round a year, the latest opened a month ago, each with the demo's introduction."""
    today = timezone.localdate()
    introduction = demodata.sets_of("people.SurveyRound")[0]["defaults"]["introduction"]
    rounds = []
    for n, label in enumerate(shares):
        years_ago = len(shares) - 1 - n
        opens = today - datetime.timedelta(days=365 * years_ago + 30)
        rounds.append(
            SurveyRound(
                title=f"Skills survey {label}",
                slug=f"skills-survey-{label}",
                opens_on=opens,
                closes_on=opens + datetime.timedelta(days=90),
                introduction=introduction,
            )
        )
    return SurveyRound.objects.bulk_create(rounds)


def seed(scale, rng):
    definitions = demodata.bench("people")
    skills = _skills(definitions["skills"])
    shares = definitions["rounds"]
    rounds = _rounds(shares)
    responses = SurveyResponse.objects.bulk_create(
        _responses(scale, rng, definitions, zip(rounds, shares.values(), strict=True)),
        batch_size=2000,
    )
    skill_ids = [s.pk for s in skills]
    # Some skills are far more common than others, as in a real survey.
    weights = [1 + (k % 10) ** 2 for k in range(len(skill_ids))]
    lines = []
    for response in responses:
        chosen = set()
        while len(chosen) < definitions["lines_per_response"]:
            chosen.add(rng.choices(skill_ids, weights)[0])
        for skill_id in chosen:
            lines.append(
                SkillLine(
                    response_id=response.pk,
                    skill_id=skill_id,
                    staff=rng.randint(0, 40),
                    vacancies=rng.randint(0, 6),
                    difficulty=rng.randint(1, 5),
                    training_need=rng.random() < 0.35,
                )
            )
        if len(lines) >= 20_000:
            SkillLine.objects.bulk_create(lines)
            lines = []
    SkillLine.objects.bulk_create(lines)
    n_courses = _courses(scale, rng, definitions, skills)
    n_lines = SkillLine.objects.count()
    return (
        f"{len(skills)} skills, {len(rounds)} rounds, {len(responses)} responses, "
        f"{n_lines} skill lines, {n_courses} courses"
    )


def _responses(scale, rng, definitions, rounds_and_shares):
    now = timezone.now()
    organisations = list(
        Organisation.objects.exclude(status=Status.UNCONFIRMED).values_list("pk", flat=True)
    )
    total = max(1, round(definitions["responses"] * scale))
    turned = [t for t, _ in SurveyResponse.TurnedAway.choices]
    i = 0
    for survey_round, share in rounds_and_shares:
        count = round(total * share)
        # About one in twenty answers twice; the later answer replaces the earlier.
        respondents = rng.sample(organisations, min(count - count // 20, len(organisations)))
        respondents += rng.sample(respondents, min(count // 20, len(respondents)))
        start = datetime.datetime.combine(
            survey_round.opens_on, datetime.time(9), tzinfo=datetime.UTC
        )
        for organisation_id in respondents:
            status = pick_status(rng, definitions["statuses"])
            submitted = min(now, start + datetime.timedelta(minutes=rng.randint(0, 60 * 24 * 80)))
            yield SurveyResponse(
                round=survey_round,
                organisation_id=organisation_id,
                headcount_change=rng.randint(-5, 20),
                turned_away_work=rng.choice(turned),
                apprentices=rng.randint(0, 4),
                status=status,
                reference=f"R{i:07d}",
                contact_email=f"survey{i}@example.org",
                submitted_at=submitted,
                confirmed_at=submitted if status != Status.UNCONFIRMED else None,
                reviewed_at=submitted if status in (Status.PUBLISHED, Status.REJECTED) else None,
            )
            i += 1


def _courses(scale, rng, definitions, skills):
    """Courses on the skills, at the costs and durations of the demo's courses."""
    today = timezone.localdate()
    demo = demodata.rows("people.Course")
    providers = list(
        Organisation.objects.filter(
            kind__in=[Organisation.Kind.TRAINING, Organisation.Kind.UNIVERSITY]
        ).values_list("pk", flat=True)
    )
    levels = [v for v, _ in Course.Level.choices]
    modes = [v for v, _ in Course.Mode.choices]
    n = max(1, round(definitions["courses"] * scale))
    courses = []
    for c in range(n):
        like = rng.choice(demo)
        courses.append(
            Course(
                provider_id=rng.choice(providers),
                title=f"{rng.choice(skills).name} course {c}"[:150],
                slug=f"course-{c}",
                summary=sentence(rng, 20)[:300],
                level=rng.choice(levels),
                mode=rng.choice(modes),
                cost=like["cost"],
                duration=like["duration"],
                next_start=rng.choice(
                    [None, today + datetime.timedelta(days=rng.randint(-30, 200))]
                ),
                url=f"https://example.org/courses/{c}",
                is_active=rng.random() < 0.92,
            )
        )
    courses = Course.objects.bulk_create(courses, batch_size=1000)
    link(
        Course.skills,
        [
            (course.pk, skill.pk)
            for course in courses
            for skill in rng.sample(skills, rng.randint(1, 4))
        ],
    )
    return n
