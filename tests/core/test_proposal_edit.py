"""A proposer changes a proposed programme change or progress update through the link
/manage/ emails them: while it waits for review, or after it was turned down (then it goes
back into the queue). Once approved it has become the programme's text or a progress
update, and the link opens its status page instead."""

import pytest
from django.core import mail
from django.urls import reverse

from apps.core.moderation.models import Status
from tests.helpers import last_link
from tests.programmes.factories import ProgrammeChangeFactory
from tests.strategy.factories import UpdateProposalFactory

pytestmark = pytest.mark.django_db


def open_manage_link(client, email, commit):
    with commit(execute=True):
        client.post(reverse("core:manage"), {"email": email})
    return client.get(last_link(email), follow=True)


def change_data(change, **changes):
    data = {
        "summary": change.summary,
        "description": change.description,
        "cost": change.cost,
        "cost_detail": change.cost_detail,
        "url": change.url,
        "window_label": "",
        "window_opens_on": "",
        "window_closes_on": "",
        "window_starts_on": "",
        "note": "",
    }
    data.update(changes)
    return data


def test_a_provider_corrects_a_waiting_programme_change(client, django_capture_on_commit_callbacks):
    change = ProgrammeChangeFactory(
        status=Status.PENDING, summary="Twelve weeks of mentoring", contact_email="p@ex.org"
    )
    page = open_manage_link(client, "p@ex.org", django_capture_on_commit_callbacks)
    edit = reverse("programmes:change_edit", args=[change.reference])
    assert page.redirect_chain[-1][0] == edit
    html = page.content.decode()
    assert 'value="Twelve weeks of mentoring"' in html
    assert reverse("core:withdraw", args=[change.reference]) in html
    # Who sent it is not for changing here.
    assert 'name="contact_email"' not in html

    # A mistake is shown next to its field, and what was typed is kept.
    refused = client.post(
        edit,
        change_data(
            change,
            summary="Ten weeks of mentoring",
            window_label="Spring cohort",
            window_closes_on="2027-03-01",
        ),
    )
    assert refused.status_code == 200
    body = refused.content.decode()
    assert "Give the day applications open for the new cohort." in body
    assert 'value="Ten weeks of mentoring"' in body
    change.refresh_from_db()
    assert change.summary == "Twelve weeks of mentoring"

    done = client.post(edit, change_data(change, summary="Ten weeks of mentoring"), follow=True)
    assert done.redirect_chain[-1][0] == reverse("core:status", args=[change.reference])
    change.refresh_from_db()
    assert change.summary == "Ten weeks of mentoring"
    assert change.status == Status.PENDING
    assert change.contact_email == "p@ex.org"


def test_a_turned_down_update_changed_goes_back_into_the_queue(
    client, django_capture_on_commit_callbacks
):
    proposal = UpdateProposalFactory(
        status=Status.REJECTED,
        moderation_note="Please say how many people took part.",
        contact_email="lead@ex.org",
    )
    page = open_manage_link(client, "lead@ex.org", django_capture_on_commit_callbacks)
    edit = reverse("strategy:report_edit", args=[proposal.reference])
    assert page.redirect_chain[-1][0] == edit
    assert "Please say how many people took part." in page.content.decode()
    data = {
        "organisation": proposal.organisation.pk,
        "title": "40 people finished the bootcamp",
        "happened_on": proposal.happened_on.isoformat(),
        "body": "Forty people took part.",
        "evidence_path": "",
    }
    client.post(edit, data)
    proposal.refresh_from_db()
    assert proposal.title == "40 people finished the bootcamp"
    assert proposal.status == Status.PENDING
    assert proposal.moderation_note == ""


def test_an_approved_proposal_is_not_changed_through_its_link(
    client, django_capture_on_commit_callbacks
):
    applied = UpdateProposalFactory(status=Status.PUBLISHED, contact_email="done@ex.org")
    page = open_manage_link(client, "done@ex.org", django_capture_on_commit_callbacks)
    assert applied.reference in mail.outbox[-1].body
    status = reverse("core:status", args=[applied.reference])
    assert page.redirect_chain[-1][0] == status
    assert "Update what you sent" not in page.content.decode()
    # The link grants no change to it: its edit page sends the visitor to /manage/.
    edit = reverse("strategy:report_edit", args=[applied.reference])
    assert client.get(edit).url == reverse("core:manage")
    client.post(edit, {"title": "Changed after the fact"})
    applied.refresh_from_db()
    assert applied.title != "Changed after the fact"


@pytest.mark.parametrize("name", ["programmes:change_edit", "strategy:report_edit"])
def test_the_edit_pages_need_the_proposers_own_link(client, name):
    obj = (ProgrammeChangeFactory if name.startswith("programmes") else UpdateProposalFactory)(
        status=Status.PENDING
    )
    response = client.get(reverse(name, args=[obj.reference]))
    assert response.status_code == 302
    assert response.url == reverse("core:manage")


def test_hostile_input_on_the_edit_pages(client, settings, django_capture_on_commit_callbacks):
    from apps.core.moderation import links
    from tests.security.test_hostile_input import probe_forms

    # The probes would otherwise trip the per-IP limit and only ever see the 429 page.
    settings.RATELIMIT_ENABLED = False
    change = ProgrammeChangeFactory(status=Status.PENDING)
    proposal = UpdateProposalFactory(status=Status.PENDING)
    for obj in (change, proposal):
        client.get(links.make_url(purpose="manage", obj=obj).removeprefix("http://testserver"))
    paths = [
        reverse("programmes:change_edit", args=[change.reference]),
        reverse("strategy:report_edit", args=[proposal.reference]),
    ]
    probe_forms(client, paths, django_capture_on_commit_callbacks)
    # Every probe was refused or saved in place: both still wait for review.
    for obj in (change, proposal):
        obj.refresh_from_db()
        assert obj.status == Status.PENDING
