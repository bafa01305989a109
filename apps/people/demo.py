"""Demo skills survey: two rounds of responses from a believable mix of businesses, and
courses from the region's universities, colleges and bootcamps (all invented).

Safe to run again: rounds, organisations, responses and courses are keyed on stable
slugs, and each demo response's lines are rewritten from a fixed random seed.
"""

import datetime
import random

from django.utils import timezone
from django.utils.text import slugify

from apps.core.models import Area
from apps.core.moderation.models import Status
from apps.people.models import Course, Skill, SkillLine, SurveyResponse, SurveyRound
from apps.profile.models import Organisation, Sector

K = Organisation.Kind
B = Organisation.EmployeeBand

# Extra respondents, so the map has several dozen organisations behind it.
# name, kind, area, band, sectors, summary
RESPONDENTS = [
    (
        "Lort Burn Software",
        K.SME,
        "city-centre",
        B.SMALL,
        ["software"],
        "Bespoke web and mobile software for North East firms.",
    ),
    (
        "Spital Tongues Analytics",
        K.STARTUP,
        "science-central",
        B.MICRO,
        ["data-ai"],
        "Forecasting and analytics for retailers.",
    ),
    (
        "High Level Systems",
        K.SME,
        "gateshead-quays",
        B.MEDIUM,
        ["software", "govtech"],
        "Case-management software for local government.",
    ),
    (
        "Blaydon Digital",
        K.AGENCY,
        "metrocentre",
        B.SMALL,
        ["agency", "ecommerce"],
        "Digital marketing and online shops for independent retailers.",
    ),
    (
        "Tanfield Cloud Services",
        K.SME,
        "team-valley",
        B.SMALL,
        ["software"],
        "Managed cloud and DevOps for manufacturers.",
    ),
    (
        "Cullercoats Interactive",
        K.SME,
        "ouseburn",
        B.SMALL,
        ["games", "creative"],
        "Mobile and console games studio.",
    ),
    (
        "Pilgrim Street Payments",
        K.SCALEUP,
        "city-centre",
        B.MEDIUM,
        ["fintech"],
        "Payment processing for hospitality businesses.",
    ),
    (
        "Saltwell Health Tech",
        K.STARTUP,
        "low-fell",
        B.MICRO,
        ["healthtech"],
        "Remote monitoring apps for community nursing.",
    ),
    (
        "Dunston Data Engineering",
        K.SME,
        "metrocentre",
        B.SMALL,
        ["data-ai"],
        "Data platforms and pipelines for logistics firms.",
    ),
    (
        "Armstrong Automation",
        K.ENTERPRISE,
        "elswick",
        B.LARGE,
        ["hardware", "mobility"],
        "Industrial automation and robotics for heavy engineering.",
    ),
    (
        "Leazes Learning",
        K.SME,
        "city-centre",
        B.SMALL,
        ["edtech"],
        "Online learning platforms for further education.",
    ),
    (
        "Birtley Secure",
        K.SME,
        "birtley",
        B.SMALL,
        ["cyber"],
        "Managed security monitoring for small businesses.",
    ),
    (
        "Walker Riverside Tech",
        K.SME,
        "byker",
        B.SMALL,
        ["hardware", "cleantech"],
        "Sensors and software for offshore wind maintenance.",
    ),
    (
        "Sandhill Studio",
        K.AGENCY,
        "quayside",
        B.MICRO,
        ["creative", "agency"],
        "Brand, UX and web design studio.",
    ),
    (
        "Northern Rail Digital",
        K.ENTERPRISE,
        "city-centre",
        B.LARGE,
        ["mobility", "software"],
        "Ticketing and timetable systems for transport operators.",
    ),
    (
        "Jesmond Dene Labs",
        K.STARTUP,
        "jesmond",
        B.MICRO,
        ["data-ai", "healthtech"],
        "Machine learning for medical imaging.",
    ),
    (
        "Eldon Commerce",
        K.SCALEUP,
        "grainger-town",
        B.MEDIUM,
        ["ecommerce"],
        "Subscription commerce platform for food brands.",
    ),
    (
        "Gosforth Geospatial",
        K.SME,
        "gosforth",
        B.SMALL,
        ["data-ai", "govtech"],
        "Mapping and spatial analysis for planners and utilities.",
    ),
    (
        "Heaton Park Games",
        K.STARTUP,
        "heaton",
        B.MICRO,
        ["games"],
        "Indie studio making narrative puzzle games.",
    ),
    (
        "Team Valley Logistics Tech",
        K.SME,
        "team-valley",
        B.MEDIUM,
        ["mobility", "software"],
        "Warehouse management and route planning software.",
    ),
    (
        "Quayside Insurance Technology",
        K.ENTERPRISE,
        "quayside",
        B.LARGE,
        ["fintech", "data-ai"],
        "Claims and pricing platforms for insurers.",
    ),
    (
        "Ouseburn Sound and Vision",
        K.AGENCY,
        "ouseburn",
        B.SMALL,
        ["creative"],
        "Video, motion graphics and immersive content.",
    ),
    (
        "Central Station Ventures Tech",
        K.SME,
        "city-centre",
        B.SMALL,
        ["software", "fintech"],
        "Software for accountancy practices.",
    ),
    (
        "Low Fell Robotics",
        K.STARTUP,
        "low-fell",
        B.MICRO,
        ["hardware"],
        "Small robots for agriculture and horticulture.",
    ),
    (
        "Gateshead Civic Digital",
        K.SME,
        "gateshead-town-centre",
        B.SMALL,
        ["govtech"],
        "Digital services for housing associations.",
    ),
    (
        "Byker Wall Web",
        K.AGENCY,
        "byker",
        B.MICRO,
        ["agency"],
        "WordPress and Shopify sites for small businesses.",
    ),
    (
        "Tyne Tunnel Telematics",
        K.SME,
        "elswick",
        B.MEDIUM,
        ["mobility", "hardware"],
        "Vehicle telematics and fleet analytics.",
    ),
    (
        "Newburn Energy Software",
        K.SCALEUP,
        "elswick",
        B.MEDIUM,
        ["cleantech", "software"],
        "Energy trading and flexibility software.",
    ),
]

