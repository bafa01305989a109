import factory
from django.utils.text import slugify

from apps.core.moderation.models import Status
from apps.industries.models import PartnerRequest
from apps.profile.models import Industry, OrganisationIndustry


class IndustryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Industry
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Industry {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    summary = factory.LazyAttribute(lambda o: f"Buyers in {o.name.lower()}.")

    @factory.post_generation
    def sectors(self, create, extracted, **kwargs):
        if create and extracted:
            self.sectors.set(extracted)


def serves(organisation, industry, case=""):
    """Say that `organisation` serves `industry`, with an optional case."""
    return OrganisationIndustry.objects.create(
        organisation=organisation, industry=industry, case=case
    )


class PartnerRequestFactory(factory.django.DjangoModelFactory):
    """A confirmed request whose sender agreed that we pass their details on."""

    class Meta:
        model = PartnerRequest

    industry = factory.SubFactory(IndustryFactory)
    organisation_name = "Tyne Valley Health Trust"
    need = "Remote monitoring for patients at home."
    contact_name = "Bea Buyer"
    contact_email = factory.Sequence(lambda n: f"buyer{n}@trust.example.org")
    consent_to_share = True
    status = Status.PENDING
