"""Demo office space: invented but believable buildings in real Newcastle and Gateshead
neighbourhoods, with coordinates near where such buildings stand."""

import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.text import slugify

from apps.core.models import Area
from apps.core.moderation.models import Status
from apps.place.models import LISTING_DAYS, Amenity, Building, NeedMatch, Space, SpaceNeed
from apps.profile.models import Organisation

AMENITIES = [
    "24-hour access",
    "Bike storage",
    "Showers",
    "Meeting rooms",
    "Kitchen",
    "Car parking",
    "EV charging",
    "Event space",
    "Staffed reception",
    "Accessible toilet",
    "Lab benches and extraction",
    "Loading bay",
]

# name, kind, area
LANDLORDS = [
    ("Tyne Workspace Partners", Organisation.Kind.SME, "ouseburn"),
    ("Quayside Estates", Organisation.Kind.SME, "quayside"),
    ("Grainger Heritage Lettings", Organisation.Kind.SME, "grainger-town"),
    ("Helix Property Partnership", Organisation.Kind.PUBLIC_BODY, "science-central"),
    ("Gateshead Quays Workspace", Organisation.Kind.SME, "gateshead-quays"),
    ("Team Valley Estates", Organisation.Kind.ENTERPRISE, "team-valley"),
]

K = Space.Kind
D = Space.PriceBasis.DESK_MONTH
Q = Space.PriceBasis.SQFT_YEAR
LIC = Space.Terms.LICENCE
LEASE = Space.Terms.LEASE
# Each space: name, kind, desks min, desks max, sq ft, price, basis, terms, min months,
# days from today until available.
BUILDINGS = [
    {
        "name": "Foundry Lane Works",
        "area": "ouseburn",
        "landlord": "Tyne Workspace Partners",
        "address": "4 Foundry Lane, Ouseburn, Newcastle upon Tyne",
        "postcode": "NE6 1LH",
        "lat": "54.974120",
        "lng": "-1.593260",
        "broadband": 1000,
        "epc": "B",
        "step_free": True,
        "access": "Level entrance from Foundry Lane, lift to all floors, accessible toilet on each floor.",
        "amenities": ["24-hour access", "Bike storage", "Showers", "Kitchen", "Meeting rooms"],
        "description": "A converted Victorian lead works in the Ouseburn valley, now home to software, games and design studios. Exposed brick, big windows and a shared kitchen where the whole building has lunch on Fridays.",
        "spaces": [
            ("Studio 1", K.PRIVATE_OFFICE, 4, 6, 420, "295", D, LIC, 3, 0),
            ("Studio 5", K.PRIVATE_OFFICE, 10, 14, 1100, "265", D, LIC, 6, 30),
            ("Co-working floor", K.HOT_DESK, 1, 1, 60, "150", D, LIC, 1, 0),
        ],
    },
    {
        "name": "Toffee Wharf Studios",
        "area": "ouseburn",
        "landlord": "Tyne Workspace Partners",
        "address": "Maling Street, Ouseburn, Newcastle upon Tyne",
        "postcode": "NE6 1LP",
        "lat": "54.970350",
        "lng": "-1.595720",
        "broadband": 900,
        "epc": "C",
        "step_free": False,
        "access": "Three steps at the main door; a portable ramp is available on request. No lift to the mezzanine.",
        "amenities": ["Bike storage", "Kitchen", "Event space"],
        "description": "A riverside warehouse with creative studios and a mezzanine event space for up to 80 people.",
        "spaces": [
            ("Mezzanine", K.EVENT, 20, 80, 1500, "45", D, LIC, 1, 0),
            ("Desk 12", K.DEDICATED_DESK, 1, 1, 50, "210", D, LIC, 1, 0),
        ],
    },
    {
        "name": "Broad Chare Exchange",
        "area": "quayside",
        "landlord": "Quayside Estates",
        "address": "27 Broad Chare, Quayside, Newcastle upon Tyne",
        "postcode": "NE1 3DQ",
        "lat": "54.969310",
        "lng": "-1.604080",
        "broadband": 1000,
        "epc": "A",
        "step_free": True,
        "access": "Automatic doors, lifts to all floors, accessible parking bay and hearing loop at reception.",
        "amenities": [
            "24-hour access",
            "Staffed reception",
            "Meeting rooms",
            "Showers",
            "Accessible toilet",
            "EV charging",
        ],
        "description": "Grade A offices a minute from the Tyne, with views of the bridges and a staffed reception.",
        "spaces": [
            ("Second floor east", K.PRIVATE_OFFICE, 20, 30, 2600, "28.50", Q, LEASE, 36, 60),
            ("Suite 3.2", K.PRIVATE_OFFICE, 8, 12, 900, "340", D, LIC, 12, 0),
        ],
    },
    {
        "name": "Keelmen's Yard",
        "area": "quayside",
        "landlord": "Quayside Estates",
        "address": "Sandgate, Quayside, Newcastle upon Tyne",
        "postcode": "NE1 2NG",
        "lat": "54.970650",
        "lng": "-1.600150",
        "broadband": 500,
        "epc": "C",
        "step_free": True,
        "access": "Step-free from Sandgate; platform lift to the first floor.",
        "amenities": ["Bike storage", "Kitchen", "Meeting rooms"],
        "description": "Small offices in a restored bonded warehouse, popular with fintech and legal-tech start-ups.",
        "spaces": [
            ("Unit 4", K.PRIVATE_OFFICE, 2, 4, 300, "310", D, LIC, 3, 0),
            ("Resident desks", K.DEDICATED_DESK, 1, 6, 250, "225", D, LIC, 1, 14),
        ],
    },
    {
        "name": "Grey Street Chambers",
        "area": "grainger-town",
        "landlord": "Grainger Heritage Lettings",
        "address": "61 Grey Street, Newcastle upon Tyne",
        "postcode": "NE1 6EF",
        "lat": "54.971820",
        "lng": "-1.611650",
        "broadband": 300,
        "epc": "D",
        "step_free": False,
        "access": "A listed building: steps at the front entrance; step-free access through the rear courtyard to the ground floor only.",
        "amenities": ["Meeting rooms", "Kitchen"],
        "description": "Restored Georgian offices on one of England's finest streets, close to Monument Metro.",
        "spaces": [
            ("First floor front", K.PRIVATE_OFFICE, 6, 10, 850, "19", Q, LEASE, 24, 0),
            ("Attic studio", K.PRIVATE_OFFICE, 2, 3, 260, "240", D, LIC, 6, 45),
        ],
    },
    {
        "name": "Clayton Street Lofts",
        "area": "grainger-town",
        "landlord": "Grainger Heritage Lettings",
        "address": "112 Clayton Street, Newcastle upon Tyne",
        "postcode": "NE1 5PZ",
        "lat": "54.970210",
        "lng": "-1.617080",
        "broadband": 1000,
        "epc": "B",
        "step_free": True,
        "access": "Lift from street level to every floor.",
        "amenities": ["24-hour access", "Bike storage", "Showers", "Kitchen"],
        "description": "Open-plan lofts above the shops, with co-working on the top floor.",
        "spaces": [
            ("Top-floor co-working", K.HOT_DESK, 1, 1, 40, "125", D, LIC, 1, 0),
            ("Loft 2", K.PRIVATE_OFFICE, 12, 18, 1400, "255", D, LIC, 6, 0),
        ],
    },
    {
        "name": "Helix Innovation Hub",
        "area": "science-central",
        "landlord": "Helix Property Partnership",
        "address": "The Helix, Science Square, Newcastle upon Tyne",
        "postcode": "NE4 5TG",
        "lat": "54.974700",
        "lng": "-1.625300",
        "broadband": 10000,
        "epc": "A+",
        "step_free": True,
        "access": "Fully step-free site, lifts, accessible toilets and changing places facility, quiet room.",
        "amenities": [
            "24-hour access",
            "Staffed reception",
            "Meeting rooms",
            "Showers",
            "Bike storage",
            "Event space",
            "Accessible toilet",
            "Lab benches and extraction",
            "EV charging",
        ],
        "description": "Offices and labs at the Helix, the city's innovation quarter, next to the universities and the National Innovation Centre for Data.",
        "spaces": [
            ("Lab suite L1", K.LAB, 4, 8, 1200, "42", Q, LEASE, 12, 30),
            ("Incubator desks", K.DEDICATED_DESK, 1, 10, 600, "195", D, LIC, 1, 0),
            ("Office 4.07", K.PRIVATE_OFFICE, 15, 25, 2200, "31", Q, LEASE, 36, 90),
            ("Boardroom and event hall", K.EVENT, 10, 120, 2400, "60", D, LIC, 1, 0),
        ],
    },
    {
        "name": "Baltic Quay Studios",
        "area": "gateshead-quays",
        "landlord": "Gateshead Quays Workspace",
        "address": "South Shore Road, Gateshead",
        "postcode": "NE8 3BA",
        "lat": "54.968700",
        "lng": "-1.597300",
        "broadband": 1000,
        "epc": "B",
        "step_free": True,
        "access": "Level access from the riverside, lift, accessible toilet on the ground floor.",
        "amenities": ["Bike storage", "Showers", "Kitchen", "Event space", "Meeting rooms"],
        "description": "Creative and digital studios on the Gateshead side of the Millennium Bridge.",
        "spaces": [
            ("Studio A", K.PRIVATE_OFFICE, 5, 8, 650, "230", D, LIC, 3, 0),
            ("Riverside desks", K.DEDICATED_DESK, 1, 4, 200, "185", D, LIC, 1, 0),
        ],
    },
    {
        "name": "Kingsway Tech Park",
        "area": "team-valley",
        "landlord": "Team Valley Estates",
        "address": "Kingsway North, Team Valley Trading Estate, Gateshead",
        "postcode": "NE11 0JH",
        "lat": "54.935200",
        "lng": "-1.617600",
        "broadband": 1000,
        "epc": "B",
        "step_free": True,
        "access": "Single-storey units with level access; accessible parking next to every entrance.",
        "amenities": ["Car parking", "EV charging", "Loading bay", "24-hour access", "Kitchen"],
        "description": "Light-industrial and office units for hardware, robotics and manufacturing-tech firms, with parking and loading bays.",
        "spaces": [
            ("Unit 7 workshop", K.LAB, 6, 12, 3500, "9.50", Q, LEASE, 36, 0),
            ("Unit 12 offices", K.PRIVATE_OFFICE, 15, 30, 2800, "14", Q, LEASE, 24, 21),
        ],
    },
]

