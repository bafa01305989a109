"""Site-wide search: one PostgreSQL full-text search across every published content type.

Each app registers a SearchSource in its AppConfig.ready(); core never imports a theme
app. A source supplies its public queryset, a stored tsvector column (a GIN-indexed
GeneratedField) and a GIN index on the text a hit shows (shown_text_index). All sources
are searched in one statement (a UNION ALL of one ranked part per source). When nothing
matches, titles are compared by trigram similarity to forgive typos, again in one statement.
"""

import datetime
import functools
import html
import itertools
import weakref
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.postgres.search import SearchVector
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from apps.core import expressions
from apps.core.routes import slug_url

CONFIG = "english"
MAX_QUERY_LENGTH = 200
TRIGRAM_THRESHOLD = 0.4
# Matches ranked per source and tier (see _full_text_part): enough that the ten shown are
# the best of a fair sample, few enough that a common word costs what a rare one does.
CANDIDATES = 30
# Sentinels that cannot occur in stored text, swapped for <mark> after escaping, so a
# snippet can never carry markup from the content itself.
_START, _STOP = "\x02", "\x03"
_HEADLINE_OPTIONS = f"StartSel={_START}, StopSel={_STOP}, MaxWords=35, MinWords=15"


@dataclass(frozen=True)
class SearchSource:
    key: str
    label: str
    # The public rows, called with keyword arguments now and today: the time of the
    # search, which the source must use for any date it filters on.
    queryset: Callable[..., QuerySet]
    title_field: str
    snippet_field: str
    vector_field: str = "search_vector"
    # The column a hit's link is made from, and the URL name it is reversed with as the
    # one argument; with no url_name the column holds the link itself.
    link_field: str = "slug"
    url_name: str | None = None
    # True when the stored vector is exactly the title and snippet text: the sample of
    # shown-text matches then finds every match, and the second sample is skipped.
    vector_is_shown_text: bool = False


def shown_text_index(title_field, snippet_field, *, name):
    """The GIN index on the text a hit shows (its source's title and snippet fields), which
    search samples first. Declare it in the model's Meta.indexes."""
    from django.contrib.postgres.indexes import GinIndex

    return GinIndex(SearchVector(title_field, snippet_field, config=CONFIG), name=name)


_sources: dict[str, SearchSource] = {}


def register(source):
    _sources[source.key] = source
    _statement.cache_clear()


def sources():
    return list(_sources.values())


@dataclass
class Hit:
    title: str
    url: str
    snippet: str
    kind: str


def _snippet(text):
    return mark_safe(  # noqa: S308 - everything from the database is escaped first
        escape(text or "").replace(_START, "<mark>").replace(_STOP, "</mark>")
    )


class _Slot:
    """A parameter of the statement that each search fills in: its name, its number in
    the prepared statement ($1, $2, ...) and its SQL type."""

    def __init__(self, number, name, sql_type):
        self.number, self.name, self.sql_type = number, name, sql_type


_TEXT, _LIMIT, _CANDIDATES, _NOW, _TODAY = _SLOTS = tuple(
    _Slot(number, name, sql_type)
    for number, (name, sql_type) in enumerate(
        [
            ("text", "text"),
            ("limit", "integer"),
            ("candidates", "integer"),
            ("now", "timestamptz"),
            ("today", "date"),
        ],
        1,
    )
)


def _base(source):
    """The source's public rows as SQL selecting its title, link, snippet and vector columns.

    Compiled by the ORM, so what "public" means stays in each app's queryset methods; the
    parts below wrap it as a subquery, which PostgreSQL flattens into the scan. The SQL
    depends only on code, so it is compiled once per process; the request's time stays a
    parameter (_NOW, _TODAY), and any other date in it is refused, since it would be
    frozen in the statement for as long as the process lives."""
    fields = (source.title_field, source.link_field, source.snippet_field, source.vector_field)
    queryset = source.queryset(now=expressions.NOW, today=expressions.TODAY)
    model = queryset.model
    sql, params = queryset.order_by().values("pk", *fields).query.sql_with_params()
    slots = []
    for param in params:
        if param == expressions.NOW:
            param = _NOW
        elif param == expressions.TODAY:
            param = _TODAY
        elif isinstance(param, datetime.date):
            raise ImproperlyConfigured(
                f"Search source {source.key!r} filters on a date it was not given: "
                "take it from the queryset's now or today argument."
            )
        slots.append(param)
    title, link, snippet, vector = (
        connection.ops.quote_name(model._meta.get_field(name).column) for name in fields
    )
    return sql, slots, title, link, snippet, vector


