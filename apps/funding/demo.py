"""Demo funding: invented regional funders alongside real national schemes described in
general terms, with dates relative to today so the list always has open, upcoming and
closed items. Also a handful of funding-team enquiries so the outcome report has data."""

import datetime

from django.utils import timezone

from apps.core.models import Area
from apps.funding.models import Enquiry, Opportunity, Referral
from apps.profile.models import Organisation, Sector

K = Opportunity.Kind
PUB = Opportunity.Status.PUBLISHED
# slug, title, provider, kind, summary, eligibility, stages, min, max, opens (days from
# today or None), closes (days from today, or None for rolling), sectors, area, status, url
OPPORTUNITIES = [
    (
        "tyne-digital-growth-grant",
        "Digital Growth Grant",
        "Tyne Growth Partnership",
        K.GRANT,
        "Match-funded grants for small tech businesses investing in new products, equipment or specialist software.",
        "Small and medium-sized businesses trading for at least 12 months with a base in Newcastle or Gateshead. The grant covers up to 40% of eligible costs; you fund the rest.",
        ["early", "growth"],
        5_000,
        50_000,
        -30,
        45,
        [],
        None,
        PUB,
        "https://www.example.com/tyne-growth/digital-growth-grant",
    ),
    (
        "innovate-uk-competitions",
        "Innovation competitions",
        "Innovate UK",
        K.GRANT,
        "The UK's innovation agency runs competitions that fund research and development projects with strong commercial potential.",
        "UK-registered businesses of any size, alone or with partners. Each competition sets its own scope, size and deadline, so check the current list.",
        ["idea", "early", "growth", "established"],
        25_000,
        2_000_000,
        None,
        None,
        [],
        None,
        PUB,
        "https://www.ukri.org/councils/innovate-uk/",
    ),
    (
        "start-up-loans",
        "Start Up Loans",
        "British Business Bank",
        K.LOAN,
        "Government-backed personal loans for people starting or growing a young business, with free mentoring.",
        "Founders of UK businesses that have been trading for less than three years. The loan is personal and unsecured, with a fixed interest rate.",
        ["idea", "early"],
        500,
        25_000,
        None,
        None,
        [],
        None,
        PUB,
        "https://www.startuploans.co.uk/",
    ),
    (
        "north-star-seed",
        "Seed and Series A investment",
        "North Star Ventures",
        K.EQUITY,
        "Equity investment for software, data and deep-tech founders in the North of England.",
        "Incorporated companies with a working product and early revenue or strong evidence of demand. We invest alongside angels and other funds.",
        ["early", "growth"],
        150_000,
        2_000_000,
        None,
        None,
        ["software", "data-ai", "fintech"],
        None,
        PUB,
        "https://www.example.com/north-star-ventures/pitch",
    ),
    (
        "quayside-microloans",
        "Tech microloans",
        "Quayside Community Finance",
        K.LOAN,
        "Small loans for tech businesses that find it hard to borrow from the banks.",
        "Businesses in Newcastle or Gateshead that have been turned down, or would be, by a high-street lender. Decisions in two weeks.",
        ["idea", "early", "growth"],
        1_000,
        100_000,
        None,
        None,
        [],
        None,
        PUB,
        "https://www.example.com/quayside-community-finance",
    ),
    (
        "ouseburn-launchpad-spring",
        "Launchpad accelerator, spring cohort",
        "Ouseburn Launchpad",
        K.ACCELERATOR,
        "Twelve weeks of mentoring, workshops and investor introductions for early-stage founders, ending in a demo day.",
        "Teams of one to five people with a product idea or prototype. No equity taken; a £5,000 grant for each team.",
        ["idea", "early"],
        5_000,
        5_000,
        -10,
        21,
        ["software", "data-ai", "healthtech", "cleantech"],
        "ouseburn",
        PUB,
        "https://www.example.com/ouseburn-launchpad",
    ),
    (
        "health-innovation-accelerator",
        "Health innovation accelerator",
        "North East Health Innovation Network",
        K.ACCELERATOR,
        "Helps health-tech companies test products with NHS trusts in the region and build the evidence buyers ask for.",
        "Companies with a product ready for a real-world pilot in the NHS or social care.",
        ["early", "growth"],
        None,
        None,
        14,
        60,
        ["healthtech"],
        "science-central",
        PUB,
        "https://www.example.com/ne-health-innovation",
    ),
    (
        "gateshead-net-zero-grant",
        "Net zero technology grant",
        "Gateshead Low Carbon Fund",
        K.GRANT,
        "Grants for businesses developing technology that cuts carbon in homes, transport or industry.",
        "Businesses based in Gateshead, or willing to run a pilot there. Projects must show how much carbon they expect to save.",
        ["early", "growth", "established"],
        10_000,
        75_000,
        -60,
        7,
        ["cleantech", "hardware", "mobility"],
        "gateshead-town-centre",
        PUB,
        "https://www.example.com/gateshead-low-carbon",
    ),
    (
        "north-east-tech-awards",
        "North East Tech Awards",
        "Dynamo North East",
        K.AWARD,
        "Annual awards celebrating the region's tech businesses, people and projects, with categories for start-ups and scale-ups.",
        "Organisations and people working in tech in the North East. Entry is free.",
        [],
        None,
        None,
        -20,
        30,
        [],
        None,
        PUB,
        "https://www.example.com/north-east-tech-awards",
    ),
    (
        "creative-digital-prize",
        "Creative digital prize",
        "Digital Union",
        K.AWARD,
        "A prize for the most inventive digital or immersive project made in the region this year.",
        "Studios, freelancers and agencies based in the North East.",
        [],
        2_500,
        2_500,
        -90,
        -5,
        ["creative", "games"],
        None,
        PUB,
        "https://www.example.com/digital-union-prize",
    ),
    (
        "scale-up-growth-loan",
        "Scale-up growth loan",
        "Tyne Capital Partners",
        K.LOAN,
        "Larger loans for profitable tech companies hiring and expanding in the region.",
        "Limited companies trading for at least two years with turnover above £1 million.",
        ["growth", "established"],
        100_000,
        750_000,
        None,
        None,
        [],
        None,
        Opportunity.Status.DRAFT,
        "https://www.example.com/tyne-capital",
    ),
]

