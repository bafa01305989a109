"""Query expressions shared by the apps' querysets."""

from django.db.models.expressions import RawSQL


def precompiled(model, **expressions):
    """Each expression as `model`'s querysets would write it, compiled to SQL now.

    For row annotations whose SQL never changes, such as an ArraySubquery of related
    names: Django resolves and compiles a subquery afresh for every queryset, which cost
    more than the rest of a space page's query (about 0.35 ms each). Build the result
    once (functools.cache) and annotate with it. The SQL names `model`'s table directly,
    so use it only in querysets over that table that are not themselves subqueries.
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
