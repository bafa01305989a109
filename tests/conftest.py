# Settings refuse to load without SECRET_KEY when DEBUG is off; `make test` sets one.
import pytest
from django.core.cache import cache
from django.db import connections

from tests import factories


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        "kept_uploads": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "kept", "base_url": None},
        },
    }
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.SITE_URL = "http://testserver"
    settings.STAFF_NOTIFY_EMAIL = "staff@example.org"
    # The test client speaks plain http; production redirects it to https.
    settings.SECURE_SSL_REDIRECT = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # A memory cache, and no page cache: most tests run inside a transaction that never
    # commits, so the page cache would never move on. tests/perf/test_pagecache.py turns
    # it on, commits, and tries the database cache across processes.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.PAGE_CACHE_SECONDS = 0
    settings.FRAGMENT_CACHE_SECONDS = 0
    # No test reaches the network: postcode lookups use recorded responses
    # (tests/place/recorded/) where a test turns them on.
    settings.GEOCODER_URL = ""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """The test database, with the database cache's connection (the `cache` alias, a test
    mirror of `default`) closed once it is set up: migrate's signals may have opened it on
    the database the settings name, before Django pointed the mirror at the test one."""
    connections["cache"].close()


def database_url():
    """The test database's URL, for a server started in another process."""
    from django.db import connection

    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.fixture(scope="session")
def static_root(tmp_path_factory, django_db_setup):
    """Static files collected once, for gunicorn servers started by the tests."""
    from scripts.servers import manage, production_env

    root = tmp_path_factory.mktemp("static")
    manage(production_env(database_url(), root), "collectstatic", "--noinput")
    return root


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

    from apps.core.security.roles import sync_roles

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