# Skills most businesses report, and specialist skills by sector.
COMMON = [
    "javascript-and-typescript",
    "python",
    "front-end-web-development",
    "back-end-web-development",
    "amazon-web-services-aws",
    "microsoft-azure",
    "devops-and-continuous-delivery",
    "data-analysis",
    "user-experience-ux-design",
    "product-management",
    "software-testing-and-quality-assurance",
    "agile-delivery-management",
    "c-and-net",
    "full-stack-development",
    "containers-and-kubernetes",
    "information-security-management",
    "business-analysis",
    "java",
]
BY_SECTOR = {
    "software": [
        "software-architecture",
        "test-automation",
        "go",
        "php",
        "site-reliability-engineering",
    ],
    "fintech": [
        "secure-software-development",
        "governance-risk-and-compliance",
        "data-engineering",
        "identity-and-access-management",
    ],
    "healthtech": [
        "machine-learning-engineering",
        "data-science",
        "data-governance-and-management",
        "accessibility",
    ],
    "games": ["games-programming-unity-unreal", "games-design", "3d-art-and-animation", "c-and-c"],
    "data-ai": [
        "data-engineering",
        "data-science",
        "machine-learning-engineering",
        "generative-ai-and-large-language-models",
        "mlops",
        "data-visualisation",
    ],
    "cyber": [
        "penetration-testing",
        "security-operations-and-monitoring",
        "incident-response",
        "threat-intelligence",
        "digital-forensics",
    ],
    "ecommerce": [
        "e-commerce-management",
        "search-engine-optimisation-seo",
        "paid-search-and-social-advertising",
        "email-marketing-and-crm",
    ],
    "edtech": ["content-design", "accessibility", "user-research"],
    "creative": [
        "interface-and-visual-design",
        "video-and-motion-graphics",
        "extended-reality-ar-vr-xr",
        "content-marketing",
    ],
    "cleantech": ["internet-of-things", "embedded-and-firmware-development", "data-engineering"],
    "govtech": ["service-design", "user-research", "content-design", "accessibility"],
    "hardware": [
        "embedded-and-firmware-development",
        "robotics-and-automation",
        "internet-of-things",
        "rust",
    ],
    "agency": [
        "interface-and-visual-design",
        "search-engine-optimisation-seo",
        "social-media-marketing",
        "php",
    ],
    "mobility": ["geospatial-data-and-gis", "internet-of-things", "data-engineering"],
}
# Skills the region finds hardest to hire, so the demo map has a realistic shape.
HARD = {
    "machine-learning-engineering",
    "generative-ai-and-large-language-models",
    "mlops",
    "penetration-testing",
    "site-reliability-engineering",
    "software-architecture",
    "data-engineering",
    "security-operations-and-monitoring",
    "rust",
    "containers-and-kubernetes",
    "threat-intelligence",
    "digital-forensics",
    "embedded-and-firmware-development",
}
STAFF_SCALE = {B.MICRO: 2, B.SMALL: 5, B.MEDIUM: 14, B.LARGE: 40}

