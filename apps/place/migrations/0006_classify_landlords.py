"""Organisations that let buildings, and were counted as tech businesses, are landlords
(profile's 0011_organisation_role added the role)."""

from django.db import migrations


def classify_landlords(apps, schema_editor):
    Organisation = apps.get_model("profile", "Organisation")
    Organisation.objects.filter(role="tech", buildings__isnull=False).update(role="landlord")


class Migration(migrations.Migration):
    dependencies = [
        ("place", "0005_building_building_shown_fts"),
        ("profile", "0011_organisation_role"),
    ]

    operations = [migrations.RunPython(classify_landlords, migrations.RunPython.noop)]
