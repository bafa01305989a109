"""Staff sign-in: lockout after repeated failures, two-factor authentication, idle expiry."""

import time

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.core.security.middleware import StaffIdleTimeoutMiddleware
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

    def test_behind_a_proxy_the_forwarded_address_is_counted(self, client, settings):
        """Behind a load balancer every request has its address as REMOTE_ADDR; the
        lockout must follow the address the proxy saw, as the rate limit does."""
        settings.TRUSTED_PROXY_HOPS = 1
        factories.UserFactory(username="alice")

        def login_from(address, password):
            return client.post(
                reverse("admin:login"),
                {"username": "alice", "password": password, "next": "/admin/"},
                REMOTE_ADDR="10.0.0.2",
                HTTP_X_FORWARDED_FOR=f"198.51.100.1, {address}",
            )

        for _ in range(settings.AXES_FAILURE_LIMIT):
            login_from("203.0.113.9", "wrong password")
        assert login_from("203.0.113.9", PASSWORD).status_code == 429
        # Someone else behind the same balancer can still sign in as alice.
        assert login_from("203.0.113.10", PASSWORD).status_code == 302
        attempt = AccessAttempt.objects.get(username="alice")
        assert attempt.ip_address == "203.0.113.9"

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
