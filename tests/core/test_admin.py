from datetime import timedelta

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from apps.core.admin import AuditHistoryMixin, CsvExportMixin
from apps.core.admin_site import PortalAdminSite
from apps.core.moderation import services
from apps.core.moderation.models import PendingChange, Status
from apps.profile.models import Organisation, Sector
from tests import factories
from tests.helpers_admin import export_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def content(moderator):
    organisation = factories.OrganisationFactory(sectors=[factories.SectorFactory()])
    services.submitter_edit(obj=organisation, values={"summary": "A new summary."})
    return organisation


@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda m: m._meta.label)
def test_every_admin_page_opens_for_an_administrator(
    administrator_client, administrator, rf, content, model
):
    client = administrator_client
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    response = client.get(changelist)
    assert response.status_code == 200
    assert client.get(changelist, {"q": "zzz"}).status_code == 200
    # Apply the first choice of the first filter the list offers.
    specs = response.context["cl"].filter_specs
    if specs:
        choices = [c for c in specs[0].choices(response.context["cl"]) if not c["selected"]]
        if choices:
            assert client.get(changelist + choices[0]["query_string"]).status_code == 200
    request = rf.get("/")
    request.user = administrator
    # Read-only admins (pending changes, enquiries, task results) refuse "add".
    can_add = admin.site._registry[model].has_add_permission(request)
    add = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    assert add.status_code == (200 if can_add else 403)
    obj = model._default_manager.first()
    if obj is not None:
        change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        assert client.get(change).status_code == 200
        history = reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk])
        assert client.get(history).status_code == 200


def test_the_status_filter_counts_what_waits(admin_client):
    factories.OrganisationFactory(status=Status.PENDING)
    factories.OrganisationFactory(status=Status.PENDING)
    response = admin_client.get(reverse("admin:profile_organisation_changelist"))
    assert "In review (2)" in response.content.decode()
    filtered = admin_client.get(
        reverse("admin:profile_organisation_changelist"), {"status": "pending"}
    )
    assert filtered.context["cl"].result_count == 2


def test_approve_skips_unconfirmed_submissions(admin_client):
    unconfirmed = factories.OrganisationFactory(status=Status.UNCONFIRMED)
    admin_client.post(
        reverse("admin:profile_organisation_changelist"),
        {"action": "approve_selected", "_selected_action": [unconfirmed.pk], "confirm": "1"},
    )
    unconfirmed.refresh_from_db()
    assert unconfirmed.status == Status.UNCONFIRMED


def test_a_newer_edit_supersedes_the_waiting_one(moderator):
    organisation = factories.OrganisationFactory()
    first = services.submitter_edit(obj=organisation, values={"summary": "First"})
    second = services.submitter_edit(obj=organisation, values={"summary": "Second"})
    first.refresh_from_db()
    assert first.status == PendingChange.Status.SUPERSEDED
    assert second.status == PendingChange.Status.PENDING
    assert services.change_approve(change=first, by=moderator) is False
    services.change_approve(change=second, by=moderator)
    organisation.refresh_from_db()
    assert organisation.summary == "Second"


def test_an_edit_that_changes_nothing_makes_no_pending_change():
    organisation = factories.OrganisationFactory(summary="Same")
    assert services.submitter_edit(obj=organisation, values={"summary": "Same"}) is None
    assert PendingChange.objects.count() == 0


def test_rejecting_a_change_keeps_the_live_version(
    admin_client, moderator, django_capture_on_commit_callbacks
):
    organisation = factories.OrganisationFactory(summary="Live")
    change = services.submitter_edit(obj=organisation, values={"summary": "Spam"})
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("admin:core_pendingchange_changelist"),
            {
                "action": "reject_selected",
                "_selected_action": [change.pk],
                "confirm": "1",
                "reason": "Looks like spam.",
            },
        )
    change.refresh_from_db()
    organisation.refresh_from_db()
    assert change.status == PendingChange.Status.REJECTED
    assert organisation.summary == "Live"
    assert "Looks like spam." in mail.outbox[-1].body


@pytest.mark.parametrize("n", [3, 30])
def test_the_organisation_changelist_runs_a_constant_number_of_queries(
    admin_client, django_assert_max_num_queries, n
):
    for _ in range(n):
        factories.OrganisationFactory()
    admin_client.get(reverse("admin:profile_organisation_changelist"))  # warm the session
    # session, user, status counts, page with areas, filter choices (areas, sectors),
    # date hierarchy, and the paginator's count.
    with django_assert_max_num_queries(12):
        response = admin_client.get(reverse("admin:profile_organisation_changelist"))
    assert response.context["cl"].result_count == Organisation.objects.count()


