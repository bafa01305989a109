"""Issue 17, finding 15: changes to staff security leave audit events: passwords, a user's
own permissions, a role's permissions, roles themselves, second-factor devices and exports."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.core.audit import acting_as, events_for
from tests import factories

pytestmark = pytest.mark.django_db


def rows(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def actor_of(table, pk_column, pk):
    return rows(
        f"SELECT e.pgh_label, c.metadata->>'user' FROM {table} e "  # noqa: S608 - fixed names
        f"LEFT JOIN pghistory_context c ON c.id = e.pgh_context_id WHERE e.{pk_column} = %s "
        "ORDER BY e.pgh_id",
        [pk],
    )


def test_set_password_writes_an_event_without_the_hash(administrator):
    staff = factories.UserFactory(username="jo")

    def password_events():
        return [e for e in events_for(staff) if e.pgh_label == "password_change"]

    before = len(password_events())
    with acting_as(administrator):
        staff.set_password("a-brand-new-passphrase-93")
        staff.save()
    events = password_events()
    assert len(events) == before + 1
    assert events[0].actor == administrator
    # The hash is never copied into the trail.
    columns = [
        c.name
        for c in connection.introspection.get_table_description(
            connection.cursor(), "core_userevent"
        )
    ]
    assert "password" not in columns
    # A save that leaves the password alone writes no password event.
    staff.first_name = "Jo"
    staff.save()
    assert len(password_events()) == before + 1


def test_a_password_changed_in_the_admin_is_on_the_users_history_page(
    administrator_client, administrator
):
    staff = factories.UserFactory(username="sam")
    response = administrator_client.post(
        reverse("admin:auth_user_password_change", args=[staff.pk]),
        {"password1": "another-long-passphrase-58", "password2": "another-long-passphrase-58"},
    )
    assert response.status_code == 302
    history = administrator_client.get(reverse("admin:core_user_history", args=[staff.pk]))
    assert "Password changed" in history.content.decode()


def test_user_and_group_permission_changes_are_recorded(administrator):
    staff = factories.UserFactory(username="kim")
    permission = Permission.objects.get(codename="view_area")
    group = Group.objects.create(name="Temporary role")
    with acting_as(administrator):
        staff.user_permissions.add(permission)
        staff.user_permissions.remove(permission)
        group.permissions.add(permission)
        group.name = "Renamed role"
        group.save()
    assert actor_of("core_userpermissionevent", "user_id", staff.pk) == [
        ("add", str(administrator.pk)),
        ("remove", str(administrator.pk)),
    ]
    assert actor_of("core_grouppermissionevent", "group_id", group.pk) == [
        ("add", str(administrator.pk))
    ]
    assert [label for label, _ in actor_of("core_groupevent", "pgh_obj_id", group.pk)] == [
        "insert",
        "update",
    ]
    # The user's history page names the permission given and taken away.
    links = [e.link for e in events_for(staff) if e.pgh_label in ("add", "remove")]
    assert len(links) == 2 and all("view area" in link.lower() for link in links)


def test_second_factor_devices_are_recorded_without_their_secrets(administrator):
    staff = factories.UserFactory(username="lee")
    with acting_as(administrator):
        totp = TOTPDevice.objects.create(user=staff, name="Phone", confirmed=True)
        totp_pk = totp.pk
        static = StaticDevice.objects.create(user=staff, name="Backup codes")
        StaticToken.objects.create(device=static, token="12345678")
        totp.delete()
    assert [label for label, _ in actor_of("core_totpdeviceevent", "pgh_obj_id", totp_pk)] == [
        "insert",
        "delete",
    ]
    assert actor_of("core_staticdeviceevent", "pgh_obj_id", static.pk) == [
        ("insert", str(administrator.pk))
    ]
    assert len(rows("SELECT 1 FROM core_statictokenevent")) == 1
    for table, secret in (("core_totpdeviceevent", "key"), ("core_statictokenevent", "token")):
        columns = [
            c.name
            for c in connection.introspection.get_table_description(connection.cursor(), table)
        ]
        assert secret not in columns
    assert "12345678" not in str(rows("SELECT row_to_json(t)::text FROM core_statictokenevent t"))


def test_a_sign_in_does_not_fill_the_trail_with_device_counters(administrator):
    device = TOTPDevice.objects.create(user=administrator, name="Phone", confirmed=True)
    before = len(rows("SELECT 1 FROM core_totpdeviceevent"))
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=123, drift=1)
    assert len(rows("SELECT 1 FROM core_totpdeviceevent")) == before


def test_exports_are_in_the_audit_log(administrator_client, administrator):
    factories.AreaFactory(name="Ouseburn")
    from tests.helpers_admin import export_csv

    export_csv(administrator_client, reverse("admin:core_area_export"))
    log = administrator_client.get(reverse("admin:pghistory_middlewareevents_changelist"))
    assert "dataexport" in log.content.decode().lower()
    records = administrator_client.get(reverse("admin:core_dataexport_changelist"))
    assert "core.Area" in records.content.decode()
