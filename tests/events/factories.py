import datetime

import factory
from django.utils.text import slugify

from apps.events.models import LONDON, Event
from tests.factories import OrganisationFactory


def local(day, hour=18, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=LONDON)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Event {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    kind = Event.Kind.MEETUP
    theme = "profile"
    summary = "A meetup."
    organiser = factory.SubFactory(OrganisationFactory)
    starts_at = factory.LazyFunction(lambda: local(datetime.date(2027, 3, 2)))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=2))
    venue = "The Core, Newcastle"
    contact_name = "Events Person"
    contact_email = factory.Sequence(lambda n: f"events{n}@example.com")
    status = "published"

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted:
            self.topics.set(extracted)
