"""Site-wide search: one PostgreSQL full-text search across every published content type.

Each app registers a SearchSource in its AppConfig.ready(); core never imports a theme
app. A source supplies its public queryset and a stored tsvector column (a GIN-indexed
GeneratedField), so searching costs one indexed query per content type. When nothing
matches, titles are compared by trigram similarity to forgive typos.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    TrigramWordSimilarity,
)
from django.db.models import F, QuerySet
from django.utils.html import escape
from django.utils.safestring import mark_safe

CONFIG = "english"
MAX_QUERY_LENGTH = 200
TRIGRAM_THRESHOLD = 0.4
# Sentinels that cannot occur in stored text, swapped for <mark> after escaping, so a
# snippet can never carry markup from the content itself.
_START, _STOP = "\x02", "\x03"


@dataclass(frozen=True)
class SearchSource:
    key: str
    label: str
    queryset: Callable[[], QuerySet]
    title_field: str
    snippet_field: str
    vector_field: str = "search_vector"
    # Where a hit links to; by default the row's own page.
    url: Callable[[object], str] = lambda row: row.get_absolute_url()
    # The columns the title and `url` read, if the source names them; otherwise every
    # column but the search vector. Long text (descriptions, bodies) is then not sent.
    only: tuple[str, ...] = ()


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


def _columns(source, queryset):
    if source.only:
        return queryset.only(source.title_field, source.snippet_field, *source.only)
    return queryset.defer(source.vector_field)


def _full_text(source, query, limit):
    rows = (
        _columns(source, source.queryset())
        .filter(**{source.vector_field: query})
        .annotate(
            rank=SearchRank(F(source.vector_field), query),
            snippet=SearchHeadline(
                source.snippet_field,
                query,
                config=CONFIG,
                start_sel=_START,
                stop_sel=_STOP,
                max_words=35,
                min_words=15,
            ),
        )
        .order_by("-rank", source.title_field)[:limit]
    )
    return list(rows)


def _similar(source, text, limit):
    rows = (
        _columns(source, source.queryset())
        .annotate(similarity=TrigramWordSimilarity(text, source.title_field))
        .filter(similarity__gte=TRIGRAM_THRESHOLD)
        .order_by("-similarity", source.title_field)[:limit]
    )
    return list(rows)


def search(text, *, limit=10):
    """Results grouped by content type: [(source, [Hit, ...]), ...], plus whether the
    trigram fallback was used. Only published rows are ever considered."""
    text = " ".join((text or "").replace("\x00", " ").split())[:MAX_QUERY_LENGTH]
    if not text:
        return [], False
    query = SearchQuery(text, config=CONFIG, search_type="websearch")
    groups = []
    for source in sources():
        rows = _full_text(source, query, limit)
        if rows:
            groups.append((source, [_hit(source, row, row.snippet) for row in rows]))
    if groups:
        return groups, False
    for source in sources():
        rows = _similar(source, text, limit)
        if rows:
            groups.append(
                (source, [_hit(source, row, getattr(row, source.snippet_field)) for row in rows])
            )
    return groups, True


def _hit(source, row, snippet):
    return Hit(
        title=getattr(row, source.title_field),
        url=source.url(row),
        snippet=_snippet(snippet),
        kind=source.label,
    )
