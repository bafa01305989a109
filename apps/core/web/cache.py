"""The shared cache's database backend: Django's DatabaseCache with an atomic `incr`, and
the router that gives it a connection of its own.

Django's own `incr` is a `get` then a `set`. Two workers that read the same count both
write count + 1, so a rate limit under concurrent requests lets more through than it
should; and the `set` restarts the entry's timeout, so a rate-limit window could end
early. Here the row is locked (`SELECT ... FOR UPDATE`) while it is read and written,
and its expiry is kept. Redis's INCR is atomic already.
"""

import base64
import pickle

from django.core.cache.backends import db
from django.db import connections, router, transaction
from django.utils import timezone


class DatabaseCache(db.DatabaseCache):
    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        alias = router.db_for_write(self.cache_model_class)
        connection = connections[alias]
        table = connection.ops.quote_name(self.cache_model_class._meta.db_table)
        with transaction.atomic(using=alias), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT value, expires FROM {table} WHERE cache_key = %s FOR UPDATE",  # noqa: S608
                [key],
            )
            row = cursor.fetchone()
            if row is None or row[1] < timezone.now():
                raise ValueError(f"Key '{key}' not found")
            # Stored as Django's DatabaseCache stores every value: base64 of a pickle.
            value = pickle.loads(base64.b64decode(row[0].encode())) + delta  # noqa: S301
            stored = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
            cursor.execute(
                f"UPDATE {table} SET value = %s WHERE cache_key = %s",  # noqa: S608
                [stored, key],
            )
        return value


class CacheRouter:
    """Sends the database cache's reads and writes to the `cache` alias: the same
    PostgreSQL database through a connection of its own, without CONN_HEALTH_CHECKS.

    A page-cache hit is then one round trip (the `SELECT` of the generation and the page)
    instead of two (a health check's `SELECT 1` on the request's first use of the
    connection, then the read). Nothing is lost by not checking: if that connection has
    been cut, the read fails, the page cache logs it and serves the page uncached through
    the `default` connection, which does check and reconnects; Django closes the failed
    connection when the request ends, and the next request opens a new one
    (tests/security/test_faults.py). The alias is a test mirror of `default`, and nothing
    is migrated through it (the table is `default`'s: apps.core.models.CacheEntry).
    """

    def db_for_read(self, model, **hints):
        # Django's DatabaseCache reads and writes through a model of this app label.
        return "cache" if model._meta.app_label == "django_cache" else None

    db_for_write = db_for_read

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return False if db == "cache" else None
