"""Keep Organisation.sector_names, which feeds the generated search vector, in step with
its sectors however they change: the submission form, an approved edit or the admin."""

from django.db.models import F, OuterRef, StringAgg, Subquery, Value
from django.db.models.functions import Coalesce
from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver

from apps.profile.models import Organisation, Sector


def refresh_sector_names(organisation_ids):
    names = (
        Organisation.sectors.through.objects.filter(organisation_id=OuterRef("pk"))
        .values("organisation_id")
        .annotate(names=StringAgg(F("sector__name"), delimiter=Value(" "), order_by="sector__name"))
        .values("names")
    )
    Organisation.objects.filter(pk__in=organisation_ids).update(
        sector_names=Coalesce(Subquery(names), Value(""))
    )


@receiver(m2m_changed, sender=Organisation.sectors.through)
def organisation_sectors_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if reverse:
        refresh_sector_names(list(instance.organisations.values_list("pk", flat=True)))
    else:
        refresh_sector_names([instance.pk])


@receiver(post_save, sender=Sector)
def sector_renamed(sender, instance, created, **kwargs):
    if not created:
        refresh_sector_names(list(instance.organisations.values_list("pk", flat=True)))
