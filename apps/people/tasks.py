from django.tasks import task

from apps.people import summary


@task
def skills_summary_refresh(*, round_id):
    """Rebuild a round's skills-map summary if its data changed, so that the first visitor
    after an approval does not wait for it (a visitor would rebuild it anyway)."""
    summary.refresh(round_id)