_QUERY = f"websearch_to_tsquery('{CONFIG}'::regconfig, %s)"


def _shown_text_matches(title, snippet):
    # The same expression as shown_text_index(), so the planner uses that index.
    text = f"COALESCE(b.{title}, '') || ' ' || COALESCE(b.{snippet}, '')"
    return f"to_tsvector('{CONFIG}'::regconfig, {text}) @@ {_QUERY}"


def _full_text_part(position, source):
    """The source's ten best matches: position, rank, title, link, highlighted snippet.

    Ranking every match would cost more the more rows match (a common word matches
    thousands), so only two capped samples found through the GIN indexes are ranked:
    rows whose title or snippet text has the words (these rank highest: the title weighs
    most, the summary next) and any matches. A source whose vector is its shown text
    needs only the first sample. The headline runs in the outer query, on the ten rows
    kept, never on every match."""
    sql, params, title, link, snippet, vector = _base(source)
    # Only constant and the ORM's own parameterised SQL is interpolated here and below.
    shown = f"SELECT * FROM ({sql}) b WHERE {_shown_text_matches(title, snippet)} LIMIT %s"  # noqa: S608
    if source.vector_is_shown_text:
        candidates, sample_params = f"({shown})", [*params, _TEXT, _CANDIDATES]
    else:
        other = f"SELECT * FROM ({sql}) b WHERE b.{vector} @@ {_QUERY} LIMIT %s"  # noqa: S608
        candidates = f"(SELECT DISTINCT ON (pk) * FROM (({shown}) UNION ALL ({other})) u)"  # noqa: S608
        sample_params = [*params, _TEXT, _CANDIDATES, *params, _TEXT, _CANDIDATES]
    part = f"""(
        SELECT {position} AS position, ts_rank(c.{vector}, {_QUERY}) AS score,
            c.{title} AS title, c.{link} AS link,
            ts_headline('{CONFIG}'::regconfig, c.{snippet}, {_QUERY}, %s) AS snippet
        FROM {candidates} c
        ORDER BY score DESC, title LIMIT %s
    )"""  # noqa: S608
    return part, [_TEXT, _TEXT, _HEADLINE_OPTIONS, *sample_params, _LIMIT]


def _similar_part(position, source):
    """Titles that look like the text. `<%` is word_similarity() >= the session's
    pg_trgm.word_similarity_threshold (set in the same round trip, see _execute), and
    unlike the function it is answered from the title's trigram index."""
    sql, params, title, link, snippet, _ = _base(source)
    part = f"""(
        SELECT {position} AS position, word_similarity(%s, b.{title}) AS score,
            b.{title} AS title, b.{link} AS link, b.{snippet} AS snippet
        FROM ({sql}) b WHERE %s <%% b.{title}
        ORDER BY score DESC, title LIMIT %s
    )"""  # noqa: S608 - only constant and the ORM's own parameterised SQL is interpolated
    return part, [_TEXT, *params, _TEXT, _LIMIT]


class _Statement:
    """One statement for every source, as SQL to prepare (slots as $1, $2, ...) and as
    SQL to run once (slots as named parameters)."""

    def __init__(self, pieces, params):
        prepared, once = [pieces[0]], [pieces[0]]
        for param, piece in zip(params, pieces[1:], strict=True):
            if isinstance(param, _Slot):
                prepared.append(f"${param.number}")
                once.append(f"%({param.name})s")
            else:
                # Quoted by the driver; a % doubled, as the SQL is sent with parameters.
                literal = connection.ops.compose_sql("%s", [param]).replace("%", "%%")
                prepared.append(literal)
                once.append(literal)
            prepared.append(piece)
            once.append(piece)
        self.prepared, self.once = "".join(prepared), "".join(once)


