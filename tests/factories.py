import factory
from django.utils import timezone
from django.utils.text import slugify

from apps.core.models import Area, Status, User
from apps.people.models import (
    Course,
    Skill,
    SkillCategory,
    SkillLine,
    SurveyResponse,
    SurveyRound,
)
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
