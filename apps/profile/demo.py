"""Demo directory: invented but believable businesses, plus the region's real networks
and universities described in general terms."""

import datetime
import io
import zlib

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image, ImageDraw, ImageFont

from apps.core.models import Area
from apps.core.moderation.models import Status
from apps.profile.models import BrandAsset, KeyFact, KeyMessage, Organisation, Sector, Story

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
    story_count = load_stories()
    brand_count = load_brand()
    return (
        f"{len(SECTORS)} sectors, {len(ORGANISATIONS)} organisations, {story_count} stories, "
        f"{brand_count} brand toolkit items"
    )


# Stories about businesses in the demo directory. published: days ago (negative means
# scheduled for the future), or None for a draft.
SK = Story.Kind
ST = Story.Theme
# slug, title, kind, theme, days ago, featured, image colour, alt text, orgs, summary, body
STORIES = [
    (
        "quayside-ledger-9000-customers",
        "From a Quayside flat to 9,000 customers: how Quayside Ledger grew",
        SK.CASE_STUDY,
        ST.PROFILE,
        3,
        True,
        "#2a4d9b",
        "Abstract blue illustration: a gold ring above stacked white lines, like a sun rising over the river.",
        ["Quayside Ledger", "North Star Ventures"],
        "The open-banking firm started with two founders and a spare bedroom. Ten years on it employs 80 people on the Quayside.",
        """Quayside Ledger began in 2014 with a simple idea: small businesses should not spend their evenings matching bank payments to invoices.

## Finding the first customers

The founders started with accountancy practices in Newcastle and Gateshead. "Accountants told us exactly what was broken," says the chief executive. "They became our sales team, because every practice has hundreds of clients."

## Raising money close to home

A seed round led by **North Star Ventures** paid for the first engineering hires. The company has since raised two further rounds and stayed in the city.

> We could have moved to London. We did not need to: the people we hire are here.

## What is next

The firm is hiring 20 engineers this year, many through local bootcamps and degree apprenticeships. See their profile in the [business directory](/directory/quayside-ledger/).""",
    ),
    (
        "elswick-code-collective-interview",
        "Teaching code in the West End: ten minutes with Elswick Code Collective",
        SK.INTERVIEW,
        ST.PEOPLE,
        8,
        True,
        "#7b3f98",
        "Abstract purple illustration: a gold ring above stacked white lines, like a sun rising over the river.",
        ["Elswick Code Collective", "Tyne Skills Academy"],
        "Volunteers from local tech firms run free coding clubs for young people every week. We asked the organisers why it matters.",
        """**How did the clubs start?**

Four developers who grew up in the West End wanted young people there to see tech as a career for them. The first club had six members; now more than 60 come each week.

**Who are the volunteers?**

Engineers, designers and testers from businesses across the city. Many of them learned to code in a club like ours.

**What happens after the club?**

Some members go on to college courses, bootcamps or apprenticeships. We work with **Tyne Skills Academy** so that older members can take the next step.

**How can businesses help?**

- Lend a volunteer for two hours a month
- Offer a work-experience week
- Donate laptops you no longer need""",
    ),
    (
        "ouseburn-warehouse-tech-workspace",
        "Ouseburn warehouse reopens as a home for data and digital firms",
        SK.NEWS,
        ST.PLACE,
        12,
        False,
        "#a34700",
        "Abstract orange illustration: a gold ring above stacked white lines, like a sun rising over the river.",
        ["Tyneside Data Works", "Digital Union"],
        "A converted Victorian warehouse in the Ouseburn valley now offers desks, meeting rooms and fast broadband to small tech teams.",
        """A landlord in the Ouseburn valley has finished converting a Victorian warehouse into workspace for tech businesses, one of the early results of the councils' work with landlords to make buildings ready for tech hubs.

The building has gigabit broadband, step-free access, showers and bike storage. **Tyneside Data Works**, which already had a team of 28 in the valley, has taken the top floor.

**Digital Union** will run monthly events in the ground-floor space.

Businesses looking for space in the area can search listings on this portal.""",
    ),
    (
        "helix-health-hiring-data-scientists",
        "How Helix Health Analytics hires data scientists from the region's universities",
        SK.CASE_STUDY,
        ST.PEOPLE,
        20,
        False,
        "#1c6b3a",
        "Abstract green illustration: a gold ring above stacked white lines, like a sun rising over the river.",
        ["Helix Health Analytics", "Newcastle University"],
        "A start-up forecasting hospital demand has built its team through student projects and placements.",
        """Helix Health Analytics forecasts demand for hospital beds and theatre time for three NHS trusts. Its models need people who understand both statistics and how hospitals work.

## Placements first

Each summer the company hosts students from **Newcastle University** on ten-week projects. Half of its current team started that way.

## Skills the region is short of

The founders say the hardest roles to fill are in machine-learning operations: running models reliably inside NHS networks. That matches what many businesses reported in the skills survey.""",
    ),
    (
        "sector-forecast-growth",
        "The region's tech sector is forecast to grow by 30% in three years",
        SK.NEWS,
        ST.PROFILE,
        30,
        True,
        "#00505c",
        "Abstract teal illustration: a gold ring above stacked white lines, like a sun rising over the river.",
        ["Dynamo North East", "Campus North", "Digital Union"],
        "A sector study for Newcastle City Council and Gateshead Council maps the sector's strengths and sets out a strategy built on people, place and profile.",
        """Newcastle City Council and Gateshead Council commissioned a study of the local tech sector from Auxin Associates. It mapped the sector's strengths, weaknesses and opportunities, and forecast growth of around 30% over three years.

## Three themes

The strategy that followed, led by Invest Newcastle, is built on three themes:

1. **People**: skills, and the pipeline of new talent
2. **Place**: office space that suits tech businesses
3. **Profile**: telling the region's story nationally and internationally

## Early actions

The first steps include collective skills mapping, a virtual funding team, work with landlords, and a brand for the region's sector. Networks such as **Dynamo**, **Digital Union** and **Campus North** are already active partners.""",
    ),
    (
        "angel-energy-why-gateshead",
        "Why Angel Energy Systems chose Gateshead",
        SK.INTERVIEW,
        ST.PLACE,
        41,
        False,
        None,
        "",
        ["Angel Energy Systems"],
        "The clean-energy scale-up explains what it looked for in an office, and what it found.",
        """**What did you need from an office?**

Room for 30 people, a lab bench for testing batteries, and good transport links for staff from across Tyneside.

**Why Gateshead?**

We found space near the town centre that a landlord was willing to adapt, with a loading bay for equipment. The Metro and buses made it easy for everyone to get in.

**Advice for others looking for space?**

Be clear about what you need in a year, not just today. Flexible terms mattered more to us than the price per desk.""",
    ),
    (
        "byker-robotics-first-pilot",
        "Byker Robotics sends its first robots into the sewers",
        SK.CASE_STUDY,
        ST.PROFILE,
        55,
        False,
        "#8a1c3f",
        "Abstract dark red illustration: a gold ring above stacked white lines, like a sun rising over the river.",
        ["Byker Robotics"],
        "A four-person start-up has begun pilots with two water companies, helped by a regional innovation grant.",
        """Byker Robotics builds tracked robots that carry cameras and sensors into pipes and other confined spaces that are dangerous for people.

With help from the funding team, the company found a match-funded innovation grant that paid for its first batch of robots. Two water companies are now running pilots.

"The funding team saved us weeks," says the co-founder. "They knew which schemes fitted a hardware start-up at our stage."

Businesses looking for funding can [browse opportunities or ask the funding team](/funding/).""",
    ),
    (
        "launchpad-spring-cohort-announced",
        "Launchpad accelerator names its spring cohort",
        SK.NEWS,
        ST.PROFILE,
        -5,
        False,
        None,
        "",
        ["Campus North"],
        "Eight early-stage teams will spend twelve weeks building, testing and pitching their products.",
        """Scheduled for publication: the announcement of the spring Launchpad cohort, embargoed until the teams have been told.""",
    ),
    (
        "northern-circuit-games-draft",
        "Northern Circuit Games on making narrative games in the North East",
        SK.INTERVIEW,
        ST.PEOPLE,
        None,
        False,
        None,
        "",
        ["Northern Circuit Games"],
        "Draft interview, waiting for the studio's approval.",
        """Draft: questions sent to the studio, answers awaited.""",
    ),
]