# reference, business, contact, amount, stage, outcome, need, referrals
# (referred to, opportunity slug, days ago, outcome, amount secured)
ENQUIRIES = [
    (
        "DEMOFND1",
        "Byker Robotics",
        "Priya Shah",
        60_000,
        "early",
        Enquiry.Outcome.FUNDED,
        "We need money to build ten more inspection robots for water-company pilots.",
        [
            ("Tyne Growth Partnership", "tyne-digital-growth-grant", 40, "successful", 30_000),
            ("Innovate UK", "innovate-uk-competitions", 35, "unsuccessful", None),
        ],
    ),
    (
        "DEMOFND2",
        "Grey Street Payments",
        "Tom Wilson",
        500_000,
        "early",
        Enquiry.Outcome.OPEN,
        "Raising a seed round to leave the FCA sandbox and launch across the North.",
        [("North Star Ventures", "north-star-seed", 10, "awaiting", None)],
    ),
    (
        "DEMOFND3",
        "Kittiwake Labs",
        "Jo Armstrong",
        15_000,
        "idea",
        Enquiry.Outcome.FUNDED,
        "A small loan to manufacture our first batch of air-quality sensors.",
        [("Quayside Community Finance", "quayside-microloans", 50, "successful", 12_000)],
    ),
    (
        "DEMOFND4",
        "Heaton Studio XR",
        "Sam Lee",
        None,
        "",
        Enquiry.Outcome.SIGNPOSTED,
        "Is there anything for a VR studio that wants to sell to museums abroad?",
        [("Department for Business and Trade export advisers", None, 20, "not_pursued", None)],
    ),
    (
        "DEMOFND5",
        "A new fintech idea",
        "Morgan Reed",
        2_000,
        "idea",
        Enquiry.Outcome.NO_MATCH,
        "I want to build an app but have not started a company yet.",
        [],
    ),
]


def load():
    today = timezone.localdate()
    sectors = {s.slug: s for s in Sector.objects.all()}
    areas = {a.slug: a for a in Area.objects.all()}
    for row in OPPORTUNITIES:
        (
            slug,
            title,
            provider,
            kind,
            summary,
            eligibility,
            stages,
            amount_min,
            amount_max,
            opens,
            closes,
            sector_slugs,
            area,
            status,
            url,
        ) = row
        opportunity, _ = Opportunity.objects.update_or_create(
            slug=slug,
            defaults={
                "title": title,
                "provider": provider,
                "kind": kind,
                "summary": summary,
                "eligibility": eligibility,
                "stages": stages,
                "amount_min": amount_min,
                "amount_max": amount_max,
                "opens_on": today + datetime.timedelta(days=opens) if opens is not None else None,
                "closes_on": today + datetime.timedelta(days=closes)
                if closes is not None
                else None,
                "is_rolling": closes is None,
                "area": areas.get(area) if area else None,
                "status": status,
                "url": url,
            },
        )
        opportunity.sectors.set([sectors[s] for s in sector_slugs if s in sectors])

    opportunities = {o.slug: o for o in Opportunity.objects.all()}
    organisations = {o.name: o for o in Organisation.objects.all()}
    now = timezone.now()
    for reference, business, contact, amount, stage, outcome, need, referrals in ENQUIRIES:
        enquiry, _ = Enquiry.objects.update_or_create(
            reference=reference,
            defaults={
                "organisation_name": business,
                "organisation": organisations.get(business),
                "contact_name": contact,
                "contact_email": f"{reference.lower()}@example.com",
                "need": need,
                "amount": amount,
                "stage": stage,
                "outcome": outcome,
                "submitted_at": now - datetime.timedelta(days=60),
            },
        )
        enquiry.referrals.all().delete()
        Referral.objects.bulk_create(
            Referral(
                enquiry=enquiry,
                referred_to=to,
                opportunity=opportunities.get(slug) if slug else None,
                referred_on=today - datetime.timedelta(days=days_ago),
                outcome=result,
                amount_secured=secured,
            )
            for to, slug, days_ago, result, secured in referrals
        )
    return f"{len(OPPORTUNITIES)} funding opportunities, {len(ENQUIRIES)} enquiries"
