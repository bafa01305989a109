"""The benchmark's report (scripts/bench.py): rendered from a results file, with the
figures of the report it replaces as "before", and readable as "before" itself."""

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# The shape of the report before the page cache was on by default (rows and columns
# trimmed).
OLD_REPORT = """# Benchmarks

- Date: 2026-11-27 16:12 UTC; the whole run took 5.6 minutes.

## Pages, page cache off (floor: 4337 req/s at scale 1, 4308 at scale 0.1)

| page | req/s | ratio to floor | p50 ms | p95 ms | p99 ms | errors | queries | growth |
|---|---|---|---|---|---|---|---|---|
| home (`/`) | 555 | 0.13 | 13.8 | 19.6 | 33.9 | 0 | 3 | 1.14× |
| api list (`/api/v1/organisations/`) | 541 | 0.12 | 13.8 | 22.1 | 49.8 | 0 | 3 | 1.07× |

## Warm page cache (PAGE_CACHE_SECONDS=300, scale 1; floor 4192 req/s)

| page | req/s | ratio to floor | p50 ms | p95 ms | p99 ms | errors |
|---|---|---|---|---|---|---|
| home | 3850 | 0.92 | 1.8 | 4.1 | 12.2 | 0 |

## Targets at city scale

| target | measured | met |
|---|---|---|
| every page ≥ 0.1 of floor, cache off | lowest 0.07 | **no** |
"""


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench", ROOT / "scripts" / "bench.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def figures(rps, p95=10.0, cache=None):
    return {
        "rps": rps,
        "p50_ms": p95 / 2,
        "p95_ms": p95,
        "p99_ms": p95 * 2,
        "errors": 0,
        "bytes": 1000,
        "requests": int(rps * 10),
        "cache": cache,
    }


def results(before, *, home_cache="hit"):
    urls = {"home": "/", "space listing": "/spaces/a-desk/", "api list": "/api/v1/organisations/"}
    why = {
        "home": None,
        "space listing": "carries a CSRF form (its token belongs to one visitor)",
        "api list": "the API is excluded",
    }
    probe = {
        "urls": urls,
        "pages": {name: {"status": 200, "queries": 2, "body_bytes": 5000} for name in urls},
        "not_cached_because": why,
        "other_urls": {"about": "/about/", "add a building": "/spaces/add/"},
        "other_not_cached_because": {"about": None, "add a building": "carries a CSRF form"},
        "vocabulary": {"words": ["cloud"], "areas": ["quayside"], "sectors": ["games"]},
        "skills_map": {"median_ms": 3.0, "min_ms": 2.5},
        "skills_summary_rebuild_ms": 400.0,
        "directory_weight": {"html": 4000, "assets": {}, "total": 9000},
        "counts": {},
    }
    config = {
        "backend": "DatabaseCache",
        "location": "portal_cache",
        "page_cache_seconds": 600,
        "status": "ok",
    }
    uncached = {**config, "page_cache_seconds": 0}
    return {
        "version": 2,
        "machine": {
            "nproc": 2,
            "cpu": "test",
            "ram": "1 GiB",
            "os": "Linux",
            "python": "3.13",
            "load_before": [0.5, 0.5, 0.5],
            "load_after": [1.0, 1.0, 1.0],
            "workers": 4,
            "connections": 8,
            "seconds": 10,
            "access_log": "/dev/null",
            "date": "2026-12-04 20:00 UTC",
            "driver": "wrk",
            "elapsed_s": 600,
        },
        "seed_seconds": {"0.1": 4.0, "1": None},
        "probes": {"0.1": probe, "1": probe},
        "runs": {
            "uncached-0.1": {
                "scale": 0.1,
                "config": uncached,
                "floor": figures(4000),
                "pages": {name: figures(400, 20.0) for name in urls},
            },
            "uncached-1": {
                "scale": 1,
                "config": uncached,
                "floor": figures(4000),
                "pages": {name: figures(400, 25.0) for name in urls},
                "single": {"site search": figures(200, 5.0), "directory": figures(100, 9.0)},
            },
            "default": {
                "scale": 1,
                "config": config,
                "floor": figures(4000),
                "pages": {
                    "home": figures(3600, 4.0, home_cache),
                    "space listing": figures(400, 25.0),
                    "api list": figures(400, 25.0),
                },
            },
            "mixed": {
                "scale": 1,
                "config": config,
                "floor": figures(4000),
                "mix": {**figures(2000, 30.0), "hits": 900, "misses": 80, "other": 20},
                "publisher": {"every_s": 3, "publishes": 10, "moved": 10, "save_ms_median": 12},
                "settings": {
                    "seconds": 30,
                    "tail": 0.1,
                    "popular": ["/", "/about/"],
                    "words": 1,
                    "areas": 1,
                    "sectors": 1,
                    "distinct_tail_urls": 2407,
                },
            },
            "redis": {"scale": 1, "skipped": "no Redis at redis://127.0.0.1:6379/9"},
        },
        "before": before,
    }


