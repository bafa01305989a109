"""Property tests: hypothesis generates hostile text for every public query parameter and
every public form, discovered as in test_hostile_input (from the URLconf and the pages'
own HTML), plus the open-data API's list endpoints and their filters. Values are sent as
raw percent-encoded bytes, so they may hold null bytes, lone surrogates (invalid UTF-8),
right-to-left and emoji text, huge numbers, NaN and malformed dates. Wherever they go:
no 5xx, no unescaped markup reflected, and nothing written by a refused submission.
"""

import functools
from urllib.parse import quote_from_bytes

import pytest
from django.apps import apps
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from apps.core.moderation.models import Moderated
from tests.security.stats import STATS, record
from tests.security.test_hostile_input import FormFinder, public_paths

pytestmark = pytest.mark.django_db

HYPOTHESIS = hsettings(
    max_examples=150,
    deadline=None,
    derandomize=True,  # the same inputs on every run: a CI failure reproduces locally
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)

# Markup that must never come back unescaped; each generated value carries one of these.
PAYLOADS = [
    "<script>alert(1)</script>",
    '"><svg onload=alert(1)>',
    "'><img src=x onerror=alert(1)>",
    "<iframe srcdoc=x></iframe>",
]

_ALPHABET = st.one_of(
    st.characters(),  # any code point but a surrogate, null byte included
    st.characters(categories=["Cs"]),  # lone surrogates: sent as invalid UTF-8 bytes
    st.sampled_from("\x00\u202e\u202d\u200f\u0627\u05d0🚀🏴\u200d\ufeff'\"<>&%;\\"),
    st.characters(min_codepoint=0x0590, max_codepoint=0x08FF),  # Hebrew and Arabic
    st.characters(min_codepoint=0x1F300, max_codepoint=0x1FAFF),  # emoji
)
_NUMBERS = st.one_of(
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["NaN", "-0", "1e309", "0x10", "١٢٣", "1_000", "9" * 400]),
)
_DATES = st.one_of(
    st.tuples(st.integers(-10, 99999), st.integers(-1, 99), st.integers(-1, 99)).map(
        lambda t: f"{t[0]:04d}-{t[1]:02d}-{t[2]:02d}"
    ),
    st.sampled_from(["2026-02-30", "31/12/2026", "0000-00-00", "2026-13-01T25:61", "tomorrow"]),
)
VALUES = st.one_of(st.text(_ALPHABET, max_size=300), _NUMBERS, _DATES)


@st.composite
def hostile(draw):
    """(raw percent-encoded value, the payload it carries)."""
    payload = draw(st.sampled_from(PAYLOADS))
    before, after = draw(VALUES), draw(VALUES)
    text = draw(st.sampled_from([before + payload + after, payload + before, before]))
    encoded = quote_from_bytes(text.encode("utf-8", "surrogatepass"), safe="")
    return encoded, payload


def rows_with_personal_data():
    """Counts of every moderated model and every model holding an email address."""
    from apps.core.privacy.personal_data import personal_data_models

    models = {m for m in apps.get_models() if issubclass(m, Moderated)}
    models |= {m for m, _ in personal_data_models()}
    return {m._meta.label: m._default_manager.count() for m in models}


@functools.cache
def _discover(client):
    get_params, post_forms = [], []
    for path in public_paths():
        page = client.get(path)
        finder = FormFinder()
        finder.feed(page.content.decode(errors="replace"))
        names = {n for method, _, ns in finder.forms if method == "get" for n in ns}
        for name in sorted(names | {"page", "sort", "q"}):
            get_params.append((path, name))
        for method, action, names in finder.forms:
            if method == "post" and names:
                post_forms.append((action or path, tuple(names)))
    # The open-data API: every dataset's list endpoint, with its filters.
    from apps.opendata.registry import all_datasets

    for dataset in all_datasets():
        names = set(dataset.filterset.base_filters) if dataset.filterset else set()
        for name in sorted(names | {"page", "page_size", "format", "ordering"}):
            get_params.append((f"/api/v1/{dataset.name}/", name))
    return get_params, sorted(set(post_forms))


@pytest.fixture
def surface(client):
    from tests import factories

    area = factories.AreaFactory(name="Ouseburn")
    sector = factories.SectorFactory(name="Fintech")
    factories.OrganisationFactory(name="Visible Co", area=area, sectors=[sector])
    _discover.cache_clear()
    get_params, post_forms = _discover(client)
    assert len(get_params) > 30 and len(post_forms) >= 3
    return get_params, post_forms


def assert_no_reflection(response, payload):
    assert response.status_code < 500, response.status_code
    if getattr(response, "streaming", False):
        return
    if response.get("Content-Type", "").startswith("application/json"):
        # The API quotes a bad filter value back inside a JSON string. That is data, not
        # markup: JSON with nosniff is never rendered as HTML.
        assert response["X-Content-Type-Options"] == "nosniff"
        return
    assert payload.encode() not in response.content


def test_generated_query_parameters(client, surface, settings):
    get_params, _ = surface
    # The API's own throttle would answer most probes with 429.
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "1000000/minute"},
    }

    @hsettings(HYPOTHESIS, max_examples=300)
    @given(target=st.sampled_from(get_params), value=hostile(), dup=st.booleans())
    def probe(target, value, dup):
        path, name = target
        encoded, payload = value
        query = f"{quote_from_bytes(name.encode())}={encoded}"
        if dup:  # the same parameter twice, the second one empty
            query += f"&{quote_from_bytes(name.encode())}="
        response = client.get(f"{path}?{query}")
        record(response, page=path, param=f"{path}?{name}")
        assert_no_reflection(response, payload)

    probe()


def test_generated_form_submissions(client, surface, settings):
    _, post_forms = surface
    settings.RATELIMIT_ENABLED = False  # otherwise the probes only ever see the 429 page

    @HYPOTHESIS
    @given(data=st.data())
    def probe(data):
        target, names = data.draw(st.sampled_from(post_forms))
        # A random subset of the fields (missing ones are missing parameters), hostile values.
        chosen = data.draw(st.lists(st.sampled_from(names), min_size=1, unique=True))
        pairs, payloads = [], []
        for name in chosen:
            encoded, payload = data.draw(hostile())
            pairs.append(f"{quote_from_bytes(name.encode())}={encoded}")
            payloads.append(payload)
        before = rows_with_personal_data()
        response = client.post(
            target, data="&".join(pairs), content_type="application/x-www-form-urlencoded"
        )
        record(response, form=target)
        STATS["form fields probed"].update(f"{target}:{name}" for name in chosen)
        for payload in set(payloads):
            assert_no_reflection(response, payload)
        if response.status_code != 302:
            if rows_with_personal_data() != before:
                STATS["refused submissions that wrote rows"] += 1
            assert rows_with_personal_data() == before, (target, chosen)

    probe()
