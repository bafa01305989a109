# Settings refuse to load without SECRET_KEY when DEBUG is off; `make test` sets one.
import pytest
from django.core.cache import cache

from tests import factories


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.SITE_URL = "http://testserver"
    settings.STAFF_NOTIFY_EMAIL = "staff@example.org"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def moderator(db):
    return factories.UserFactory(is_staff=True, is_superuser=True, username="moderator")


def login_staff(client, user):
    """Log a staff user in past both steps: password and a verified TOTP device, as the
    admin requires when DEBUG is off (tests run with DEBUG off)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Test app", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def admin_client(client, moderator):
    return login_staff(client, moderator)


@pytest.fixture
def staff_login():
    """login_staff(client, user) for tests that log in users of their own."""
    return login_staff


def _role_user(username, role):
    from django.contrib.auth.models import Group

    from apps.core.roles import sync_roles

    # --reuse-db keeps groups from when the test database was made; match roles.py now.
    sync_roles()
    user = factories.UserFactory(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def administrator(db):
    return _role_user("administrator", "Administrator")


@pytest.fixture
def administrator_client(client, administrator):
    return login_staff(client, administrator)


@pytest.fixture
def role_client(client, db):
    """role_client("Moderator") logs the test client in as a staff user in that role."""

    def make(role):
        return login_staff(client, _role_user(role.lower().replace(" ", "_"), role))

    return make
