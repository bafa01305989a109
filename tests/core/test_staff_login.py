"""Staff sign-in: lockout after repeated failures, two-factor authentication, idle expiry."""

import datetime
import io
import re
import time

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.core.models import TwoFactorInvitation
from apps.core.security.middleware import StaffIdleTimeoutMiddleware
from apps.core.security.two_factor import invitation_issue
from tests import factories

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"


def login(client, username, password):
    return client.post(
        reverse("admin:login"), {"username": username, "password": password, "next": "/admin/"}
    )


def current_code(device):
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


class TestLockout:
    def test_repeated_failures_lock_the_account_and_say_so(self, client, settings):
        factories.UserFactory(username="alice")
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            assert login(client, "alice", "wrong password").status_code == 200
        assert login(client, "alice", "wrong password").status_code == 429
        # Now even the right password is refused until the cool-off ends.
        response = login(client, "alice", PASSWORD)
        assert response.status_code == 429
        assert response["Retry-After"] == "900"  # the 15-minute cool-off
        page = response.content.decode()
        assert "Sign-in locked for now" in page
        assert "alice" in page
        assert "_auth_user_id" not in client.session

    def test_another_user_can_still_log_in_from_the_same_address(self, client, settings):
        factories.UserFactory(username="alice")
        factories.UserFactory(username="bob")
        for _ in range(settings.AXES_FAILURE_LIMIT):
            login(client, "alice", "wrong password")
        response = login(client, "bob", PASSWORD)
        assert response.status_code == 302
        assert client.session["_auth_user_id"] == str(factories.UserFactory(username="bob").pk)

    def test_behind_a_proxy_the_forwarded_address_is_recorded(self, client, settings):
        """Behind a load balancer every request has its address as REMOTE_ADDR; the
        attempts record the address the proxy saw, as the rate limit does."""
        settings.TRUSTED_PROXY_HOPS = 1
        factories.UserFactory(username="alice")
        client.post(
            reverse("admin:login"),
            {"username": "alice", "password": "wrong password", "next": "/admin/"},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.9",
        )
        attempt = AccessAttempt.objects.get(username="alice")
        assert attempt.ip_address == "203.0.113.9"

    def test_the_lockout_holds_whichever_address_the_next_try_comes_from(self, client, settings):
        """17.7: five failures from one address, then the right password from another,
        is still refused: guessing from many addresses gains nothing."""
        factories.UserFactory(username="alice")
        for _ in range(settings.AXES_FAILURE_LIMIT):
            client.post(
                reverse("admin:login"),
                {"username": "alice", "password": "wrong password", "next": "/admin/"},
                REMOTE_ADDR="127.0.0.1",
            )
        response = client.post(
            reverse("admin:login"),
            {"username": "alice", "password": PASSWORD, "next": "/admin/"},
            REMOTE_ADDR="127.0.0.2",
        )
        assert response.status_code == 429
        assert "_auth_user_id" not in client.session

    def test_failures_spread_over_addresses_add_up(self, client, settings):
        factories.UserFactory(username="alice")
        for n in range(settings.AXES_FAILURE_LIMIT):
            client.post(
                reverse("admin:login"),
                {"username": "alice", "password": "wrong password", "next": "/admin/"},
                REMOTE_ADDR=f"192.0.2.{n + 1}",
            )
        response = client.post(
            reverse("admin:login"),
            {"username": "alice", "password": PASSWORD, "next": "/admin/"},
            REMOTE_ADDR="198.51.100.50",
        )
        assert response.status_code == 429

    def test_fewer_failures_do_not_lock(self, client, settings):
        factories.UserFactory(username="alice")
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            login(client, "alice", "wrong password")
        assert login(client, "alice", PASSWORD).status_code == 302
        # A success clears the count.
        assert not AccessAttempt.objects.filter(username="alice").exists()