def _story_image(slug, colour):
    """A simple, generated banner so the demo shows lead images without shipping photos."""
    path = f"stories/demo-{slug}.png"
    if default_storage.exists(path):
        return path
    img = Image.new("RGB", (1280, 720), colour)
    draw = ImageDraw.Draw(img)
    for n in range(8):
        inset = 60 + n * 40
        draw.rectangle(
            (inset, 720 - inset // 2, 1280 - inset, 720 - inset // 2 + 12), fill="#ffffff"
        )
    draw.ellipse((900, 80, 1160, 340), outline="#f2b134", width=18)
    out = io.BytesIO()
    img.save(out, format="PNG", optimize=True)
    return default_storage.save(path, ContentFile(out.getvalue()))


def load_stories():
    organisations = {o.name: o for o in Organisation.objects.all()}
    now = timezone.now()
    for row in STORIES:
        slug, title, kind, theme, days_ago, featured, colour, alt, names, summary, body = row
        story, _ = Story.objects.update_or_create(
            slug=slug,
            defaults={
                "title": title,
                "kind": kind,
                "theme": theme,
                "summary": summary,
                "body": body,
                "author": "Invest Newcastle tech team",
                "is_featured": featured,
                "status": Story.Status.DRAFT if days_ago is None else Story.Status.PUBLISHED,
                "published_at": None
                if days_ago is None
                else now - timezone.timedelta(days=days_ago),
                "image": _story_image(slug, colour) if colour else "",
                "image_alt": alt if colour else "",
            },
        )
        story.organisations.set([organisations[name] for name in names if name in organisations])
    return len(STORIES)


KEY_MESSAGES = [
    (
        "A sector that is growing",
        "Newcastle and Gateshead's tech sector is forecast to grow by around 30% in three years. Businesses here are hiring, raising money and selling worldwide.",
    ),
    (
        "Talent that stays",
        "Two universities, colleges, bootcamps and apprenticeships feed a steady supply of skilled people, and businesses work together to map the skills they need.",
    ),
    (
        "Space to grow",
        "From converted warehouses in the Ouseburn to offices on the Quayside and Team Valley, landlords are making buildings ready for tech businesses.",
    ),
    (
        "A community that helps",
        "Networks such as Dynamo, Digital Union and Campus North connect founders, investors and public bodies, and the councils' funding team points businesses to the right money.",
    ),
]

# figure, statement, source, source link, as of, headline
KEY_FACTS = [
    (
        "30%",
        "growth in the sector forecast over three years",
        "Tech sector study for Newcastle City Council and Gateshead Council, by Auxin Associates",
        "",
        (2018, 1, 1),
        True,
    ),
    (
        "3",
        "themes in the strategy: People, Place and Profile",
        "Newcastle and Gateshead tech-sector strategy",
        "",
        (2018, 1, 1),
        True,
    ),
    (
        "2",
        "councils sharing one strategy, led by Invest Newcastle",
        "Newcastle and Gateshead tech-sector strategy",
        "",
        (2018, 1, 1),
        True,
    ),
    (
        "4",
        "early actions: skills mapping, a funding team, ready buildings and a regional brand",
        "Newcastle and Gateshead tech-sector strategy",
        "",
        (2018, 1, 1),
        False,
    ),
]


def _brand_file(name, fmt, colour, size=(800, 450)):
    path = f"brand/demo-{name}"
    if default_storage.exists(path):
        return path
    img = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(img)
    font = ImageFont.load_default(size=48)
    draw.text((40, size[1] // 2 - 30), "Newcastle Gateshead Tech", fill="#ffffff", font=font)
    out = io.BytesIO()
    img.save(out, format=fmt)
    return default_storage.save(path, ContentFile(out.getvalue()))


BRAND_ASSETS = [
    # title, kind, description, file name, format, colour
    (
        "Logo, full colour",
        BrandAsset.Kind.LOGO,
        "For light backgrounds. Keep clear space around it at least the height of the ‘T’.",
        "logo-full-colour.png",
        "PNG",
        "#00505c",
    ),
    (
        "Brand guidelines",
        BrandAsset.Kind.GUIDELINES,
        "Colours, type, tone of voice and how to use the logo with partner logos.",
        "brand-guidelines.pdf",
        "PDF",
        "#00505c",
    ),
    (
        "Tyne bridges at dusk",
        BrandAsset.Kind.PHOTOGRAPHY,
        "Placeholder for the photography library; credit ‘Newcastle Gateshead Tech’.",
        "tyne-bridges.jpg",
        "JPEG",
        "#2a4d9b",
    ),
]


def load_brand():
    for position, (title, body) in enumerate(KEY_MESSAGES):
        KeyMessage.objects.update_or_create(
            title=title, defaults={"body": body, "position": position}
        )
    for position, (figure, statement, source, url, as_of, headline) in enumerate(KEY_FACTS):
        KeyFact.objects.update_or_create(
            figure=figure,
            statement=statement,
            defaults={
                "source": source,
                "source_url": url,
                "as_of": datetime.date(*as_of),
                "is_headline": headline,
                "position": position,
            },
        )
    for position, (title, kind, description, name, fmt, colour) in enumerate(BRAND_ASSETS):
        BrandAsset.objects.update_or_create(
            title=title,
            defaults={
                "kind": kind,
                "description": description,
                "file": _brand_file(name, fmt, colour),
                "licence": "Open Government Licence v3.0",
                "licence_url": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
                "position": position,
            },
        )
    return len(KEY_MESSAGES) + len(KEY_FACTS) + len(BRAND_ASSETS)
