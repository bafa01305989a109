"""Site-wide search: one PostgreSQL full-text search across every published content type.

Each app registers a SearchSource in its AppConfig.ready(); core never imports a theme
app. A source supplies its public queryset, a stored tsvector column (a GIN-indexed
GeneratedField) and a GIN index on the text a hit shows (shown_text_index). All sources
are searched in one statement (a UNION ALL of one ranked part per source). When nothing
matches, titles are compared by trigram similarity to forgive typos, again in one statement.
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.db.models import QuerySet
from django.utils.html import escape
from django.utils.safestring import mark_safe

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
    queryset: Callable[[], QuerySet]
    title_field: str
    snippet_field: str
    vector_field: str = "search_vector"
    # The column a hit's link is made from, and the URL name it is reversed with as the
    # one argument; with no url_name the column holds the link itself.
    link_field: str = "slug"
    url_name: str | None = None


def shown_text_index(title_field, snippet_field, *, name):
    """The GIN index on the text a hit shows (its source's title and snippet fields), which
    search samples first. Declare it in the model's Meta.indexes."""
    from django.contrib.postgres.indexes import GinIndex

    return GinIndex(SearchVector(title_field, snippet_field, config=CONFIG), name=name)


_sources: dict[str, SearchSource] = {}


def register(source):
    _sources[source.key] = source


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


def _base(source):
    """The source's public rows as SQL selecting its title, link, snippet and vector columns.

    Compiled by the ORM, so what "public" means stays in each app's queryset methods; the
    parts below wrap it as a subquery, which PostgreSQL flattens into the scan."""
    fields = (source.title_field, source.link_field, source.snippet_field, source.vector_field)
    queryset = source.queryset()
    model = queryset.model
    sql, params = queryset.order_by().values("pk", *fields).query.sql_with_params()
    title, link, snippet, vector = (
        connection.ops.quote_name(model._meta.get_field(name).column) for name in fields
    )
    return sql, list(params), title, link, snippet, vector


_QUERY = f"websearch_to_tsquery('{CONFIG}'::regconfig, %s)"


def _shown_text_matches(title, snippet):
    # The same expression as shown_text_index(), so the planner uses that index.
    text = f"COALESCE(b.{title}, '') || ' ' || COALESCE(b.{snippet}, '')"
    return f"to_tsvector('{CONFIG}'::regconfig, {text}) @@ {_QUERY}"


def _full_text_part(position, source, text):
    """The source's ten best matches: position, rank, title, link, highlighted snippet.

    Ranking every match would cost more the more rows match (a common word matches
    thousands), so only two capped samples found through the GIN indexes are ranked:
    rows whose title or snippet text has the words (these rank highest: the title weighs
    most, the summary next) and any matches. The headline runs in the outer query, on the
    ten rows kept, never on every match."""
    sql, params, title, link, snippet, vector = _base(source)
    part = f"""(
        SELECT {position} AS position, ts_rank(c.{vector}, {_QUERY}) AS score,
            c.{title} AS title, c.{link} AS link,
            ts_headline('{CONFIG}'::regconfig, c.{snippet}, {_QUERY}, %s) AS snippet
        FROM (SELECT DISTINCT ON (pk) * FROM (
            (SELECT * FROM ({sql}) b WHERE {_shown_text_matches(title, snippet)} LIMIT {CANDIDATES})
            UNION ALL
            (SELECT * FROM ({sql}) b WHERE b.{vector} @@ {_QUERY} LIMIT {CANDIDATES})
        ) u) c
        ORDER BY score DESC, title LIMIT %s
    )"""  # noqa: S608 - only constant and the ORM's own parameterised SQL is interpolated
    return part, [text, text, _HEADLINE_OPTIONS, *params, text, *params, text]


def _similar_part(position, source, text):
    sql, params, title, link, snippet, _ = _base(source)
    part = f"""(
        SELECT {position} AS position, word_similarity(%s, b.{title}) AS score,
            b.{title} AS title, b.{link} AS link, b.{snippet} AS snippet
        FROM ({sql}) b WHERE word_similarity(%s, b.{title}) >= {TRIGRAM_THRESHOLD}
        ORDER BY score DESC, title LIMIT %s
    )"""  # noqa: S608 - only constant and the ORM's own parameterised SQL is interpolated
    return part, [text, *params, text]


def _run(make_part, text, limit):
    """One statement for every source; rows come back grouped by source, best first."""
    all_sources = sources()
    parts, params = [], []
    for position, source in enumerate(all_sources):
        part, part_params = make_part(position, source, text)
        parts.append(part)
        params += [*part_params, limit]
    sql = " UNION ALL ".join(parts) + " ORDER BY position, score DESC, title"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
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