class TestTwoFactor:
    @pytest.fixture
    def staff(self):
        return factories.UserFactory(username="carol", is_staff=True, is_superuser=True)

    def test_a_staff_user_without_a_verified_device_cannot_reach_the_admin(self, client, staff):
        assert login(client, "carol", PASSWORD).status_code == 302
        for url in ["/admin/", reverse("admin:profile_organisation_changelist")]:
            response = client.get(url)
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("admin:two_factor_verify"))
        # With no device yet, the verify page sends them to set one up.
        response = client.get(reverse("admin:two_factor_verify"))
        assert response["Location"] == reverse("admin:two_factor_setup")

    def test_setting_up_an_app_confirms_a_first_code_and_issues_backup_codes(
        self, client, staff, settings
    ):
        _, url = invitation_issue(user=staff)
        client.get(url)
        client.force_login(staff)
        page = client.get(reverse("admin:two_factor_setup"))
        html = page.content.decode()
        assert "<svg" in html and "otpauth://totp/" in html
        assert "style=" not in html.split("<svg", 1)[1].split("</svg>", 1)[0]
        device = TOTPDevice.objects.get(user=staff)
        assert not device.confirmed

        wrong = client.post(reverse("admin:two_factor_setup"), {"token": "000000"})
        assert wrong.status_code == 200
        assert "not right" in wrong.content.decode()
        assert client.get("/admin/").status_code == 302
        device.refresh_from_db()
        device.throttle_reset()  # django-otp makes a failed try wait before the next

        response = client.post(reverse("admin:two_factor_setup"), {"token": current_code(device)})
        assert response["Location"] == reverse("admin:two_factor_backup_codes")
        device.refresh_from_db()
        assert device.confirmed
        codes_page = client.get(reverse("admin:two_factor_backup_codes")).content.decode()
        codes = list(StaticToken.objects.filter(device__user=staff).values_list("token", flat=True))
        assert len(codes) == settings.STAFF_BACKUP_CODES
        assert all(code in codes_page for code in codes)
        # Shown once only.
        assert codes[0] not in client.get(reverse("admin:two_factor_backup_codes")).content.decode()
        assert client.get("/admin/").status_code == 200

    def test_the_next_login_asks_for_a_code(self, client, staff):
        device = TOTPDevice.objects.create(user=staff, name="Phone", confirmed=True)
        login(client, "carol", PASSWORD)
        verify = reverse("admin:two_factor_verify")
        assert client.post(verify, {"token": "123456"}).status_code == 200
        assert client.get("/admin/").status_code == 302
        device.refresh_from_db()
        device.throttle_reset()  # django-otp makes a failed try wait before the next
        response = client.post(verify, {"token": current_code(device), "next": "/admin/"})
        assert response["Location"] == "/admin/"
        assert client.get("/admin/").status_code == 200

    def test_a_backup_code_works_once(self, client, staff):
        from apps.core.security.two_factor import backup_codes_reset

        TOTPDevice.objects.create(user=staff, name="Phone", confirmed=True)
        code = backup_codes_reset(user=staff)[0]
        login(client, "carol", PASSWORD)
        client.post(reverse("admin:two_factor_verify"), {"token": code})
        assert client.get("/admin/").status_code == 200
        client.logout()
        login(client, "carol", PASSWORD)
        client.post(reverse("admin:two_factor_verify"), {"token": code})
        assert client.get("/admin/").status_code == 302

    def test_an_unverified_session_cannot_replace_the_device(self, client, staff):
        TOTPDevice.objects.create(user=staff, name="Phone", confirmed=True)
        login(client, "carol", PASSWORD)
        response = client.get(reverse("admin:two_factor_setup"))
        assert response["Location"] == reverse("admin:two_factor_verify")
        assert client.post(reverse("admin:two_factor_backup_codes")).status_code == 302
        assert not StaticToken.objects.exists()

    def test_development_with_debug_on_needs_no_second_factor(self, client, staff, settings):
        settings.STAFF_2FA_REQUIRED = False
        login(client, "carol", PASSWORD)
        assert client.get("/admin/").status_code == 200

    def test_the_public_site_is_not_affected(self, client, staff):
        login(client, "carol", PASSWORD)
        assert client.get(reverse("profile:directory")).status_code == 200


def test_staff_are_signed_out_after_inactivity(admin_client, settings):
    assert admin_client.get("/admin/").status_code == 200
    session = admin_client.session
    last_seen = session[StaffIdleTimeoutMiddleware.SESSION_KEY]
    assert last_seen <= time.time()
    session[StaffIdleTimeoutMiddleware.SESSION_KEY] = last_seen - settings.STAFF_IDLE_TIMEOUT - 1
    session.save()
    response = admin_client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_activity_keeps_the_session_alive(admin_client, settings):
    admin_client.get("/admin/")
    session = admin_client.session
    session[StaffIdleTimeoutMiddleware.SESSION_KEY] -= settings.STAFF_IDLE_TIMEOUT - 60
    session.save()
    assert admin_client.get("/admin/").status_code == 200
    assert admin_client.get("/admin/").status_code == 200


