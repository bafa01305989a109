from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    """pg_trgm, for typo-tolerant search and trigram indexes on titles."""

    dependencies = [("core", "0001_initial")]

    operations = [TrigramExtension()]
