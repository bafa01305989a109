"""Identical submissions sent at the same moment, on real concurrent connections: each
is stored under its own slug, none gets a 500. A trigger that holds each new row's
transaction open for a moment makes the race certain rather than lucky."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from apps.place.models import Building, Space
from apps.profile.models import Organisation
from tests import factories
from tests.helpers import organisation_form_data
from tests.place.data import building_form_data

PARALLEL = 4


def slow_inserts(table):
    """Every insert into `table` waits 0.3 s before its transaction may commit, so the
    others look for a free slug while the first row is still uncommitted."""
    with connection.cursor() as cur:
        cur.execute(
            "CREATE OR REPLACE FUNCTION race_slow_insert() RETURNS trigger LANGUAGE plpgsql "
            "AS $$ BEGIN PERFORM pg_sleep(0.3); RETURN NULL; END $$;"
            f"CREATE TRIGGER race_slow_insert AFTER INSERT ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION race_slow_insert();"
        )


def drop_slow_inserts(table):
    with connection.cursor() as cur:
        cur.execute(f"DROP TRIGGER race_slow_insert ON {table}; DROP FUNCTION race_slow_insert();")


def post_at_once(url, data):
    """POST the same data from PARALLEL threads at once; the status codes."""
    barrier = threading.Barrier(PARALLEL)
    statuses = []

    def send():
        try:
            client = Client(raise_request_exception=False)
            barrier.wait()
            statuses.append(client.post(url, data).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(PARALLEL)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return statuses


@pytest.mark.django_db(transaction=True)
def test_identical_directory_entries_sent_at_once_are_all_stored():
    data = organisation_form_data(factories.AreaFactory(), [factories.SectorFactory()])
    slow_inserts("profile_organisation")
    try:
        statuses = post_at_once(reverse("profile:add"), data)
    finally:
        drop_slow_inserts("profile_organisation")
    assert statuses == [302] * PARALLEL
    slugs = list(Organisation.objects.values_list("slug", flat=True))
    assert len(slugs) == PARALLEL == len(set(slugs))


@pytest.mark.django_db(transaction=True)
def test_identical_listings_sent_at_once_are_all_stored():
    data = building_form_data(factories.AreaFactory())
    slow_inserts("place_building")
    try:
        statuses = post_at_once(reverse("place:add"), data)
    finally:
        drop_slow_inserts("place_building")
    assert statuses == [302] * PARALLEL
    assert Building.objects.values("slug").distinct().count() == PARALLEL
    assert Space.objects.values("slug").distinct().count() == Space.objects.count() >= PARALLEL
