"""The summary's lookup index takes the band too: a page reads one band of its slice
(band NULL: every size), which the index now finds by itself instead of reading the
slice's rows for every band and dropping four in five."""

from django.db import migrations

FORWARD = """
DROP INDEX people_skills_summary_lookup;
CREATE INDEX people_skills_summary_lookup
    ON people_skills_summary (round_id, area_id, sector_id, band);
"""

BACKWARD = """
DROP INDEX people_skills_summary_lookup;
CREATE INDEX people_skills_summary_lookup ON people_skills_summary (round_id, area_id, sector_id);
"""


class Migration(migrations.Migration):
    dependencies = [("people", "0005_skills_summary")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