# Shown in the admin queue rather than on the site.
PENDING_BUILDING = {
    "name": "Hillgate Quay Works",
    "area": "gateshead-quays",
    "landlord": "Gateshead Quays Workspace",
    "address": "Hillgate, Gateshead",
    "postcode": "NE8 2BH",
    "lat": "54.966300",
    "lng": "-1.601400",
    "broadband": 500,
    "epc": "C",
    "step_free": False,
    "access": "",
    "amenities": ["Bike storage"],
    "description": "A former rope works being fitted out as studios.",
    "spaces": [("Ground floor", K.PRIVATE_OFFICE, 10, 20, 1800, "16", Q, LEASE, 12, 120)],
}


# Standing needs: business, desks min-max, areas, kind, most per desk, needed in days.
NEEDS = [
    ("Tyne Robotics", 10, 15, ["ouseburn", "city-centre"], "", "300", 100),
    ("Northern Lights Games", 20, 30, ["ouseburn", "gateshead-quays"], K.PRIVATE_OFFICE, "", 150),
    ("Helix Genomics", 4, 8, ["science-central"], K.LAB, "", 60),
    ("Quay Fintech", 2, 4, ["quayside", "grainger-town"], "", "320", 30),
    ("Valley Drones", 6, 12, ["team-valley"], "", "", 90),
]


