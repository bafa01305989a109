from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone
from django.utils.text import slugify

from apps.core.models import Area, User
from apps.core.moderation.models import Status
from apps.people.models import (
    Course,
    Skill,
    SkillCategory,
    SkillLine,
    SurveyResponse,
    SurveyRound,
)
from apps.place.models import Amenity, Building, Space, SpaceNeed
from apps.profile.models import Organisation, Sector


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    is_staff = True

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or "correct horse battery")
        if create:
            self.save(update_fields=["password"])


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Area {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    council = Area.Council.NEWCASTLE


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sector
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Sector {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Company {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    kind = Organisation.Kind.SME
    summary = factory.LazyAttribute(lambda o: f"{o.name} builds software in the North East.")
    description = "We make things."
    area = factory.SubFactory(AreaFactory)
    employee_band = Organisation.EmployeeBand.SMALL
    contact_name = "Private Person"
    contact_email = factory.LazyAttribute(lambda o: f"owner@{o.slug}.example.com")
    status = Status.PUBLISHED
    confirmed_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def sectors(self, create, extracted, **kwargs):
        if create and extracted:
            self.sectors.set(extracted)


# People: skills survey and courses


class SkillCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SkillCategory
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Test category {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill
        django_get_or_create = ["slug"]

    category = factory.SubFactory(SkillCategoryFactory)
    name = factory.Sequence(lambda n: f"Test skill {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class SurveyRoundFactory(factory.django.DjangoModelFactory):
    """By default the round open today."""

    class Meta:
        model = SurveyRound

    title = factory.Sequence(lambda n: f"Skills survey round {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - timezone.timedelta(days=30))
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + timezone.timedelta(days=30))


class SurveyResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveyResponse

    round = factory.SubFactory(SurveyRoundFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    headcount_change = 2
    turned_away_work = SurveyResponse.TurnedAway.NEVER
    apprentices = 1
    contact_name = "Survey Person"
    contact_email = factory.LazyAttribute(lambda o: o.organisation.contact_email)
    status = Status.PUBLISHED
    confirmed_at = factory.LazyFunction(timezone.now)


class SkillLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SkillLine

    response = factory.SubFactory(SurveyResponseFactory)
    skill = factory.SubFactory(SkillFactory)
    staff = 1
    vacancies = 0
    difficulty = 3
    training_need = False


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course
        skip_postgeneration_save = True

    provider = factory.SubFactory(OrganisationFactory, kind=Organisation.Kind.TRAINING)
    title = factory.Sequence(lambda n: f"Course {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    level = Course.Level.INTRODUCTORY
    mode = Course.Mode.IN_PERSON
    cost = 0
    duration = "10 weeks, part time"
    url = factory.LazyAttribute(lambda o: f"https://courses.example.com/{o.slug}")

    @factory.post_generation
    def skills(self, create, extracted, **kwargs):
        if create and extracted:
            self.skills.set(extracted)


# Place


class AmenityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Amenity
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Amenity {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class BuildingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Building
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Building {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    address = "1 Quayside, Newcastle upon Tyne"
    postcode = "NE1 3DX"
    area = factory.SubFactory(AreaFactory)
    latitude = Decimal("54.969000")
    longitude = Decimal("-1.603000")
    landlord = factory.SubFactory(OrganisationFactory)
    contact_name = "Private Landlord"
    contact_email = factory.LazyAttribute(lambda o: f"lettings@{o.slug}.example.com")
    status = Status.PUBLISHED
    confirmed_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def amenities(self, create, extracted, **kwargs):
        if create and extracted:
            self.amenities.set(extracted)


class SpaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Space

    building = factory.SubFactory(BuildingFactory)
    name = factory.Sequence(lambda n: f"Suite {n}")
    slug = factory.LazyAttribute(lambda o: slugify(f"{o.building.name} {o.name}"))
    kind = Space.Kind.PRIVATE_OFFICE
    desks_min = 4
    desks_max = 8
    size_sqft = 600
    price = Decimal("250.00")
    price_basis = Space.PriceBasis.DESK_MONTH
    terms = Space.Terms.LICENCE
    min_months = 3
    available_from = factory.LazyFunction(timezone.localdate)
    expires_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=60))


class SpaceNeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpaceNeed
        skip_postgeneration_save = True

    organisation_name = factory.Sequence(lambda n: f"Needy Business {n}")
    desks_min = 5
    desks_max = 10
    contact_name = "Private Seeker"
    contact_email = factory.Sequence(lambda n: f"seeker{n}@example.com")
    status = Status.PUBLISHED
    confirmed_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def areas(self, create, extracted, **kwargs):
        if create and extracted:
            self.areas.set(extracted)