def test_wrong_codes_slow_down_the_next_try(client, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60  # a minute's wait, so the test cannot race it
    staff = factories.UserFactory(username="dave", is_staff=True)
    device = TOTPDevice.objects.create(user=staff, name="Phone", confirmed=True)
    login(client, "dave", PASSWORD)
    verify = reverse("admin:two_factor_verify")
    client.post(verify, {"token": "000000"})
    # Even the right code is refused until the wait is over.
    response = client.post(verify, {"token": current_code(device)})
    assert "Too many wrong codes" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_pages_with_secrets_are_never_cached(client):
    staff = factories.UserFactory(username="erin", is_staff=True)
    client.force_login(staff)
    for name in ["admin:two_factor_setup", "admin:two_factor_verify"]:
        response = client.get(reverse(name), follow=True)
        assert "no-store" in response["Cache-Control"]


class TestFirstEnrolment:
    """17.7: a first authenticator app only through an administrator's one-time,
    expiring invitation; a password alone never enrols a device."""

    @pytest.fixture
    def staff(self):
        return factories.UserFactory(username="frank", is_staff=True)

    def test_a_password_alone_cannot_set_up_a_device(self, client, staff):
        assert login(client, "frank", PASSWORD).status_code == 302
        response = client.get(reverse("admin:two_factor_setup"))
        assert response.status_code == 403
        assert "ask an administrator" in response.content.decode().lower()
        assert (
            client.post(reverse("admin:two_factor_setup"), {"token": "123456"}).status_code == 403
        )
        assert not TOTPDevice.objects.filter(user=staff).exists()
        assert client.get("/admin/").status_code == 302

    def test_an_administrator_issues_an_invitation_that_works_once(
        self, staff, administrator_client
    ):
        client = Client()  # frank's own browser
        page = administrator_client.post(
            reverse("admin:core_twofactorinvitation_add"), {"user": staff.pk}
        ).content.decode()
        url = re.search(r"http://testserver(/admin/two-factor/enrol/[^<\s]+/)", page).group(1)
        invitation = TwoFactorInvitation.objects.get(user=staff)
        assert url.split("/")[-2] not in invitation.token_hash  # only a hash is kept

        opened = client.get(url)
        assert opened["Referrer-Policy"] == "no-referrer"
        login(client, "frank", PASSWORD)
        assert client.get(reverse("admin:two_factor_setup")).status_code == 200
        device = TOTPDevice.objects.get(user=staff, confirmed=False)
        done = client.post(reverse("admin:two_factor_setup"), {"token": current_code(device)})
        assert done["Location"] == reverse("admin:two_factor_backup_codes")
        assert TOTPDevice.objects.get(user=staff).confirmed
        invitation.refresh_from_db()
        assert invitation.used_at is not None

        # Used: the link no longer works, in any browser.
        assert Client().get(url).status_code == 400

    def test_an_expired_invitation_is_refused(self, client, staff):
        invitation, url = invitation_issue(user=staff)
        TwoFactorInvitation.objects.filter(pk=invitation.pk).update(
            expires_at=timezone.now() - datetime.timedelta(seconds=1)
        )
        assert client.get(url).status_code == 400
        login(client, "frank", PASSWORD)
        assert client.get(reverse("admin:two_factor_setup")).status_code == 403

    def test_an_invitation_opened_before_its_expiry_stops_working_after_it(self, client, staff):
        invitation, url = invitation_issue(user=staff)
        client.get(url)
        TwoFactorInvitation.objects.filter(pk=invitation.pk).update(
            expires_at=timezone.now() - datetime.timedelta(seconds=1)
        )
        login(client, "frank", PASSWORD)
        assert client.get(reverse("admin:two_factor_setup")).status_code == 403

    def test_someone_elses_invitation_does_not_work(self, client, staff):
        factories.UserFactory(username="mallory", is_staff=True)
        _, url = invitation_issue(user=staff)
        client.get(url)
        login(client, "mallory", PASSWORD)
        assert client.get(reverse("admin:two_factor_setup")).status_code == 403
        assert not TOTPDevice.objects.exists()

    def test_a_new_invitation_cancels_the_old_one(self, client, staff):
        _, old = invitation_issue(user=staff)
        invitation_issue(user=staff)
        assert client.get(old).status_code == 400

    def test_the_command_prints_an_invitation_for_the_first_administrator(self, staff):
        out = io.StringIO()
        call_command("invite_staff", "frank", stdout=out)
        assert "/admin/two-factor/enrol/" in out.getvalue()
        assert TwoFactorInvitation.objects.usable().filter(user=staff).count() == 1

    def test_the_token_never_reaches_the_logs(self):
        from apps.core.security.logging import redact

        line = '"GET /admin/two-factor/enrol/s3cr3t-t0ken/ HTTP/1.1" 302'
        assert redact(line) == '"GET /admin/two-factor/enrol/[redacted]/ HTTP/1.1" 302'
