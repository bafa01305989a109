"""Every page answers 503, never 500, while the database does not answer, the admin
with a staff session included: that session is read from the database by middleware,
before any view runs."""

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests.conftest import login_staff


def _with_database_down(get):
    # A real failed connection: point the connection at a port nothing listens on.
    original = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = "1"
    try:
        return get()
    finally:
        connection.close()
        connection.settings_dict["PORT"] = original


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("path", ["/admin/", "/admin/profile/organisation/"])
def test_a_signed_in_staff_member_gets_503_not_500_while_the_database_is_down(moderator, path):
    client = login_staff(Client(raise_request_exception=False), moderator)
    assert client.get(path).status_code == 200
    response = _with_database_down(lambda: client.get(path))
    assert response.status_code == 503
    assert b"Sorry, the service is unavailable" in response.content
    assert response["Retry-After"] == "30"
    # Back up: the same session works again without signing in.
    assert client.get(path).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_a_form_post_with_a_session_gets_503_while_the_database_is_down(moderator):
    client = login_staff(Client(raise_request_exception=False), moderator)
    response = _with_database_down(
        lambda: client.post(reverse("core:manage"), {"email": "a@example.org"})
    )
    assert response.status_code == 503
