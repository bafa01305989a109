"""The shared cache's database backend: Django's DatabaseCache with an atomic `incr`.

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
