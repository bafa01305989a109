"""Keep Organisation.sector_names (which feeds the generated search vector) and
Organisation.sector_ids (the sector filter) in step with its sectors however they change:
the submission form, an approved edit or the admin."""

from django.contrib.postgres.aggregates import ArrayAgg
from django.contrib.postgres.fields import ArrayField
from django.db.models import BigIntegerField, F, OuterRef, StringAgg, Subquery, Value
from django.db.models.functions import Coalesce
from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver

from apps.profile.models import Organisation, Sector


def refresh_sector_names(organisation_ids):
    links = Organisation.sectors.through.objects.filter(organisation_id=OuterRef("pk")).values(
        "organisation_id"
    )
    names = links.annotate(
        names=StringAgg(F("sector__name"), delimiter=Value(" "), order_by="sector__name")
    ).values("names")
    ids = links.annotate(ids=ArrayAgg("sector_id", order_by="sector_id")).values("ids")
    Organisation.objects.filter(pk__in=organisation_ids).update(
        sector_names=Coalesce(Subquery(names), Value("")),
        sector_ids=Coalesce(Subquery(ids), Value([], output_field=ArrayField(BigIntegerField()))),
    )


@receiver(m2m_changed, sender=Organisation.sectors.through)
def organisation_sectors_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if reverse:
        refresh_sector_names(list(instance.organisations.values_list("pk", flat=True)))
    else:
        refresh_sector_names([instance.pk])
        # The same object is often saved again (a logo upload, a status change): give it the
        # new copies, or that save would write the stale ones back.
        instance.refresh_from_db(fields=["sector_names", "sector_ids"])


@receiver(post_save, sender=Sector)
def sector_renamed(sender, instance, created, **kwargs):
    if not created:
        refresh_sector_names(list(instance.organisations.values_list("pk", flat=True)))
