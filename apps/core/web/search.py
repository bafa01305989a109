"""Site-wide search: PostgreSQL full-text search across every published content type.

Each app registers a SearchSource in its AppConfig.ready(); core never imports a theme
app. A source supplies its public queryset, a stored tsvector column (a GIN-indexed
GeneratedField) and a GIN index on the text a hit shows (shown_text_index).

A search runs two statements, both built by the ORM for each search:

1. the keys of up to CANDIDATES + 1 rows of each source's table whose stored vector
   matches, found through its GIN index: any rows, public or not, since this only
   chooses which sources are searched and which rows are ranked (_matches);
2. a UNION ALL of one ranked part for each source with a match, reading only the rows
   its queryset makes public at the time of the search, each with its rank and
   ts_headline snippet (_full_text_part).

Building and compiling the statement is most of what a search costs, so a source with
no match costs one small part, not a ranked one (decision 0071). When no public row
matches, titles are compared by trigram word similarity to forgive typos, the same way:
a small statement finds which sources have a title like the text, one searches those.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramWordSimilarity,
)
from django.db import connection, transaction
from django.db.models import BooleanField, F, Func, Q, QuerySet, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

CONFIG = "english"
MAX_QUERY_LENGTH = 200
# Hits shown for each source: the best of them, with a link to the source's own search
# when there may be more (SearchSource.more_url_name).
HITS_PER_SOURCE = 10
TRIGRAM_THRESHOLD = 0.4
# Matches ranked per source and sample (see _full_text_part): enough that the ten shown
# are the best of a fair sample, few enough that a common word costs what a rare one does.
CANDIDATES = 30
# Sentinels that cannot occur in stored text, put around each matched word of a snippet
# by ts_headline; the template marks the words between them.
_START, _STOP = "\x02", "\x03"


@dataclass(frozen=True)
class SearchSource:
    key: str
    label: str
    # The public rows, called with keyword arguments now and today: the time of the
    # search, which the source uses for any date it filters on.
    queryset: Callable[..., QuerySet]
    title_field: str
    snippet_field: str
    vector_field: str = "search_vector"
    # The column a hit's link is made from, and the URL name it is reversed with as the
    # one argument; with no url_name the column holds the link itself.
    link_field: str = "slug"
    url_name: str | None = None
    # A list page that searches this source with ?q= (and `more_params`), linked when a
    # search fills the source's group, so a visitor can see every match.
    more_url_name: str | None = None
    more_params: tuple[tuple[str, str], ...] = ()
    more_text: str = ""

    def url(self, link):
        return link if self.url_name is None else reverse(self.url_name, args=[link])

    def more_url(self, text):
        if self.more_url_name is None:
            return ""
        return f"{reverse(self.more_url_name)}?{urlencode({'q': text, **dict(self.more_params)})}"


def shown_text_index(title_field, snippet_field, *, name):
    """The GIN index on the text a hit shows (its source's title and snippet fields), which
    search samples first. Declare it in the model's Meta.indexes."""
    from django.contrib.postgres.indexes import GinIndex

    return GinIndex(_shown_text(title_field, snippet_field), name=name)


def _shown_text(title_field, snippet_field):
    return SearchVector(title_field, snippet_field, config=CONFIG)


_sources: dict[str, SearchSource] = {}


def register(source):
    _sources[source.key] = source


def sources():
    return list(_sources.values())


@dataclass
class Hit:
    title: str
    url: str
    # The snippet as (text, highlighted) pairs: the template marks the highlighted words,
    # and escapes everything, so a snippet never carries markup from the content itself.
    snippet: list[tuple[str, bool]]
    kind: str


def _snippet(text):
    """ts_headline's text as (text, highlighted) pairs: every other piece between the
    sentinels is a matched word."""
    pieces = re.split(f"[{_START}{_STOP}]", text or "")
    return [(piece, number % 2 == 1) for number, piece in enumerate(pieces) if piece]


class _AnyOf(Func):
    """`value = ANY(array)`. With an ArraySubquery as the array, the subquery runs once
    and the rows are then read by key, whatever the planner expects of the subquery (an
    `IN (subquery)` may be run again for every row when the planner misjudges it)."""

    output_field = BooleanField()

    def as_sql(self, compiler, connection):
        (value, value_params), (array, array_params) = (
            compiler.compile(expression) for expression in self.get_source_expressions()
        )
        return f"{value} = ANY({array})", (*value_params, *array_params)


def _hit_columns(position, source, score, snippet):
    """The columns every part of the statement selects, in the same order."""
    return {
        "position": Value(position),
        "score": score,
        "hit_title": F(source.title_field),
        "hit_link": F(source.link_field),
        "hit_snippet": snippet,
    }


def _full_text_part(position, source, public, query, matched, limit):
    """The source's best public matches: `matched` is the keys of the rows the first
    statement found (see _matches), any rows, of which only the public ones are kept.

    When more rows match than that found (a common word matches thousands), ranking
    every match would cost more the more rows match, so a capped sample is ranked: those
    rows, and the public rows whose title or snippet text has the words, found through
    the shown-text GIN index (these rank highest: the title weighs most, the summary
    next), so the best hits are ranked however many rows mention the words."""
    candidates = Q(pk__in=matched[:CANDIDATES])
    if len(matched) > CANDIDATES:
        shown = public.alias(
            shown_text=_shown_text(source.title_field, source.snippet_field)
        ).filter(shown_text=query)
        candidates |= _AnyOf(F("pk"), ArraySubquery(shown.values("pk")[:CANDIDATES]))
    return _ranked(position, source, public.filter(candidates), query, limit)


def _ranked(position, source, rows, query, limit):
    """The rows best first, with what a hit shows. PostgreSQL works out ts_headline
    after the sort and limit, so for the rows kept only."""
    score = SearchRank(F(source.vector_field), query)
    snippet = SearchHeadline(
        source.snippet_field,
        query,
        config=CONFIG,
        start_sel=_START,
        stop_sel=_STOP,
        max_words=35,
        min_words=15,
    )
    return rows.values(**_hit_columns(position, source, score, snippet)).order_by(
        "-score", "hit_title"
    )[:limit]


def _similar_part(position, source, public, text, limit):
    """Titles that look like the text: word similarity at least the threshold set for
    the statement's transaction (see search()), which the title's trigram index answers."""
    score = TrigramWordSimilarity(text, source.title_field)
    return (
        public.filter(**{f"{source.title_field}__trigram_word_similar": text})
        .values(**_hit_columns(position, source, score, F(source.snippet_field)))
        .order_by("-score", "hit_title")[:limit]
    )


@cache
def _model(source):
    """The model a source searches (its queryset's, whatever the time)."""
    now = timezone.now()
    return source.queryset(now=now, today=timezone.localdate(now)).model


def _matches(query):
    """The keys of the rows of each source's table that match, up to CANDIDATES + 1 of
    them: {position: [key, ...]}, only for sources with a match.

    One small statement through the stored vectors' GIN indexes, of all rows, public or
    not: it decides which sources the search runs on, and gives the rows it ranks, but
    the search keeps only those its source's queryset makes public at the time. A source
    no row of which matches is left out of the search."""
    parts = [
        _model(source)
        ._default_manager.filter(**{source.vector_field: query})
        .order_by()
        .values(position=Value(position), hit_key=F("pk"))[: CANDIDATES + 1]
        for position, source in enumerate(sources())
    ]
    matched = {}
    for row in _union_all(parts):
        matched.setdefault(row["position"], []).append(row["hit_key"])
    return matched


def _full_text_statement(text, limit):
    """The best public matches of each source with a match, in one statement, or None
    when no row of any source matches."""
    query = SearchQuery(text, search_type="websearch", config=CONFIG)
    matched = _matches(query)
    if not matched:
        return None
    return _union(
        _public_parts(
            sorted(matched),
            lambda position, source, public: _full_text_part(
                position, source, public, query, matched[position], limit
            ),
        )
    )


def _similar_statement(text, limit):
    """Titles that look like the text, of each source with such a title, in one
    statement, or None when no title of any source does.

    As for the full-text search, a first small statement finds which sources' tables
    (any rows) have such a title, through the titles' trigram indexes."""
    parts = [
        _model(source)
        ._default_manager.filter(**{f"{source.title_field}__trigram_word_similar": text})
        .order_by()
        .values(position=Value(position))[:1]
        for position, source in enumerate(sources())
    ]
    positions = sorted({row["position"] for row in _union_all(parts)})
    if not positions:
        return None
    return _union(
        _public_parts(
            positions,
            lambda position, source, public: _similar_part(position, source, public, text, limit),
        )
    )


def _public_parts(positions, make_part):
    """make_part(position, source, public rows) for each chosen source, its public rows
    as of now: the time of the search, for any date a source filters on."""
    now = timezone.now()
    today = timezone.localdate(now)
    all_sources = sources()
    return [
        make_part(
            position,
            all_sources[position],
            all_sources[position].queryset(now=now, today=today).order_by(),
        )
        for position in positions
    ]


def _union_all(parts):
    """The parts in one statement, in no order."""
    return parts[0].union(*parts[1:], all=True).order_by() if len(parts) > 1 else parts[0]


def _union(parts):
    """The parts in one statement: each source's part, best first, in order. One part is
    its own statement, already in order."""
    if len(parts) == 1:
        return parts[0]
    return parts[0].union(*parts[1:], all=True).order_by("position", "-score", "hit_title")


def _grouped(rows):
    """Hits grouped by source, best first: [(source, [Hit, ...]), ...]."""
    all_sources = sources()
    groups = {}
    for row in rows:
        source = all_sources[row["position"]]
        hit = Hit(
            title=row["hit_title"],
            url=source.url(row["hit_link"]),
            snippet=_snippet(row["hit_snippet"]),
            kind=source.label,
        )
        groups.setdefault(source, []).append(hit)
    return list(groups.items())


def search(text, *, limit=HITS_PER_SOURCE):
    """Results grouped by content type: [(source, [Hit, ...]), ...], plus whether the
    trigram fallback was used. Only published rows are ever considered."""
    text = " ".join((text or "").replace("\x00", " ").split())[:MAX_QUERY_LENGTH]
    if not text or not sources():
        return [], False
    statement = _full_text_statement(text, limit)
    found = _grouped(statement) if statement is not None else []
    if found:
        return found, False
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        # The trigram operator compares with this setting. Local to the transaction, so
        # it never outlives this search on a shared (pooled) connection.
        cursor.execute(
            "SELECT set_config('pg_trgm.word_similarity_threshold', %s, true)",
            [str(TRIGRAM_THRESHOLD)],
        )
        statement = _similar_statement(text, limit)
        return (_grouped(statement) if statement is not None else []), True
