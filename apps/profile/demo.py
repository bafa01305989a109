"""Demo directory: invented but believable businesses, plus the region's real networks
and universities described in general terms."""

import io
import zlib

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image, ImageDraw, ImageFont

from apps.core.models import Area, Status
from apps.profile.models import Organisation, Sector

SECTORS = [
    ("Software and SaaS", "software"),
    ("Fintech", "fintech"),
    ("Health and life sciences tech", "healthtech"),
    ("Games and immersive", "games"),
    ("Data and AI", "data-ai"),
    ("Cyber security", "cyber"),
    ("E-commerce and retail tech", "ecommerce"),
    ("Education technology", "edtech"),
    ("Creative digital and media", "creative"),
    ("Energy and cleantech", "cleantech"),
    ("Govtech and civic tech", "govtech"),
    ("Hardware, IoT and robotics", "hardware"),
    ("Digital agency services", "agency"),
    ("Logistics and mobility tech", "mobility"),
]

K = Organisation.Kind
B = Organisation.EmployeeBand
S = Organisation.Stage
# name, kind, area, band, stage, founded, sectors, hiring, summary, description
ORGANISATIONS = [
    (
        "Tyneside Data Works",
        K.SME,
        "ouseburn",
        B.SMALL,
        S.GROWTH,
        2016,
        ["data-ai", "software"],
        True,
        "Data engineering and analytics for manufacturers and logistics firms across the North East.",
        "We build data platforms that let operations teams see what is happening on the shop floor in real time. Our clients include food producers on Team Valley and ports on the Tyne.\n\nWe are a team of 28 engineers, analysts and designers working from a converted warehouse in the Ouseburn valley.",
    ),
    (
        "Quayside Ledger",
        K.SCALEUP,
        "quayside",
        B.MEDIUM,
        S.GROWTH,
        2014,
        ["fintech", "software"],
        True,
        "Open-banking payments and reconciliation for small businesses and accountancy practices.",
        "Quayside Ledger connects business bank accounts to accounting software and matches payments automatically. We are regulated by the FCA and process payments for over 9,000 UK businesses.",
    ),
    (
        "Helix Health Analytics",
        K.STARTUP,
        "science-central",
        B.SMALL,
        S.EARLY,
        2021,
        ["healthtech", "data-ai"],
        True,
        "Machine learning that helps NHS trusts predict demand for beds and theatre time.",
        "Spun out of research on hospital flow, we work with three NHS trusts in the region. Our forecasting models run inside NHS networks, so patient data never leaves the trust.",
    ),
    (
        "Northern Circuit Games",
        K.SME,
        "ouseburn",
        B.SMALL,
        S.ESTABLISHED,
        2011,
        ["games"],
        False,
        "Independent studio making narrative adventure games for console and PC.",
        "Three released titles, a team of 22, and a studio dog. We also run monthly playtest evenings for local developers.",
    ),
    (
        "Grainger Cloud",
        K.SME,
        "grainger-town",
        B.SMALL,
        S.ESTABLISHED,
        2009,
        ["software", "cyber"],
        True,
        "Managed cloud hosting and DevOps support for public-sector and charity websites.",
        "We host and look after websites for councils, housing associations and charities, with 24-hour support from our Grainger Town office. ISO 27001 and Cyber Essentials Plus certified.",
    ),
    (
        "Byker Robotics",
        K.STARTUP,
        "byker",
        B.MICRO,
        S.EARLY,
        2022,
        ["hardware", "mobility"],
        False,
        "Autonomous inspection robots for pipes, sewers and other confined spaces.",
        "Our tracked robots carry cameras and sensors into spaces that are dangerous for people. We are piloting with two water companies.",
    ),
    (
        "Team Valley Automation",
        K.SME,
        "team-valley",
        B.MEDIUM,
        S.ESTABLISHED,
        1998,
        ["hardware", "software"],
        True,
        "Industrial control systems and factory software for North East manufacturers.",
        "Twenty-five years of designing and installing control systems. We now build cloud dashboards and predictive maintenance tools on top of the machines we install.",
    ),
    (
        "Ouseburn Pixel",
        K.AGENCY,
        "ouseburn",
        B.MICRO,
        S.ESTABLISHED,
        2013,
        ["agency", "creative"],
        False,
        "Design and build studio for websites, brands and digital products.",
        "A small studio of designers and developers. We work with arts organisations, start-ups and universities on accessible, fast websites.",
    ),
    (
        "Lindisfarne Security",
        K.SME,
        "gosforth",
        B.SMALL,
        S.GROWTH,
        2017,
        ["cyber"],
        True,
        "Penetration testing, incident response and security training for regulated firms.",
        "CREST-accredited testers and an incident response team on call around the clock. We also teach secure coding to developer teams.",
    ),
    (
        "Gateshead Learning Labs",
        K.STARTUP,
        "gateshead-quays",
        B.MICRO,
        S.EARLY,
        2020,
        ["edtech"],
        True,
        "Adaptive maths practice for primary schools, built with teachers in Gateshead.",
        "Used in 140 schools. Our platform adapts to each child and gives teachers a clear picture of who needs help.",
    ),
    (
        "Angel Energy Systems",
        K.SCALEUP,
        "gateshead-town-centre",
        B.SMALL,
        S.GROWTH,
        2018,
        ["cleantech", "data-ai"],
        True,
        "Software that balances heat pumps, batteries and solar across housing estates.",
        "We help housing providers cut tenants' energy bills by scheduling heat pumps and batteries around cheap, clean electricity.",
    ),
    (
        "Civic Square Digital",
        K.SME,
        "city-centre",
        B.SMALL,
        S.ESTABLISHED,
        2012,
        ["govtech", "software"],
        False,
        "User-centred digital services for councils and the NHS.",
        "We design and build services that meet the GOV.UK Service Standard, and coach in-house teams to run them.",
    ),
    (
        "Tynemouth Commerce Cloud",
        K.SME,
        "quayside",
        B.SMALL,
        S.GROWTH,
        2015,
        ["ecommerce", "software"],
        True,
        "Online shop platform and fulfilment integrations for independent retailers.",
        "Over 600 independent shops run on our platform, from bookshops to bike builders.",
    ),
    (
        "Jesmond Genomics Software",
        K.STARTUP,
        "jesmond",
        B.MICRO,
        S.IDEA,
        2023,
        ["healthtech", "data-ai"],
        False,
        "Analysis pipelines that make rare-disease genome data easier to interpret.",
        "Founded by two bioinformaticians. We are building tools with clinical geneticists to shorten the time to diagnosis.",
    ),
    (
        "Heaton Studio XR",
        K.STARTUP,
        "heaton",
        B.MICRO,
        S.EARLY,
        2021,
        ["games", "creative"],
        False,
        "Virtual and augmented reality experiences for museums, heritage and training.",
        "We have built VR experiences for galleries and heritage sites across the North East, and safety training for industry.",
    ),
    (
        "Metro Mobility Labs",
        K.STARTUP,
        "metrocentre",
        B.SMALL,
        S.EARLY,
        2020,
        ["mobility", "data-ai"],
        True,
        "Journey planning and demand data for bus operators and transport authorities.",
        "Our models show operators where and when people want to travel, so routes and timetables can follow demand.",
    ),
    (
        "Low Fell Accessibility",
        K.AGENCY,
        "low-fell",
        B.MICRO,
        S.ESTABLISHED,
        2016,
        ["agency", "govtech"],
        False,
        "Accessibility audits, testing with disabled users and training for digital teams.",
        "We test websites and apps against WCAG with disabled testers, and help teams fix what we find.",
    ),
    (
        "Stephenson Quantum",
        K.STARTUP,
        "science-central",
        B.MICRO,
        S.IDEA,
        2024,
        ["software", "data-ai"],
        False,
        "Optimisation software that runs on today's computers and tomorrow's quantum hardware.",
        "Early stage, backed by a university spin-out fund, working on scheduling problems for logistics.",
    ),
    (
        "Birtley Print Tech",
        K.SME,
        "birtley",
        B.MEDIUM,
        S.ESTABLISHED,
        2003,
        ["hardware", "ecommerce"],
        True,
        "Web-to-print software and on-demand production for retailers and publishers.",
        "We run our own production site in Birtley and the software that lets customers order custom prints online.",
    ),
    (
        "Elswick Code Collective",
        K.NETWORK,
        "elswick",
        B.MICRO,
        S.ESTABLISHED,
        2018,
        ["software", "edtech"],
        False,
        "A volunteer-run community that teaches coding to young people in the West End.",
        "Free weekly coding clubs for 11 to 18 year olds, run by volunteers from local tech businesses.",
    ),
    (
        "Dynamo North East",
        K.NETWORK,
        "city-centre",
        B.MICRO,
        S.ESTABLISHED,
        2013,
        ["software", "govtech"],
        False,
        "A not-for-profit network that brings together the region's IT businesses, universities and public bodies.",
        "Dynamo works to grow the North East's tech sector through events, skills programmes and advocacy.",
    ),
    (
        "Digital Union",
        K.NETWORK,
        "ouseburn",
        B.MICRO,
        S.ESTABLISHED,
        2009,
        ["creative", "agency"],
        False,
        "A membership network for digital and creative businesses in the North East.",
        "Digital Union connects digital and creative businesses through events, peer support and shared opportunities.",
    ),
    (
        "Campus North",
        K.NETWORK,
        "city-centre",
        B.MICRO,
        S.ESTABLISHED,
        2014,
        ["software"],
        False,
        "A community for start-ups and founders in Newcastle.",
        "Campus North brings together founders, freelancers and small teams, with events and peer support for new businesses.",
    ),
    (
        "Newcastle University",
        K.UNIVERSITY,
        "science-central",
        B.LARGE,
        S.ESTABLISHED,
        1963,
        ["data-ai", "healthtech", "edtech"],
        True,
        "A research-intensive university with strengths in computing, data science and ageing.",
        "The university's School of Computing works with regional businesses on research, placements and graduate recruitment.",
    ),
    (
        "Northumbria University",
        K.UNIVERSITY,
        "city-centre",
        B.LARGE,
        S.ESTABLISHED,
        1992,
        ["cyber", "software", "edtech"],
        True,
        "A university known for cyber security, computer science and design.",
        "Northumbria works with employers on degree apprenticeships, cyber security research and student projects.",
    ),
    (
        "Tyne Skills Academy",
        K.TRAINING,
        "gateshead-town-centre",
        B.SMALL,
        S.ESTABLISHED,
        2015,
        ["edtech", "software"],
        True,
        "Bootcamps and apprenticeships in software development, data and cloud.",
        "Twelve-week bootcamps and level 3 to 6 apprenticeships, designed with local employers who take on our graduates.",
    ),
    (
        "North Star Ventures",
        K.INVESTOR,
        "quayside",
        B.MICRO,
        S.ESTABLISHED,
        2010,
        ["fintech", "software"],
        False,
        "Seed and Series A investment for technology businesses in the North of England.",
        "We invest from £150,000 to £2 million in founders building software, data and deep-tech businesses.",
    ),
    (
        "Grey Street Payments",
        K.STARTUP,
        "grainger-town",
        B.MICRO,
        S.EARLY,
        2022,
        ["fintech"],
        True,
        "Instalment payments for independent retailers, without hidden fees for shoppers.",
        "We are in the FCA sandbox and live with 40 retailers across the North East.",
    ),
    (
        "Kittiwake Labs",
        K.STARTUP,
        "quayside",
        B.MICRO,
        S.EARLY,
        2023,
        ["cleantech", "hardware"],
        False,
        "Low-cost air-quality sensors and open data for schools and neighbourhoods.",
        "Our sensors are installed at 60 schools. All the data is published openly for researchers and residents.",
    ),
    (
        "Sage Hill Analytics",
        K.SME,
        "gosforth",
        B.SMALL,
        S.GROWTH,
        2012,
        ["data-ai", "ecommerce"],
        False,
        "Customer analytics and forecasting for retailers and consumer brands.",
        "We help retailers understand which customers return and why, using their own transaction data.",
    ),
    (
        "Quay Cyber Academy",
        K.TRAINING,
        "gateshead-quays",
        B.MICRO,
        S.GROWTH,
        2019,
        ["cyber", "edtech"],
        True,
        "Hands-on cyber security training for career changers and IT teams.",
        "Small-group courses with a live practice range, leading to recognised certifications.",
    ),
    (
        "Wallsend Marine Digital",
        K.SME,
        "byker",
        B.SMALL,
        S.GROWTH,
        2014,
        ["hardware", "data-ai"],
        True,
        "Monitoring software for offshore wind and marine engineering.",
        "We turn sensor data from turbines and vessels into maintenance plans.",
    ),
]
# A few that are waiting for review, so the admin queue has work in it.
PENDING = {"Stephenson Quantum", "Kittiwake Labs"}
UNCONFIRMED = {"Jesmond Genomics Software"}

