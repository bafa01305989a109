import datetime

import factory
from django.utils import timezone
from django.utils.text import slugify

from apps.programmes.models import CohortWindow, Programme, ProgrammeChange
from tests.factories import OrganisationFactory


class ProgrammeFactory(factory.django.DjangoModelFactory):
    """A published programme with one window open today (the real today), unless
    `windows` is given: a list of (opens_on, closes_on) pairs, possibly empty."""

    class Meta:
        model = Programme
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Programme {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    status = Programme.Status.PUBLISHED
    kind = Programme.Kind.ACCELERATOR
    provider = factory.SubFactory(OrganisationFactory, role="support")
    summary = "Twelve weeks of help for early tech businesses."
    description = "Workshops, mentors and a demo day."
    cost = Programme.Cost.FREE
    url = "https://example.org/programme"

    @factory.post_generation
    def windows(self, create, extracted, **kwargs):
        if not create:
            return
        if extracted is None:
            today = timezone.localdate()
            extracted = [(today - datetime.timedelta(days=30), today + datetime.timedelta(days=30))]
        for opens_on, closes_on in extracted:
            CohortWindow.objects.create(programme=self, opens_on=opens_on, closes_on=closes_on)

    @factory.post_generation
    def sectors(self, create, extracted, **kwargs):
        if create and extracted:
            self.sectors.set(extracted)


class ProgrammeChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeChange

    programme = factory.SubFactory(ProgrammeFactory)
    summary = factory.Sequence(lambda n: f"Proposed summary {n}")
    description = "A proposed description."
    cost = Programme.Cost.PAID
    cost_detail = "£300 a place"
    url = "https://example.org/proposed"
    contact_name = "Pat Proposer"
    contact_email = "pat@example.org"
