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


@pytest.fixture
def admin_client(client, moderator):
    client.force_login(moderator)
    return client