# provider slug, (name, kind, area, band, sectors, summary) if we must create it
PROVIDERS = {
    "newcastle-university": None,
    "northumbria-university": None,
    "tyne-skills-academy": None,
    "quay-cyber-academy": None,
    "newcastle-college-digital": (
        "Newcastle College Digital",
        K.TRAINING,
        "city-centre",
        B.LARGE,
        ["edtech"],
        "Further-education courses and apprenticeships in digital and computing.",
    ),
    "gateshead-college-technology": (
        "Gateshead College Technology",
        K.TRAINING,
        "gateshead-quays",
        B.LARGE,
        ["edtech"],
        "Technical courses, apprenticeships and short courses for employers.",
    ),
    "northern-code-bootcamp": (
        "Northern Code Bootcamp",
        K.TRAINING,
        "ouseburn",
        B.MICRO,
        ["edtech", "software"],
        "Intensive coding bootcamps for career changers.",
    ),
    "tyne-data-school": (
        "Tyne Data School",
        K.TRAINING,
        "science-central",
        B.MICRO,
        ["edtech", "data-ai"],
        "Part-time data and AI courses for people in work.",
    ),
}
L, M = Course.Level, Course.Mode
# provider, title, level, mode, cost, duration, weeks until next start (None: ask), skills, summary
COURSES = [
    (
        "newcastle-university",
        "MSc Advanced Computer Science",
        L.DEGREE,
        M.IN_PERSON,
        12500,
        "1 year full time",
        40,
        ["software-architecture", "software-design", "machine-learning-engineering"],
        "Postgraduate study of software, systems and AI.",
    ),
    (
        "newcastle-university",
        "MSc Data Science and Artificial Intelligence",
        L.DEGREE,
        M.IN_PERSON,
        13800,
        "1 year full time",
        40,
        ["data-science", "machine-learning-engineering", "statistics-and-modelling", "python"],
        "Statistics, machine learning and data engineering with industry projects.",
    ),
    (
        "newcastle-university",
        "Cloud Computing for Business (short course)",
        L.INTERMEDIATE,
        M.ONLINE,
        450,
        "6 weeks, 4 hours a week",
        5,
        ["amazon-web-services-aws", "microsoft-azure", "infrastructure-as-code"],
        "A practical introduction to running services in the cloud.",
    ),
    (
        "northumbria-university",
        "MSc Cyber Security",
        L.DEGREE,
        M.HYBRID,
        11200,
        "1 year full time or 2 years part time",
        40,
        ["information-security-management", "penetration-testing", "digital-forensics"],
        "Security, forensics and ethical hacking, with NCSC-aligned content.",
    ),
    (
        "northumbria-university",
        "Digital and Technology Solutions Degree Apprenticeship",
        L.DEGREE,
        M.HYBRID,
        0,
        "4 years, day release",
        40,
        ["software-design", "data-analysis", "business-analysis", "agile-delivery-management"],
        "Employer-funded degree apprenticeship: free to the apprentice.",
    ),
    (
        "northumbria-university",
        "UX Design Professional Certificate",
        L.INTERMEDIATE,
        M.ONLINE,
        900,
        "10 weeks part time",
        8,
        ["user-experience-ux-design", "user-research", "interface-and-visual-design"],
        "Research, prototyping and usability testing.",
    ),
    (
        "tyne-skills-academy",
        "Software Developer Level 4 Apprenticeship",
        L.INTERMEDIATE,
        M.HYBRID,
        0,
        "18 months, day release",
        6,
        ["javascript-and-typescript", "c-and-net", "software-testing-and-quality-assurance"],
        "Funded apprenticeship for new developers in work.",
    ),
    (
        "tyne-skills-academy",
        "Data Analyst Level 4 Apprenticeship",
        L.INTERMEDIATE,
        M.HYBRID,
        0,
        "15 months, day release",
        10,
        ["data-analysis", "business-intelligence-and-reporting", "data-visualisation"],
        "Funded apprenticeship covering SQL, Power BI and Python.",
    ),
    (
        "tyne-skills-academy",
        "Digital Marketing Skills Bootcamp",
        L.INTRODUCTORY,
        M.ONLINE,
        0,
        "12 weeks part time",
        3,
        [
            "search-engine-optimisation-seo",
            "paid-search-and-social-advertising",
            "social-media-marketing",
            "marketing-analytics",
        ],
        "Government-funded Skills Bootcamp: free for eligible adults.",
    ),
    (
        "quay-cyber-academy",
        "Cyber Security Analyst Bootcamp",
        L.INTERMEDIATE,
        M.IN_PERSON,
        0,
        "14 weeks full time",
        7,
        ["security-operations-and-monitoring", "incident-response", "vulnerability-assessment"],
        "Funded Skills Bootcamp with a guaranteed employer interview.",
    ),
    (
        "quay-cyber-academy",
        "Practical Penetration Testing",
        L.ADVANCED,
        M.IN_PERSON,
        2400,
        "5 days",
        4,
        ["penetration-testing", "vulnerability-assessment"],
        "Hands-on web and infrastructure testing in a lab.",
    ),
    (
        "quay-cyber-academy",
        "Cyber Essentials for Small Businesses",
        L.INTRODUCTORY,
        M.ONLINE,
        0,
        "1 day",
        2,
        ["information-security-management"],
        "Free workshop on getting certified.",
    ),
    (
        "newcastle-college-digital",
        "Level 3 Extended Diploma in IT",
        L.INTRODUCTORY,
        M.IN_PERSON,
        0,
        "2 years full time",
        40,
        ["it-support-and-service-desk", "network-engineering", "python"],
        "Free for 16 to 18 year olds.",
    ),
    (
        "newcastle-college-digital",
        "Web Development Evening Course",
        L.INTRODUCTORY,
        M.IN_PERSON,
        295,
        "12 weeks, one evening a week",
        6,
        ["front-end-web-development", "javascript-and-typescript"],
        "HTML, CSS and JavaScript from scratch.",
    ),
    (
        "newcastle-college-digital",
        "Network Engineer Level 4 Apprenticeship",
        L.INTERMEDIATE,
        M.HYBRID,
        0,
        "18 months, day release",
        12,
        ["network-engineering", "linux-systems-administration"],
        "Funded apprenticeship for infrastructure roles.",
    ),
    (
        "gateshead-college-technology",
        "AWS Cloud Practitioner Bootcamp",
        L.INTRODUCTORY,
        M.HYBRID,
        0,
        "8 weeks part time",
        4,
        ["amazon-web-services-aws"],
        "Funded Skills Bootcamp with exam voucher.",
    ),
    (
        "gateshead-college-technology",
        "Industrial IoT and Automation",
        L.INTERMEDIATE,
        M.IN_PERSON,
        650,
        "10 weeks part time",
        9,
        ["internet-of-things", "robotics-and-automation", "embedded-and-firmware-development"],
        "PLC, sensor and cloud integration for manufacturers.",
    ),
    (
        "gateshead-college-technology",
        "Project Management Essentials",
        L.INTRODUCTORY,
        M.ONLINE,
        350,
        "6 weeks part time",
        3,
        ["project-and-programme-management", "agile-delivery-management"],
        "Agile and traditional project delivery.",
    ),
    (
        "northern-code-bootcamp",
        "Full-Stack Software Engineering Bootcamp",
        L.INTRODUCTORY,
        M.IN_PERSON,
        7500,
        "16 weeks full time",
        5,
        [
            "full-stack-development",
            "javascript-and-typescript",
            "back-end-web-development",
            "test-automation",
        ],
        "Career-change bootcamp with employer partners across the region.",
    ),
    (
        "northern-code-bootcamp",
        "Python for Developers",
        L.INTERMEDIATE,
        M.ONLINE,
        600,
        "6 weeks part time",
        2,
        ["python", "back-end-web-development"],
        "Idiomatic Python, testing and web APIs.",
    ),
    (
        "northern-code-bootcamp",
        "DevOps Foundations",
        L.INTERMEDIATE,
        M.HYBRID,
        1200,
        "8 weeks part time",
        None,
        ["devops-and-continuous-delivery", "containers-and-kubernetes", "infrastructure-as-code"],
        "Pipelines, containers and infrastructure as code.",
    ),
    (
        "tyne-data-school",
        "Data Engineering with Python and SQL",
        L.INTERMEDIATE,
        M.ONLINE,
        1450,
        "10 weeks part time",
        6,
        ["data-engineering", "python", "database-design"],
        "Build reliable pipelines and warehouses.",
    ),
    (
        "tyne-data-school",
        "Applied Generative AI for Teams",
        L.INTRODUCTORY,
        M.ONLINE,
        395,
        "4 weeks part time",
        3,
        ["generative-ai-and-large-language-models"],
        "Use and evaluate large language models safely at work.",
    ),
    (
        "tyne-data-school",
        "Power BI in a Week",
        L.INTRODUCTORY,
        M.IN_PERSON,
        850,
        "5 days",
        8,
        ["business-intelligence-and-reporting", "data-visualisation"],
        "Dashboards and data modelling for analysts.",
    ),
]
PENDING_DEMO = {"Byker Wall Web"}  # a response waiting in the moderation queue


