"""SQL the ORM writes from code alone, compiled once per process.

Django resolves and compiles a queryset afresh for every request. For a query fixed in
code that costs more than running it: about 0.35 ms for an ArraySubquery annotation, and
about 1 ms for the home page's three queries against 0.8 ms of SQL. Two pieces:

- precompiled(): row annotations as RawSQL, to annotate querysets built per request;
- compiled() with rows() or objects(): a whole queryset built by a function that takes
  no request value but the time, which stays a parameter (NOW and TODAY stand for it).

No request value ever reaches the SQL these build; what a user chooses stays in
querysets built per request.
"""

import datetime
import functools
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.db.models.expressions import RawSQL

# Stand-ins for the request's time in a statement compiled once (see compiled()). No real
# row is dated in year 1, so neither is mistaken for a value of the query's own.
NOW = datetime.datetime(1, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)
TODAY = datetime.date(1, 1, 3)


def precompiled(model, **expressions):
    """Each expression as `model`'s querysets would write it, compiled to SQL now.

    For row annotations whose SQL never changes, such as an ArraySubquery of related
    names. Build the result once (functools.cache) and annotate with it. The SQL names
    `model`'s table directly, so use it only in querysets over that table that are not
    themselves subqueries.
    """
    query = model._default_manager.annotate(**expressions).query
    compiler = query.get_compiler(using=model._default_manager.db)
    compiled = {}
    for name in expressions:
        annotation = query.annotations[name]
        sql, params = compiler.compile(annotation)
        # SQL the ORM wrote from code alone: no request value reaches it.
        compiled[name] = RawSQL(sql, tuple(params), output_field=annotation.output_field)  # noqa: S611
    return compiled


@dataclass(frozen=True)
class Statement:
    model: type
    sql: str
    params: tuple
    using: str

    def bind(self, now=None, today=None):
        """The parameters with the request's time in place of NOW and TODAY."""
        stand_ins = {}
        if now is not None:
            stand_ins[NOW] = now
        if today is not None:
            stand_ins[TODAY] = today
        if not stand_ins:
            return self.params
        return tuple(_swap(param, stand_ins) for param in self.params)


def _swap(param, stand_ins):
    # Only a datetime or date can be a stand-in (a date never equals a datetime).
    if isinstance(param, datetime.date):
        return stand_ins.get(param, param)
    return param


@functools.cache
def compiled(build):
    """The statement of build()'s queryset, compiled on first use and kept.

    `build` takes no argument: everything in its queryset is fixed in code, except the
    time, which it writes as NOW or TODAY (rows() and objects() fill in the request's).
    """
    queryset = build()
    sql, params = queryset.query.sql_with_params()
    for param in params:
        if isinstance(param, datetime.date) and param not in (NOW, TODAY):
            # Kept in the statement, it would stay the same for as long as the process lives.
            raise ImproperlyConfigured(
                f"{build.__qualname__}() filters on a date of its own ({param!r}): "
                "write NOW or TODAY for the request's time."
            )
    return Statement(queryset.model, sql, tuple(params), queryset.db)


def rows(build, *, now=None, today=None):
    """build()'s rows as tuples, in its columns' order (a values_list() queryset)."""
    statement = compiled(build)
    with connections[statement.using].cursor() as cursor:
        cursor.execute(statement.sql, statement.bind(now, today))
        return cursor.fetchall()


def objects(build, *, now=None, today=None):
    """build()'s rows as model objects with their annotations, through raw(): as the
    database gives them, without field converters (JSON stays text)."""
    statement = compiled(build)
    return list(
        statement.model._default_manager.db_manager(statement.using).raw(
            statement.sql, statement.bind(now, today)
        )
    )
