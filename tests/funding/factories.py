import datetime

import factory
from django.utils.text import slugify

from apps.funding.models import Enquiry, Opportunity, Referral


class OpportunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Opportunity
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Opportunity {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    status = Opportunity.Status.PUBLISHED
    provider = "North East Growth Fund"
    kind = Opportunity.Kind.GRANT
    summary = "Money for growing tech businesses."
    eligibility = "Businesses based in Newcastle or Gateshead."
    stages = factory.LazyFunction(list)
    amount_min = 1_000
    amount_max = 50_000
    opens_on = None
    # Far in the future so the default is open whatever today's date is.
    closes_on = datetime.date(2099, 12, 31)
    is_rolling = False
    url = "https://funder.example.com/apply"

    @factory.post_generation
    def sectors(self, create, extracted, **kwargs):
        if create and extracted:
            self.sectors.set(extracted)


class EnquiryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enquiry

    organisation_name = factory.Sequence(lambda n: f"Enquirer {n}")
    contact_name = "Sam Founder"
    contact_email = factory.Sequence(lambda n: f"founder{n}@example.com")
    need = "Money to hire two developers."
    amount = 25_000


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Referral

    enquiry = factory.SubFactory(EnquiryFactory)
    referred_to = "North Star Ventures"