def test_the_dashboard_shows_the_moderation_queue(admin_client):
    factories.OrganisationFactory(status=Status.PENDING)
    factories.OrganisationFactory(status=Status.PENDING)
    factories.OrganisationFactory(status=Status.UNCONFIRMED)
    published = factories.OrganisationFactory()
    services.submitter_edit(obj=published, values={"summary": "Changed"})
    response = admin_client.get(reverse("admin:index"))
    queue = {row["label"]: row for row in response.context["moderation_queue"]}
    assert queue["Organisations"]["pending"] == 2
    assert queue["Organisations"]["unconfirmed"] == 1
    assert queue["Changes to published items"]["pending"] == 1
    assert "/admin/profile/organisation/?status=pending" in response.content.decode()


def test_the_dashboard_names_the_oldest_waiting_item(admin_client):
    now = timezone.now()
    factories.OrganisationFactory(
        name="Newer Ltd", status=Status.PENDING, confirmed_at=now - timedelta(hours=2)
    )
    oldest = factories.OrganisationFactory(
        name="Patient Ltd", status=Status.PENDING, confirmed_at=now - timedelta(days=3)
    )
    response = admin_client.get(reverse("admin:index"))
    waiting = response.context["oldest_waiting"]
    assert waiting["item"] == oldest
    page = response.content.decode()
    assert "Patient Ltd" in page
    assert reverse("admin:profile_organisation_change", args=[oldest.pk]) in page
    assert "3\xa0days" in page


def test_the_dashboard_says_when_nothing_waits(admin_client):
    response = admin_client.get(reverse("admin:index"))
    assert response.context["oldest_waiting"] is None
    assert "Nothing is waiting for review." in response.content.decode()


def test_model_admins_add_rows_to_the_dashboard(admin_client, monkeypatch):
    model_admin = admin.site._registry[Organisation]

    def dashboard_rows(request):
        return [{"label": "Listings about to expire", "count": 4, "url": "/admin/x/"}]

    monkeypatch.setattr(model_admin, "dashboard_rows", dashboard_rows, raising=False)
    response = admin_client.get(reverse("admin:index"))
    assert "Listings about to expire" in response.content.decode()


def test_a_bulk_approve_asks_first_then_reports_the_count(admin_client):
    first = factories.OrganisationFactory(status=Status.PENDING)
    second = factories.OrganisationFactory(status=Status.PENDING)
    url = reverse("admin:profile_organisation_changelist")
    selected = {"action": "approve_selected", "_selected_action": [first.pk, second.pk]}
    ask = admin_client.post(url, selected)
    assert ask.status_code == 200
    assert "2 items" in ask.content.decode()
    first.refresh_from_db()
    assert first.status == Status.PENDING
    done = admin_client.post(url, {**selected, "confirm": "1"}, follow=True)
    assert "Published 2 item(s)." in done.content.decode()
    assert Organisation.objects.filter(status=Status.PUBLISHED).count() >= 2


@pytest.mark.parametrize("action", ["approve_selected", "reject_selected", "archive_selected"])
def test_a_bulk_action_on_one_item_asks_first_like_the_buttons(admin_client, action):
    item = factories.OrganisationFactory(name="Lone Item Ltd", status=Status.PENDING)
    url = reverse("admin:profile_organisation_changelist")
    ask = admin_client.post(url, {"action": action, "_selected_action": [item.pk]})
    assert ask.status_code == 200
    assert ask.templates[0].name == "admin/core/confirm_action.html"
    page = ask.content.decode()
    assert "Lone Item Ltd" in page and 'name="confirm"' in page
    item.refresh_from_db()
    assert item.status == Status.PENDING
    assert not mail.outbox


def test_a_bulk_reject_keeps_asking_until_there_is_a_reason(admin_client):
    item = factories.OrganisationFactory(status=Status.PENDING)
    url = reverse("admin:profile_organisation_changelist")
    selected = {"action": "reject_selected", "_selected_action": [item.pk], "confirm": "1"}
    again = admin_client.post(url, {**selected, "reason": "  "})
    assert again.status_code == 200
    assert "Write a reason" in again.content.decode()
    item.refresh_from_db()
    assert item.status == Status.PENDING
    done = admin_client.post(url, {**selected, "reason": "Too thin."}, follow=True)
    assert "Rejected 1 item(s) and told the submitters why." in done.content.decode()
    item.refresh_from_db()
    assert item.status == Status.REJECTED and item.moderation_note == "Too thin."


