import datetime

import factory
from django.utils.text import slugify

from apps.strategy.models import (
    Action,
    Indicator,
    InvestmentEnquiry,
    Observation,
    ProgressUpdate,
    Strand,
    UpdateProposal,
)
from tests.factories import OrganisationFactory


class StrandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Strand

    name = factory.Sequence(lambda n: f"Strand {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    theme = "people"
    summary = "A strand of the strategy."


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Action {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    strand = factory.SubFactory(StrandFactory)
    summary = "Something the strategy will do."
    lead = factory.SubFactory(OrganisationFactory)
    status = Action.Status.IN_PROGRESS
    target_date = datetime.date(2027, 6, 30)
    is_published = True

    @factory.post_generation
    def partners(self, create, extracted, **kwargs):
        if create and extracted:
            self.partners.set(extracted)


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressUpdate

    action = factory.SubFactory(ActionFactory)
    title = factory.Sequence(lambda n: f"Update {n}")
    body = "What happened."
    happened_on = datetime.date(2026, 5, 1)
    is_published = True


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    name = factory.Sequence(lambda n: f"Indicator {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    theme = "people"
    definition = "What is counted."
    unit = "people"
    baseline_value = 100
    baseline_on = datetime.date(2024, 1, 1)
    baseline_source = "Mapping study"
    target_value = 130
    target_on = datetime.date(2027, 1, 1)
    is_published = True


def observe(indicator, day, value, **kwargs):
    return Observation.objects.create(
        indicator=indicator, observed_on=day, value=value, source="Test source", **kwargs
    )


class UpdateProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UpdateProposal

    action = factory.SubFactory(ActionFactory)
    organisation = factory.LazyAttribute(lambda o: o.action.lead)
    title = factory.Sequence(lambda n: f"Proposed update {n}")
    body = "What happened."
    happened_on = datetime.date(2026, 5, 1)
    contact_name = "Proposer"
    contact_email = factory.Sequence(lambda n: f"proposer{n}@example.com")


class InvestmentEnquiryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InvestmentEnquiry

    organisation_name = factory.Sequence(lambda n: f"Investor {n}")
    country = "Germany"
    interest = InvestmentEnquiry.Interest.LOCATE
    message = "Looking for a site."
    contact_name = "Investor Contact"
    contact_email = factory.Sequence(lambda n: f"investor{n}@example.com")
