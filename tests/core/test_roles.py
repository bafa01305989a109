"""What each staff role can and cannot do, proved through the admin."""

import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.urls import reverse

from apps.core.moderation import services
from apps.core.moderation.models import PendingChange, Status
from apps.core.security.roles import ROLES, sync_roles, wanted_permissions
from apps.profile.models import Organisation, Sector
from tests import factories
from tests.helpers_admin import export_csv

pytestmark = pytest.mark.django_db


def codenames(role):
    return set(Group.objects.get(name=role).permissions.values_list("codename", flat=True))


def test_the_migration_and_sync_create_every_role():
    assert set(Group.objects.filter(name__in=ROLES).values_list("name", flat=True)) == set(ROLES)


def test_sync_gives_each_role_exactly_its_permissions():
    moderator = Group.objects.get(name="Moderator")
    moderator.permissions.add(Permission.objects.get(codename="delete_organisation"))
    out = io.StringIO()
    call_command("sync_roles", stdout=out)
    assert "Moderator:" in out.getvalue()
    assert "delete_organisation" not in codenames("Moderator")
    assert {"view_organisation", "change_organisation"} <= codenames("Moderator")
    assert "add_organisation" not in codenames("Moderator")
    # Read-only means only view permissions.
    assert all(c.startswith("view_") for c in codenames("Data analyst"))
    assert "view_user" not in codenames("Data analyst")
    assert {"add_user", "change_group", "delete_totpdevice"} <= codenames("Administrator")


def test_moderated_models_are_found_by_kind_not_by_name():
    # "@moderated" picks up every Moderated model, so theme apps merged later are covered.
    assert ("profile", "change_organisation") in wanted_permissions("Moderator")
    assert sync_roles()["Moderator"] == len(wanted_permissions("Moderator"))


class TestModerator:
    @pytest.fixture
    def client(self, role_client):
        return role_client("Moderator")

    def test_it_approves_and_rejects_submissions(self, client):
        first = factories.OrganisationFactory(status=Status.PENDING)
        second = factories.OrganisationFactory(status=Status.PENDING)
        url = reverse("admin:profile_organisation_changelist")
        assert client.get(url).status_code == 200
        client.post(
            url,
            {"action": "approve_selected", "_selected_action": [first.pk], "confirm": "1"},
        )
        client.post(
            url,
            {
                "action": "reject_selected",
                "_selected_action": [second.pk],
                "confirm": "1",
                "reason": "Not a tech business.",
            },
        )
        first.refresh_from_db()
        second.refresh_from_db()
        assert first.status == Status.PUBLISHED
        assert second.status == Status.REJECTED

    def test_it_reviews_changes_to_published_items(self, client):
        assert client.get(reverse("admin:core_pendingchange_changelist")).status_code == 200

    def test_it_cannot_add_or_delete_organisations(self, client):
        organisation = factories.OrganisationFactory()
        assert client.get(reverse("admin:profile_organisation_add")).status_code == 403
        delete = reverse("admin:profile_organisation_delete", args=[organisation.pk])
        assert client.post(delete, {"post": "yes"}).status_code == 403
        assert Organisation.objects.filter(pk=organisation.pk).exists()

    def test_it_reads_but_cannot_edit_taxonomies(self, client):
        sector = factories.SectorFactory(name="Fintech")
        assert client.get(reverse("admin:profile_sector_changelist")).status_code == 200
        change = reverse("admin:profile_sector_change", args=[sector.pk])
        client.post(change, {"name": "Renamed", "slug": "renamed"})
        sector.refresh_from_db()
        assert sector.name == "Fintech"
        assert client.get(reverse("admin:profile_sector_add")).status_code == 403

    def test_it_cannot_manage_staff(self, client):
        assert client.get(reverse("admin:core_user_changelist")).status_code == 403
        assert client.get(reverse("admin:auth_group_changelist")).status_code == 403


