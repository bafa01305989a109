"""Benchmark data for people: 150 skills, three survey rounds with 20,000 responses and
200,000 skill lines (at scale 1), and 2,000 courses.

Moderation tail: some responses are pending, rejected or unconfirmed, and some
organisations answer twice in a round, so `current()` has superseded rows to skip.
"""

import datetime
import importlib

from django.utils import timezone
from django.utils.text import slugify

from apps.core.moderation.models import Status
from apps.people.models import Course, Skill, SkillCategory, SkillLine, SurveyResponse, SurveyRound
from apps.profile.bench import pick_status, sentence
from apps.profile.models import Organisation

SKILLS = 150
RESPONSES = 20_000
LINES_PER_RESPONSE = 10
COURSES = 2_000
# Responses per round, oldest first: the latest round is the busiest.
ROUND_SHARES = (0.25, 0.35, 0.40)
RESPONSE_STATUSES = [
    (Status.PUBLISHED, 0.86),
    (Status.PENDING, 0.06),
    (Status.REJECTED, 0.04),
    (Status.UNCONFIRMED, 0.04),
]


def _skills():
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
    while len(skills) < SKILLS:  # a wider taxonomy than the default one
        category = categories[i % len(categories)]
        skills.append((category, f"{category.name}: specialism {i + 1}", ""))
        i += 1
    return Skill.objects.bulk_create(
        [
            Skill(category=category, name=name, slug=slugify(name), sfia_code=code)
            for category, name, code in skills
        ]
    )


def seed(scale, rng):
    now = timezone.now()
    today = timezone.localdate()
    skills = _skills()
    year = datetime.timedelta(days=365)
    rounds = SurveyRound.objects.bulk_create(
        [
            SurveyRound(
                title=f"Skills survey {label}",
                slug=f"skills-survey-{label}",
                opens_on=opens,
                closes_on=opens + datetime.timedelta(days=90),
                introduction="Tell us which digital skills you have and need.",
            )
            for label, opens in [
                ("two-years-ago", today - 2 * year - datetime.timedelta(days=30)),
                ("last-year", today - year - datetime.timedelta(days=30)),
                ("this-year", today - datetime.timedelta(days=30)),
            ]
        ]
    )
    organisations = list(
        Organisation.objects.exclude(status=Status.UNCONFIRMED).values_list("pk", flat=True)
    )
    total = max(1, round(RESPONSES * scale))
    responses = []
    turned = [t for t, _ in SurveyResponse.TurnedAway.choices]
    i = 0
    for survey_round, share in zip(rounds, ROUND_SHARES, strict=True):
        count = round(total * share)
        # About one in twenty answers twice; the later answer replaces the earlier.
        respondents = rng.sample(organisations, min(count - count // 20, len(organisations)))
        respondents += rng.sample(respondents, min(count // 20, len(respondents)))
        start = datetime.datetime.combine(
            survey_round.opens_on, datetime.time(9), tzinfo=datetime.UTC
        )
        for organisation_id in respondents:
            status = pick_status(rng, RESPONSE_STATUSES)
            submitted = min(now, start + datetime.timedelta(minutes=rng.randint(0, 60 * 24 * 80)))
            responses.append(
                SurveyResponse(
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
                    reviewed_at=submitted
                    if status in (Status.PUBLISHED, Status.REJECTED)
                    else None,
                )
            )
            i += 1
    responses = SurveyResponse.objects.bulk_create(responses, batch_size=2000)
    skill_ids = [s.pk for s in skills]
    # Some skills are far more common than others, as in a real survey.
    weights = [1 + (k % 10) ** 2 for k in range(len(skill_ids))]
    lines = []
    for response in responses:
        chosen = set()
        while len(chosen) < LINES_PER_RESPONSE:
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

    providers = list(
        Organisation.objects.filter(
            kind__in=[Organisation.Kind.TRAINING, Organisation.Kind.UNIVERSITY]
        ).values_list("pk", flat=True)
    )
    levels = [v for v, _ in Course.Level.choices]
    modes = [v for v, _ in Course.Mode.choices]
    n_courses = max(1, round(COURSES * scale))
    courses = Course.objects.bulk_create(
        [
            Course(
                provider_id=rng.choice(providers),
                title=f"{rng.choice(skills).name} course {c}"[:150],
                slug=f"course-{c}",
                summary=sentence(rng, 20)[:300],
                level=rng.choice(levels),
                mode=rng.choice(modes),
                cost=rng.choice([0, 0, 150, 495, 1200, 9250]),
                duration=rng.choice(["1 day", "6 weeks, part time", "12 weeks", "1 year"]),
                next_start=rng.choice(
                    [None, today + datetime.timedelta(days=rng.randint(-30, 200))]
                ),
                url=f"https://example.org/courses/{c}",
                is_active=rng.random() < 0.92,
            )
            for c in range(n_courses)
        ],
        batch_size=1000,
    )
    through = Course.skills.through
    through.objects.bulk_create(
        [
            through(course_id=course.pk, skill_id=skill.pk)
            for course in courses
            for skill in rng.sample(skills, rng.randint(1, 4))
        ],
        batch_size=5000,
    )
    n_lines = SkillLine.objects.count()
    return (
        f"{len(skills)} skills, {len(rounds)} rounds, {len(responses)} responses, "
        f"{n_lines} skill lines, {n_courses} courses"
    )