PALETTE = ["#00505c", "#7b3f98", "#c05a00", "#1c6b3a", "#2a4d9b", "#8a1c3f", "#3b5b2a"]


def _logo(name, slug):
    path = f"logos/demo-{slug}.png"
    if default_storage.exists(path):
        return path
    colour = PALETTE[zlib.crc32(slug.encode()) % len(PALETTE)]
    img = Image.new("RGB", (256, 256), colour)
    draw = ImageDraw.Draw(img)
    initials = "".join(w[0] for w in name.split()[:2]).upper()
    font = ImageFont.load_default(size=110)
    box = draw.textbbox((0, 0), initials, font=font)
    x = (256 - (box[2] - box[0])) / 2 - box[0]
    y = (256 - (box[3] - box[1])) / 2 - box[1]
    draw.text((x, y), initials, fill="#ffffff", font=font)
    out = io.BytesIO()
    img.save(out, format="PNG", optimize=True)
    return default_storage.save(path, ContentFile(out.getvalue()))


def load():
    for name, slug in SECTORS:
        Sector.objects.update_or_create(slug=slug, defaults={"name": name})
    sectors = {s.slug: s for s in Sector.objects.all()}
    areas = {a.slug: a for a in Area.objects.all()}
    now = timezone.now()
    for index, row in enumerate(ORGANISATIONS):
        name, kind, area, band, stage, founded, sector_slugs, hiring, summary, description = row
        slug = slugify(name)
        if name in UNCONFIRMED:
            status = Status.UNCONFIRMED
        elif name in PENDING:
            status = Status.PENDING
        else:
            status = Status.PUBLISHED
        organisation, _ = Organisation.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "kind": kind,
                "area": areas[area],
                "employee_band": band,
                "stage": stage,
                "founded_year": founded,
                "hiring_now": hiring,
                "hiring_url": f"https://www.example.com/{slug}/jobs" if hiring else "",
                "summary": summary,
                "description": description,
                "website": f"https://www.example.com/{slug}",
                "contact_name": "Demo Contact",
                "contact_email": f"{slug}@example.com",
                "status": status,
                "confirmed_at": None if status == Status.UNCONFIRMED else now,
                "reviewed_at": now - timezone.timedelta(days=index)
                if status == Status.PUBLISHED
                else None,
                "logo": _logo(name, slug) if index % 3 else "",
            },
        )
        organisation.sectors.set([sectors[s] for s in sector_slugs])
    return f"{len(SECTORS)} sectors, {len(ORGANISATIONS)} organisations"