def test_a_bulk_approve_names_what_it_leaves_and_why(admin_client):
    ready = factories.OrganisationFactory(name="Ready Ltd", status=Status.PENDING)
    waiting = factories.OrganisationFactory(name="Waiting Ltd", status=Status.UNCONFIRMED)
    live = factories.OrganisationFactory(name="Live Ltd")
    url = reverse("admin:profile_organisation_changelist")
    selected = {"action": "approve_selected", "_selected_action": [ready.pk, waiting.pk, live.pk]}
    ask = admin_client.post(url, selected)
    assert [str(o) for o in ask.context["items"]] == ["Ready Ltd"]
    page = ask.content.decode()
    # The same reasons the one-item page gives for showing no Approve button.
    assert "Waiting Ltd: The submitter has not confirmed their email address yet." in page
    assert "Live Ltd: It is already published." in page

    done = admin_client.post(url, {**selected, "confirm": "1"}, follow=True)
    page = done.content.decode()
    assert "Published 1 item(s)." in page
    assert "“Waiting Ltd”: The submitter has not confirmed their email address yet." in page
    waiting.refresh_from_db()
    ready.refresh_from_db()
    assert (ready.status, waiting.status) == (Status.PUBLISHED, Status.UNCONFIRMED)


def test_a_bulk_approve_of_nothing_approvable_says_why_without_a_page(admin_client):
    waiting = factories.OrganisationFactory(name="Waiting Ltd", status=Status.UNCONFIRMED)
    url = reverse("admin:profile_organisation_changelist")
    done = admin_client.post(
        url, {"action": "approve_selected", "_selected_action": [waiting.pk]}, follow=True
    )
    assert done.templates[0].name != "admin/core/confirm_action.html"
    assert "“Waiting Ltd”: The submitter has not confirmed" in done.content.decode()


def test_a_bulk_archive_asks_first(admin_client):
    items = [factories.OrganisationFactory(), factories.OrganisationFactory()]
    url = reverse("admin:profile_organisation_changelist")
    selected = {"action": "archive_selected", "_selected_action": [o.pk for o in items]}
    assert "withdrawn" in admin_client.post(url, selected).content.decode()
    assert not Organisation.objects.filter(status=Status.ARCHIVED).exists()
    admin_client.post(url, {**selected, "confirm": "1"})
    assert Organisation.objects.filter(status=Status.ARCHIVED).count() == 2


def test_view_on_site_appears_only_for_published_items(admin_client):
    published = factories.OrganisationFactory()
    pending = factories.OrganisationFactory(status=Status.PENDING)
    page = admin_client.get(reverse("admin:profile_organisation_change", args=[published.pk]))
    assert "View on site" in page.content.decode()
    page = admin_client.get(reverse("admin:profile_organisation_change", args=[pending.pk]))
    assert "View on site" not in page.content.decode()


def test_the_index_groups_models_by_theme_then_staff_and_security(administrator_client):
    response = administrator_client.get(reverse("admin:index"))
    names = [app["name"] for app in response.context["app_list"]]
    assert names.index("Profile") < names.index("Site") < names.index("Staff and security")
    staff = response.context["app_list"][names.index("Staff and security")]
    assert {"Groups", "Staff users", "Access attempts", "TOTP devices"} <= {
        m["name"] for m in staff["models"]
    }
    site = response.context["app_list"][names.index("Site")]
    assert "Staff users" not in {m["name"] for m in site["models"]}


def test_admins_written_without_the_portal_base_still_get_history_and_export():
    site = PortalAdminSite(name="elsewhere")

    class PlainSectorAdmin(admin.ModelAdmin):
        search_fields = ["name"]

    site.register(Sector, PlainSectorAdmin)
    site.register(Group)
    model_admin = site._registry[Sector]
    assert isinstance(model_admin, PlainSectorAdmin)
    assert isinstance(model_admin, AuditHistoryMixin)
    assert isinstance(model_admin, CsvExportMixin)
    # Third-party models are left as they were.
    assert not isinstance(site._registry[Group], CsvExportMixin)


def test_exports_leave_out_secrets_and_private_contacts(admin_client):
    factories.OrganisationFactory(name="Tyne Widgets", contact_email="owner@private.example")
    response = export_csv(admin_client, reverse("admin:profile_organisation_export"))
    header = response.content.decode().splitlines()[0]
    assert "contact_email" not in header
    assert "owner@private.example" not in response.content.decode()
    assert "Tyne Widgets" in response.content.decode()


@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda m: m._meta.label)
def test_every_list_has_a_search_box(model):
    assert admin.site._registry[model].search_fields


def test_the_dashboard_shows_expiring_listings_and_new_enquiries(admin_client):
    import datetime

    from django.utils import timezone

    from apps.place.models import Enquiry as SpaceEnquiry
    from tests.funding.factories import EnquiryFactory

    today = timezone.localdate()
    soon = factories.SpaceFactory(expires_on=today + datetime.timedelta(days=5))
    factories.SpaceFactory(expires_on=today + datetime.timedelta(days=60))  # not soon
    factories.SpaceFactory(  # expiring soon, but its building is not published
        building=factories.BuildingFactory(status=Status.PENDING),
        expires_on=today + datetime.timedelta(days=5),
    )
    SpaceEnquiry.objects.create(space=soon, name="A", email="a@example.com", message="Hi")
    EnquiryFactory()
    response = admin_client.get(reverse("admin:index"))
    rows = {row["label"]: row for row in response.context["attention_rows"]}
    assert rows["Listings about to expire"]["count"] == 1
    assert rows["New office-space enquiries"]["count"] == 1
    assert rows["Open funding-team enquiries"]["count"] == 1
    html = response.content.decode()
    assert "Listings about to expire" in html
    assert admin_client.get(rows["Listings about to expire"]["url"]).status_code == 200