def _needs(areas, today):
    for name, low, high, area_slugs, kind, price, days in NEEDS:
        slug = slugify(name)
        need, _ = SpaceNeed.objects.update_or_create(
            contact_email=f"space@{slug}.example.com",
            defaults={
                "organisation_name": name,
                "desks_min": low,
                "desks_max": high,
                "kind": kind,
                "max_monthly_price_per_desk": Decimal(price) if price else None,
                "available_by": today + datetime.timedelta(days=days),
                "contact_name": "Office Manager",
                "status": Status.PUBLISHED,
                "confirmed_at": timezone.now(),
                "reviewed_at": timezone.now(),
            },
        )
        need.areas.set([areas[a] for a in area_slugs])
        # Record matches as if the business had been emailed, without sending anything.
        for space in Space.objects.matching(need):
            NeedMatch.objects.get_or_create(need=need, space=space)


def _landlords(areas):
    landlords = {}
    for name, kind, area in LANDLORDS:
        slug = slugify(name)
        landlords[name], _ = Organisation.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "kind": kind,
                "area": areas[area],
                "employee_band": Organisation.EmployeeBand.MICRO,
                "summary": f"{name} lets office and studio space to tech businesses.",
                "website": f"https://www.example.com/{slug}",
                "contact_name": "Lettings Team",
                "contact_email": f"lettings@{slug}.example.com",
                "status": Status.PUBLISHED,
                "confirmed_at": timezone.now(),
                "reviewed_at": timezone.now(),
            },
        )
    return landlords