def _rounds(today):
    year = today.year if today.month >= 9 else today.year - 1
    closes = max(datetime.date(year, 12, 19), today + datetime.timedelta(days=14))
    closes = min(closes, datetime.date(year + 1, 8, 31))
    rounds = []
    for y, close in ((year - 1, datetime.date(year - 1, 12, 19)), (year, closes)):
        survey_round, _ = SurveyRound.objects.update_or_create(
            slug=f"skills-survey-{y}",
            defaults={
                "title": f"Skills survey {y}",
                "opens_on": datetime.date(y, 9, 1),
                "closes_on": close,
                "introduction": "The survey takes about ten minutes. Answer for your "
                "whole business in Newcastle and Gateshead.",
            },
        )
        rounds.append(survey_round)
    return rounds


def _organisations():
    areas = {a.slug: a for a in Area.objects.all()}
    sectors = {s.slug: s for s in Sector.objects.all()}
    now = timezone.now()
    rows = [(slugify(r[0]), r) for r in RESPONDENTS]
    rows += [(slug, row) for slug, row in PROVIDERS.items() if row]
    for slug, (name, kind, area, band, sector_slugs, summary) in rows:
        organisation, _ = Organisation.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "kind": kind,
                "area": areas[area],
                "employee_band": band,
                "summary": summary,
                "website": f"https://www.example.com/{slug}",
                "contact_name": "Demo Contact",
                "contact_email": f"{slug}@example.com",
                "status": Status.PUBLISHED,
                "confirmed_at": now,
                "reviewed_at": now,
            },
        )
        organisation.sectors.set([sectors[s] for s in sector_slugs if s in sectors])