def test_the_old_report_gives_the_before_figures(bench, tmp_path):
    (tmp_path / "BENCHMARKS.md").write_text(OLD_REPORT)

    before = bench.previous(tmp_path / "BENCHMARKS.md")

    assert before["date"] == "2026-11-27 16:12 UTC"
    assert before["uncached"]["home"] == {"rps": 555, "ratio": 0.13, "p95_ms": 19.6}
    assert before["uncached"]["api list"]["ratio"] == 0.12
    assert before["cached"] == {"home": {"rps": 3850, "ratio": 0.92, "p95_ms": 4.1}}
    assert bench.previous(tmp_path / "missing.md") is None


def test_the_report_shows_before_after_why_and_the_targets(bench, tmp_path):
    (tmp_path / "BENCHMARKS.md").write_text(OLD_REPORT)
    data = results(bench.previous(tmp_path / "BENCHMARKS.md"))

    text = bench.render(data)

    # Default configuration: the ratio now and the warm-cache ratio before.
    assert "| home | yes | 3600 | 0.90 | 0.92 |" in text
    assert "| space listing | no: carries a CSRF form" in text
    assert "- api list (`/api/v1/organisations/`): the API is excluded." in text
    assert "- add a building (`/spaces/add/`): carries a CSRF form." in text
    assert "Also served from the page cache (not loaded above): about (`/about/`)." in text
    assert "Skipped: no Redis at redis://127.0.0.1:6379/9." in text
    # Uncached: ratio and p95 before; a page the old report did not load has none.
    assert "| home (`/`) | 400 | 0.10 | 0.13 | 12.5 | 25.0 | 19.6 |" in text
    assert "| space listing (`/spaces/a-desk/`) | 400 | 0.10 | – | 12.5 | 25.0 | – |" in text
    assert "90% | 8% | 2% |" in text
    assert "10 publishes, of which 10 moved the page cache to a new generation" in text
    assert (
        "| default configuration, warm: every page the page cache serves ≥ 0.75 of floor |"
        " lowest 0.90 (home) | yes |"
    ) in text
    assert "| mixed traffic ≥ 0.4 of floor | 0.50 | yes |" in text
    assert "| every page uncached ≥ 0.05 of floor | lowest 0.10 (home) | yes |" in text
    assert "| growth ≤ 1.5× (p95 uncached, scale 1 / scale 0.1) | highest 1.25× (home) | yes |" in (
        text
    )


def test_a_cacheable_page_the_server_did_not_serve_from_the_cache_fails(bench):
    text = bench.render(results(None, home_cache="miss"))

    assert "| home | **no** (the server said miss) |" in text
    assert "| default configuration: every such page served from the page cache | 0 of 1 |" in (
        text
    )
    assert "- Before: no earlier report was found." in text


def test_this_report_is_the_next_runs_before(bench, tmp_path):
    (tmp_path / "BENCHMARKS.md").write_text(bench.render(results(None)))

    before = bench.previous(tmp_path / "BENCHMARKS.md")

    assert before["date"] == "2026-12-04 20:00 UTC"
    assert before["cached"]["home"]["ratio"] == 0.9
    assert before["uncached"]["home"] == {"rps": 400, "ratio": 0.1, "p95_ms": 25.0}
    assert set(before["uncached"]) == {"home", "space listing", "api list"}


def test_render_rewrites_the_report_from_the_results_file(bench, tmp_path, monkeypatch):
    monkeypatch.setattr(bench, "RESULTS", tmp_path / "bench-results.json")
    monkeypatch.setattr(bench, "OUT", tmp_path / "BENCHMARKS.md")
    bench.RESULTS.write_text(json.dumps(results(None)))

    bench.rerender()

    assert bench.OUT.read_text() == bench.render(results(None))

    bench.RESULTS.write_text(json.dumps({"runs": {"1.0-cached": {}}}))
    with pytest.raises(SystemExit, match="older"):
        bench.rerender()