def test_a_pending_change_shows_what_would_change_escaped(admin_client):
    organisation = factories.OrganisationFactory(summary="The live summary.")
    change = services.submitter_edit(
        obj=organisation, values={"summary": "<script>alert(1)</script> New summary."}
    )
    response = admin_client.get(reverse("admin:core_pendingchange_change", args=[change.pk]))
    page = response.content.decode()
    assert '<table class="change-diff">' in page
    assert "<td><del>The live summary.</del></td>" in page
    assert "<td><ins>&lt;script&gt;alert(1)&lt;/script&gt; New summary.</ins></td>" in page
    assert "<script>alert(1)</script>" not in page


@pytest.mark.parametrize("published", [True, False])
def test_a_submitter_edit_says_whether_it_waits_for_review(rf, published):
    from django.contrib.messages import get_messages
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.db import SessionStore

    from apps.core.views import save_submitter_edit

    status = Status.PUBLISHED if published else Status.PENDING
    organisation = factories.OrganisationFactory(summary="Old summary.", status=status)
    request = rf.post("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)  # as Django's docs show for tests
    response = save_submitter_edit(
        request, obj=organisation, values={"summary": "New summary."}, noun="profile"
    )
    assert response.url == reverse("core:status", args=[organisation.reference])
    [message] = [str(m) for m in get_messages(request)]
    organisation.refresh_from_db()
    if published:
        assert message.startswith("Thank you. We will check your changes; your profile stays")
        assert organisation.summary == "Old summary."
        assert PendingChange.objects.for_object(organisation).count() == 1
    else:
        assert message == "Your details have been saved."
        assert organisation.summary == "New summary."


def test_both_reject_services_refuse_a_blank_reason_and_trim_one(moderator):
    from django.core.exceptions import ValidationError

    item = factories.OrganisationFactory(status=Status.PENDING)
    change = services.submitter_edit(
        obj=factories.OrganisationFactory(), values={"summary": "Spam"}
    )
    with pytest.raises(ValidationError, match="Give a reason"):
        services.submission_reject(obj=item, by=moderator, reason="  ")
    with pytest.raises(ValidationError, match="Give a reason"):
        services.change_reject(change=change, by=moderator, reason=None)
    services.submission_reject(obj=item, by=moderator, reason="  Too thin. ")
    services.change_reject(change=change, by=moderator, reason=" Spam. ")
    item.refresh_from_db()
    change.refresh_from_db()
    assert (item.moderation_note, change.moderation_note) == ("Too thin.", "Spam.")


def _draft_opportunity():
    from tests.funding.factories import OpportunityFactory

    return OpportunityFactory(title="Lone Grant", status="draft")


def _live_opportunity():
    from tests.funding.factories import OpportunityFactory

    return OpportunityFactory(title="Lone Grant")


def _draft_story():
    from tests.profile.factories import StoryFactory

    return StoryFactory(title="Lone Story", status="draft", published_at=None)


def _listed_space():
    return factories.SpaceFactory(building__name="Lone House")


def _state(obj):
    obj.refresh_from_db()
    return getattr(obj, "state", None) or obj.status


@pytest.mark.parametrize(
    ("changelist", "action", "make", "shown"),
    [
        (
            "admin:funding_opportunity_changelist",
            "publish_selected",
            _draft_opportunity,
            "Lone Grant",
        ),
        (
            "admin:funding_opportunity_changelist",
            "archive_selected",
            _live_opportunity,
            "Lone Grant",
        ),
        ("admin:profile_story_changelist", "publish_now", _draft_story, "Lone Story"),
        ("admin:place_space_changelist", "mark_let", _listed_space, "Lone House"),
    ],
)
def test_a_bulk_action_that_changes_the_public_site_asks_first(
    admin_client, changelist, action, make, shown
):
    item = make()
    before = _state(item)
    url = reverse(changelist)
    ask = admin_client.post(url, {"action": action, "_selected_action": [item.pk]})
    assert ask.status_code == 200
    assert ask.templates[0].name == "admin/core/confirm_action.html"
    assert shown in ask.content.decode()
    assert _state(item) == before
    done = admin_client.post(url, {"action": action, "_selected_action": [item.pk], "confirm": "1"})
    assert done.status_code == 302
    assert _state(item) != before