def _lines(rng, organisation, skills, sector_slugs, round_index):
    pool = [s for s in COMMON if s in skills]
    for slug in sector_slugs:
        pool += [s for s in BY_SECTOR.get(slug, []) if s in skills]
    chosen = rng.sample(sorted(set(pool)), k=min(len(set(pool)), rng.randint(4, 9)))
    scale = STAFF_SCALE.get(organisation.employee_band, 3)
    lines = []
    for slug in chosen:
        hard = slug in HARD
        difficulty = min(
            5, max(1, rng.randint(2, 4) + (1 if hard else 0) + (round_index if hard else 0))
        )
        lines.append(
            SkillLine(
                skill=skills[slug],
                staff=rng.randint(0, scale * 2),
                # Demand grew between rounds, most of all for the hard-to-fill skills.
                vacancies=rng.randint(0, max(1, scale // 2))
                + (round_index * rng.randint(0, 2) if hard else 0),
                difficulty=difficulty,
                training_need=rng.random() < (0.55 if hard else 0.3),
            )
        )
    return lines


def load():
    today = timezone.localdate()
    rounds = _rounds(today)
    _organisations()
    skills = {s.slug: s for s in Skill.objects.all()}
    respondents = list(
        Organisation.objects.published()
        .exclude(kind__in=[K.UNIVERSITY, K.INVESTOR, K.NETWORK, K.TRAINING])
        .prefetch_related("sectors")
        .order_by("slug")
    )
    count = 0
    for round_index, survey_round in enumerate(rounds):
        # Fewer businesses answered the first round.
        taking_part = respondents if round_index else respondents[::3] + respondents[1::3]
        for organisation in taking_part:
            rng = random.Random(f"{survey_round.slug}:{organisation.slug}")  # noqa: S311
            pending = round_index == 1 and organisation.name in PENDING_DEMO
            response, _ = SurveyResponse.objects.update_or_create(
                round=survey_round,
                organisation=organisation,
                defaults={
                    "headcount_change": rng.randint(
                        -2, 4 + STAFF_SCALE[organisation.employee_band] // 3
                    ),
                    "turned_away_work": rng.choice(["never", "never", "sometimes", "often"]),
                    "apprentices": rng.randint(0, 2 + STAFF_SCALE[organisation.employee_band] // 5),
                    "contact_name": "Demo Contact",
                    "contact_email": organisation.contact_email,
                    "status": Status.PENDING if pending else Status.PUBLISHED,
                    "submitted_at": timezone.make_aware(
                        datetime.datetime.combine(survey_round.opens_on, datetime.time(10))
                    )
                    + datetime.timedelta(days=rng.randint(0, 40)),
                    "confirmed_at": timezone.now(),
                },
            )
            response.lines.all().delete()
            sector_slugs = [s.slug for s in organisation.sectors.all()]
            lines = _lines(rng, organisation, skills, sector_slugs, round_index)
            for line in lines:
                line.response = response
            SkillLine.objects.bulk_create(lines)
            count += 1

    providers = {o.slug: o for o in Organisation.objects.filter(slug__in=PROVIDERS)}
    courses = 0
    for slug, title, level, mode, cost, duration, weeks, skill_slugs, summary in COURSES:
        if slug not in providers:
            continue
        course, _ = Course.objects.update_or_create(
            slug=slugify(title),
            defaults={
                "provider": providers[slug],
                "title": title,
                "summary": summary,
                "level": level,
                "mode": mode,
                "cost": cost,
                "duration": duration,
                "next_start": today + datetime.timedelta(weeks=weeks) if weeks else None,
                "url": f"https://www.example.com/{slug}/courses/{slugify(title)}",
            },
        )
        course.skills.set([skills[s] for s in skill_slugs if s in skills])
        courses += 1
    return f"{len(rounds)} survey rounds, {count} responses, {courses} courses"