@functools.cache
def _statement(make_part):
    """Built once per process: compiling five querysets cost about 1 ms a search.
    Constant parameters (a status, the headline options) are written in as literals."""
    parts, params = [], []
    for position, source in enumerate(sources()):
        part, part_params = make_part(position, source)
        parts.append(part)
        params += part_params
    sql = " UNION ALL ".join(parts) + " ORDER BY position, score DESC, title"
    return _Statement(sql.split("%s"), params)


# The names site search's statements are prepared under on each database connection,
# by statement. PostgreSQL keeps a prepared statement for the connection's life, and
# after a few runs a generic plan for it: planning the statement cost about 1 ms a search.
_prepared = weakref.WeakKeyDictionary()
_names = itertools.count()
_EXECUTE = ", ".join(f"%({slot.name})s" for slot in _SLOTS)


def _execute(cursor, statement, values):
    """Run the prepared statement, preparing it in the same round trip on its first run
    here. A query with a negated word runs unprepared: it can match nearly every row,
    and only a plan made for it reads rows in order rather than a whole index (about
    50 ms with the generic plan at 10,000 businesses)."""
    # Local to the transaction: a multi-statement round trip is one (the fallback's `<%`).
    setup = "SELECT set_config('pg_trgm.word_similarity_threshold', %(threshold)s, true); "
    if any(word.startswith("-") for word in values["text"].split()):
        cursor.execute(setup + statement.once, values)
        return cursor.fetchall()
    prepared = _prepared.setdefault(connection.connection, {})
    name = prepared.get(statement)
    if name is None:
        # A fresh name on every attempt: if one failed after its PREPARE, that name stays
        # taken on the connection, harmlessly.
        name = f"site_search_{next(_names)}"
        types = ", ".join(slot.sql_type for slot in _SLOTS)
        sql = f"PREPARE {name}({types}) AS {statement.prepared}; EXECUTE {name}({_EXECUTE})"
    else:
        sql = f"EXECUTE {name}({_EXECUTE})"
    cursor.execute(setup + sql, values)
    rows = cursor.fetchall()
    prepared[statement] = name
    return rows


def _run(make_part, text, limit):
    """Rows come back grouped by source, best first."""
    all_sources = sources()
    now = timezone.now()
    values = {
        _TEXT.name: text,
        _LIMIT.name: limit,
        _CANDIDATES.name: CANDIDATES,
        _NOW.name: now,
        _TODAY.name: timezone.localdate(now),
        "threshold": str(TRIGRAM_THRESHOLD),
    }
    with connection.cursor() as cursor:
        rows = _execute(cursor, _statement(make_part), values)
    groups = {}
    for position, _score, title, link, snippet in rows:
        groups.setdefault(position, []).append((title, link, snippet))
    return [(all_sources[position], hits) for position, hits in groups.items()]


def _urls(source):
    """A hit's URL from its link column (slug_url: no reverse() per hit)."""
    if source.url_name is None:
        return lambda link: link
    return functools.partial(slug_url, source.url_name)


def search(text, *, limit=10):
    """Results grouped by content type: [(source, [Hit, ...]), ...], plus whether the
    trigram fallback was used. Only published rows are ever considered."""
    text = " ".join((text or "").replace("\x00", " ").split())[:MAX_QUERY_LENGTH]
    if not text:
        return [], False
    fuzzy = False
    found = _run(_full_text_part, text, limit)
    if not found:
        fuzzy = True
        found = _run(_similar_part, text, limit)
    groups = []
    for source, rows in found:
        url = _urls(source)
        hits = [
            Hit(title=title, url=url(link), snippet=_snippet(snippet), kind=source.label)
            for title, link, snippet in rows
        ]
        groups.append((source, hits))
    return groups, fuzzy


def hits_html(hits):
    """templates/core/includes/search_hit.html for each hit, written out in Python (the
    template stays the reference; tests/core/test_search.py compares the two): through
    the template engine the hits cost about half the page's rendering."""
    return mark_safe(  # noqa: S308 - titles and URLs are escaped; snippets are built safe
        "".join(
            '<li class="search-result"><h3 class="search-result__title">'
            f'<a href="{html.escape(hit.url)}">{html.escape(hit.title)}</a></h3>'
            f'<p class="search-result__snippet">{hit.snippet}</p></li>'
            for hit in hits
        )
    )