def _building(data, *, status, areas, landlords, amenities, today):
    slug = slugify(data["name"])
    landlord = landlords[data["landlord"]]
    now = timezone.now()
    building, _ = Building.objects.update_or_create(
        slug=slug,
        defaults={
            "name": data["name"],
            "area": areas[data["area"]],
            "landlord": landlord,
            "address": data["address"],
            "postcode": data["postcode"],
            "latitude": Decimal(data["lat"]),
            "longitude": Decimal(data["lng"]),
            "broadband_mbps": data["broadband"],
            "epc_rating": data["epc"],
            "step_free": data["step_free"],
            "access_notes": data["access"],
            "description": data["description"],
            "contact_name": "Lettings Team",
            "contact_email": landlord.contact_email,
            "status": status,
            "confirmed_at": now,
            "last_confirmed_at": now,
            "reviewed_at": now if status == Status.PUBLISHED else None,
        },
    )
    building.amenities.set([amenities[name] for name in data["amenities"]])
    for index, row in enumerate(data["spaces"]):
        name, kind, low, high, sqft, price, basis, terms, months, days = row
        Space.objects.update_or_create(
            slug=slugify(f"{data['name']} {name}"),
            defaults={
                "building": building,
                "name": name,
                "kind": kind,
                "desks_min": low,
                "desks_max": high,
                "size_sqft": sqft,
                "price": Decimal(price),
                "price_basis": basis,
                "terms": terms,
                "min_months": months,
                "available_from": today + datetime.timedelta(days=days),
                # Staggered, so some listings are close to their reminder date.
                "expires_on": today + datetime.timedelta(days=LISTING_DAYS - 20 * index),
                "state": Space.State.LISTED,
                "reminder_sent_on": None,
                "expired_on": None,
                "created_at": now - datetime.timedelta(days=3 * index + len(data["name"])),
            },
        )
    return building


def load():
    today = timezone.localdate()
    for name in AMENITIES:
        Amenity.objects.update_or_create(slug=slugify(name), defaults={"name": name})
    amenities = {a.name: a for a in Amenity.objects.all()}
    areas = {a.slug: a for a in Area.objects.all()}
    landlords = _landlords(areas)
    common = {"areas": areas, "landlords": landlords, "amenities": amenities, "today": today}
    for data in BUILDINGS:
        _building(data, status=Status.PUBLISHED, **common)
    _building(PENDING_BUILDING, status=Status.PENDING, **common)
    # One space that was let and withdrawn, to show that history is kept.
    Space.objects.filter(slug=slugify("Toffee Wharf Studios Desk 12")).update(
        state=Space.State.WITHDRAWN
    )
    _needs(areas, today)
    spaces = sum(len(b["spaces"]) for b in BUILDINGS) + len(PENDING_BUILDING["spaces"])
    return (
        f"{len(AMENITIES)} amenities, {len(BUILDINGS) + 1} buildings, {spaces} spaces, "
        f"{len(NEEDS)} space needs"
    )