class TestContentEditor:
    @pytest.fixture
    def client(self, role_client):
        return role_client("Content editor")

    def test_it_edits_taxonomies(self, client):
        response = client.post(
            reverse("admin:profile_sector_add"), {"name": "Games", "slug": "games"}
        )
        assert response.status_code == 302
        assert Sector.objects.filter(slug="games").exists()

    def test_it_sees_organisations_but_cannot_approve_them(self, client):
        pending = factories.OrganisationFactory(status=Status.PENDING)
        url = reverse("admin:profile_organisation_changelist")
        assert client.get(url).status_code == 200
        client.post(
            url,
            {"action": "approve_selected", "_selected_action": [pending.pk], "confirm": "1"},
        )
        pending.refresh_from_db()
        assert pending.status == Status.PENDING

    def test_it_cannot_moderate_or_manage_staff(self, client):
        assert client.get(reverse("admin:core_pendingchange_changelist")).status_code == 403
        assert client.get(reverse("admin:core_user_changelist")).status_code == 403


class TestDataAnalyst:
    @pytest.fixture
    def client(self, role_client):
        return role_client("Data analyst")

    def test_it_reads_every_list(self, client):
        for name in [
            "profile_organisation",
            "profile_sector",
            "core_area",
            "core_pendingchange",
        ]:
            assert client.get(reverse(f"admin:{name}_changelist")).status_code == 200

    def test_it_exports_csv(self, client):
        factories.OrganisationFactory(name="Quayside Data")
        response = export_csv(client, reverse("admin:profile_organisation_export"))
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        assert "Quayside Data" in response.content.decode()

    def test_it_changes_nothing(self, client):
        organisation = factories.OrganisationFactory(status=Status.PENDING)
        sector = factories.SectorFactory(name="Fintech")
        change = reverse("admin:profile_sector_change", args=[sector.pk])
        assert client.post(change, {"name": "Renamed", "slug": "renamed"}).status_code == 403
        client.post(
            reverse("admin:profile_organisation_changelist"),
            {"action": "approve_selected", "_selected_action": [organisation.pk], "confirm": "1"},
        )
        organisation.refresh_from_db()
        sector.refresh_from_db()
        assert organisation.status == Status.PENDING
        assert sector.name == "Fintech"
        assert client.get(reverse("admin:profile_sector_add")).status_code == 403
        assert client.get(reverse("admin:profile_sector_import")).status_code == 403

    def test_it_cannot_see_staff_accounts(self, client):
        assert client.get(reverse("admin:core_user_changelist")).status_code == 403


class TestAdministrator:
    def test_it_manages_staff_accounts_and_roles(self, administrator_client):
        response = administrator_client.post(
            reverse("admin:core_user_add"),
            {
                "username": "newstaff",
                "password1": "a-long-unusual-passphrase-47",
                "password2": "a-long-unusual-passphrase-47",
                "usable_password": "true",
            },
        )
        assert response.status_code == 302
        assert administrator_client.get(reverse("admin:auth_group_changelist")).status_code == 200

    def test_it_cannot_set_a_common_password(self, administrator_client):
        response = administrator_client.post(
            reverse("admin:core_user_add"),
            {
                "username": "weak",
                "password1": "password1234",
                "password2": "password1234",
                "usable_password": "true",
            },
        )
        assert response.status_code == 200
        assert "too common" in response.content.decode()


def test_a_pending_change_is_not_approved_by_a_content_editor(role_client):
    organisation = factories.OrganisationFactory()
    change = services.submitter_edit(obj=organisation, values={"summary": "New"})
    client = role_client("Content editor")
    client.post(
        reverse("admin:core_pendingchange_changelist"),
        {"action": "approve_selected", "_selected_action": [change.pk], "confirm": "1"},
    )
    change.refresh_from_db()
    assert change.status == PendingChange.Status.PENDING


def test_roles_sync_after_the_last_app_with_models_migrates(monkeypatch):
    from django.apps import apps as global_apps

    from apps.core.security import roles

    calls = []
    monkeypatch.setattr(roles, "sync_roles", lambda **kwargs: calls.append(kwargs))
    configs = [c for c in global_apps.get_app_configs() if c.models_module is not None]
    roles.sync_roles_after_migrate(configs[0])
    assert calls == []
    roles.sync_roles_after_migrate(configs[-1])
    assert len(calls) == 1
