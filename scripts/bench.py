"""`make bench`: seed two bench databases, serve each with gunicorn under production
settings, load every public page with wrk (or a threaded stdlib client if wrk cannot be
installed), and print and write the results to BENCHMARKS.md.

Environment knobs: BENCH_SCALES ("0.1 1"), BENCH_SECONDS (10 per page), BENCH_CONNECTIONS
(8), BENCH_WORKERS (4 sync workers), BENCH_PORT (8200), BENCH_SKIP_SEED=1 to reuse
databases seeded by an earlier run, BENCH_OUT (BENCHMARKS.md).
"""

import datetime
import http.client
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
GUNICORN = str(Path(PY).parent / "gunicorn")
SCALES = [float(s) for s in os.environ.get("BENCH_SCALES", "0.1 1").split()]
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
PORT = int(os.environ.get("BENCH_PORT", "8200"))
OUT = ROOT / os.environ.get("BENCH_OUT", "BENCHMARKS.md")
# Pages the anonymous page cache serves (the others carry a CSRF form or their own ETags).
CACHEABLE = ["home", "directory", "profile", "space search", "skills map", "site search"]

TARGETS = {
    "ratio_uncached": 0.1,
    "ratio_cached": 0.5,
    "p95_ms": 60,
    "growth": 1.5,
    "skills_map_ms": 100,
    "search_single_p95_ms": 50,
    "directory_kb": 150,
}

WRK_LUA = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCHJSON {"requests":%d,"duration_us":%d,"bytes":%d,"socket_errors":%d,' ..
    '"status_errors":%d,"p50_us":%d,"p95_us":%d,"p99_us":%d}\\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def say(message):
    print(f"\033[1m==> {message}\033[0m", file=sys.stderr, flush=True)


def db_url(scale):
    """A database per scale on the server in DATABASE_URL; its name always says bench."""
    parts = urlsplit(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/x"))
    base = parts.path.lstrip("/") or "portal_bench"
    if "bench" not in base:
        base = "portal_bench"
    name = f"{base}_s{scale:g}".replace(".", "_")
    return urlunsplit(parts._replace(path="/" + name))


def django_env(url, **extra):
    env = dict(os.environ)
    env.update(
        DATABASE_URL=url,
        DEBUG="false",
        SECRET_KEY="bench-only-secret-key-not-for-production",
        ALLOWED_HOSTS="127.0.0.1,testserver",
        SECURE_COOKIES="false",
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="0",
        CONN_MAX_AGE="600",
        BENCH_FLOOR="1",
        PAGE_CACHE_SECONDS="0",
        # The API's per-IP throttle would turn a load test from one IP into 429s; it
        # still runs (one cache increment per request), it just never trips.
        API_ANON_RATE="100000000/minute",
        TASKS_BACKEND="immediate",
    )
    env.update(extra)
    return env


def manage(url, *args, capture=False):
    result = subprocess.run(
        [PY, "manage.py", *args],
        cwd=ROOT,
        env=django_env(url),
        check=True,
        text=True,
        capture_output=capture,
    )
    return result.stdout


def seed(scale):
    url = db_url(scale)
    subprocess.run([PY, "scripts/ensure_db.py"], cwd=ROOT, env=django_env(url), check=True)
    manage(url, "migrate", "--noinput", "-v0")
    if os.environ.get("BENCH_SKIP_SEED") != "1":
        say(f"Seeding scale {scale:g} into {urlsplit(url).path[1:]}")
        started = time.monotonic()
        manage(url, "seed_bench", "--scale", str(scale))
        return time.monotonic() - started
    return None


def probe(scale):
    out = subprocess.run(
        [PY, "scripts/bench_probe.py"],
        cwd=ROOT,
        env=django_env(db_url(scale)),
        check=True,
        text=True,
        capture_output=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def ensure_wrk():
    if shutil.which("wrk"):
        return shutil.which("wrk")
    if os.geteuid() == 0 and shutil.which("apt-get"):
        say("Installing wrk from Debian")
        subprocess.run(["apt-get", "update", "-qq"], check=False, capture_output=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=False, capture_output=True)
    return shutil.which("wrk")


class Server:
    def __init__(self, scale, *, cached):
        self.url = f"http://127.0.0.1:{PORT}"
        env = django_env(db_url(scale), PAGE_CACHE_SECONDS="300" if cached else "0")
        self.log = tempfile.NamedTemporaryFile(  # noqa: SIM115 - lives as long as the server
            "w+", prefix="bench-gunicorn-", delete=False
        )
        self.proc = subprocess.Popen(
            [
                GUNICORN,
                "strategy_portal.wsgi",
                "--bind",
                f"127.0.0.1:{PORT}",
                "--workers",
                str(WORKERS),
                "--worker-class",
                "sync",
                "--timeout",
                "60",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2) as r:  # noqa: S310
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise SystemExit(f"gunicorn did not start; see {self.log.name}")

    def warm(self, path, n=WORKERS * 4):
        for _ in range(n):
            with urllib.request.urlopen(self.url + path, timeout=30) as r:  # noqa: S310
                r.read()

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def run_wrk(wrk, url, connections, seconds):
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(WRK_LUA)
    threads = min(2, connections)
    out = subprocess.run(
        [
            wrk,
            f"-t{threads}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "-s",
            lua.name,
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    os.unlink(lua.name)
    line = next(x for x in out.splitlines() if x.startswith("BENCHJSON "))
    raw = json.loads(line.removeprefix("BENCHJSON "))
    return {
        "rps": raw["requests"] / (raw["duration_us"] / 1e6),
        "p50_ms": raw["p50_us"] / 1000,
        "p95_ms": raw["p95_us"] / 1000,
        "p99_ms": raw["p99_us"] / 1000,
        "errors": raw["socket_errors"] + raw["status_errors"],
        "bytes": raw["bytes"] / max(raw["requests"], 1),
        "requests": raw["requests"],
    }


def run_python(url, connections, seconds):
    """Fallback load generator: keep-alive connections on threads (the GIL makes it a
    weaker driver than wrk, so floor ratios are conservative)."""
    parts = urlsplit(url)
    path = parts.path + ("?" + parts.query if parts.query else "")
    latencies, errors, sizes, lock = [], [0], [0], threading.Lock()
    deadline = time.monotonic() + seconds

    def worker():
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        mine, size, bad = [], 0, 0
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                body = response.read()
                if response.status >= 400:
                    bad += 1
                size += len(body)
            except OSError:
                bad += 1
                conn.close()
                conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
                continue
            mine.append(time.perf_counter() - started)
        with lock:
            latencies.extend(mine)
            errors[0] += bad
            sizes[0] += size

    started = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    latencies.sort()

    def pct(p):
        return latencies[min(len(latencies) - 1, int(len(latencies) * p / 100))] * 1000

    n = max(len(latencies), 1)
    return {
        "rps": len(latencies) / elapsed,
        "p50_ms": pct(50) if latencies else 0,
        "p95_ms": pct(95) if latencies else 0,
        "p99_ms": pct(99) if latencies else 0,
        "errors": errors[0],
        "bytes": sizes[0] / n,
        "requests": len(latencies),
    }


def load(driver, url, connections=CONNECTIONS, seconds=SECONDS):
    if driver:
        return run_wrk(driver, url, connections, seconds)
    return run_python(url, connections, seconds)


def machine():
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "unknown"
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "ram": mem,
        "os": platform.platform(),
        "python": platform.python_version(),
        "load_before": os.getloadavg(),
    }


def bench_server(scale, urls, driver, *, cached, names):
    server = Server(scale, cached=cached)
    results = {}
    try:
        targets = {"floor": "/bench/floor", **{n: urls[n] for n in names}}
        for name, path in targets.items():
            server.warm(path)
            results[name] = load(driver, server.url + path)
            r = results[name]
            say(
                f"scale {scale:g} {'cached' if cached else 'uncached'} {name}: "
                f"{r['rps']:.0f} req/s, p95 {r['p95_ms']:.1f} ms, errors {r['errors']}"
            )
        if not cached and scale == max(SCALES):
            for name in ("site search", "directory"):
                results[f"{name} (1 client)"] = load(driver, server.url + urls[name], 1)
    finally:
        server.stop()
    return results


def main():
    started = time.monotonic()
    info = machine()
    info["date"] = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    driver = ensure_wrk()
    info["driver"] = "wrk" if driver else "python threads (wrk unavailable)"
    seed_seconds, probes = {}, {}
    for scale in SCALES:
        seed_seconds[scale] = seed(scale)
    say("collectstatic")
    manage(db_url(SCALES[0]), "collectstatic", "--noinput", "-v0")
    for scale in SCALES:
        say(f"Probing scale {scale:g}: queries, bytes, skills map, page weight")
        probes[scale] = probe(scale)
    runs = {}
    for scale in SCALES:
        urls = probes[scale]["urls"]
        runs[(scale, False)] = bench_server(scale, urls, driver, cached=False, names=list(urls))
    big = max(SCALES)
    runs[(big, True)] = bench_server(big, probes[big]["urls"], driver, cached=True, names=CACHEABLE)
    info["load_after"] = os.getloadavg()
    info["elapsed_s"] = time.monotonic() - started
    report = render(info, seed_seconds, probes, runs)
    print(report)
    OUT.write_text(report)
    (ROOT / "bench-results.json").write_text(
        json.dumps(
            {
                "machine": info,
                "seed_seconds": {str(k): v for k, v in seed_seconds.items()},
                "probes": {str(k): v for k, v in probes.items()},
                "runs": {f"{k[0]}-{'cached' if k[1] else 'uncached'}": v for k, v in runs.items()},
            },
            indent=2,
        )
    )
    say(f"Wrote {OUT.name} and bench-results.json in {info['elapsed_s'] / 60:.1f} minutes")


BUSY = " (a shared, busy machine: latencies are noisy)"


def ok(passed):
    return "yes" if passed else "**no**"


def render(info, seed_seconds, probes, runs):
    small, big = min(SCALES), max(SCALES)
    off_small, off_big, on_big = runs[(small, False)], runs[(big, False)], runs[(big, True)]
    floor = off_big["floor"]["rps"]
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`scripts/bench.py`); re-run it rather than editing by hand.",
        "",
        f"- Date: {info['date']}; the whole run took {info['elapsed_s'] / 60:.1f} minutes.",
        f"- Machine: {info['nproc']} CPUs ({info['cpu']}), {info['ram']} RAM, {info['os']},"
        f" Python {info['python']}.",
        f"- Load average before / after: {' '.join(f'{x:.2f}' for x in info['load_before'])}"
        f" / {' '.join(f'{x:.2f}' for x in info['load_after'])}"
        f"{BUSY if info['load_before'][0] > 1.5 else ''}.",
        f"- Server: gunicorn, {WORKERS} sync workers, DEBUG off, hashed static files"
        " (WhiteNoise, Brotli and gzip), persistent connections (CONN_MAX_AGE=600 with health"
        " checks), PostgreSQL on loopback.",
        f"- Load: {info['driver']}, {CONNECTIONS} connections, {SECONDS} s per page after a"
        " warm-up; queries and body bytes measured separately with Django's test client.",
        "- Seeding: "
        + ", ".join(
            f"scale {s:g} in {v:.0f} s" if v is not None else f"scale {s:g} reused"
            for s, v in seed_seconds.items()
        )
        + ".",
        "",
        f"## Pages, page cache off (floor: {floor:.0f} req/s at scale {big:g}, "
        f"{off_small['floor']['rps']:.0f} at scale {small:g})",
        "",
        f"| page | req/s | ratio to floor | p50 ms | p95 ms | p99 ms | errors | bytes |"
        f" queries | p95 at {small:g} | growth |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, url in probes[big]["urls"].items():
        r, rs = off_big[name], off_small[name]
        q = probes[big]["pages"][name]
        growth = r["p95_ms"] / rs["p95_ms"] if rs["p95_ms"] else 0
        lines.append(
            f"| {name} (`{url}`) | {r['rps']:.0f} | {r['rps'] / floor:.2f} | {r['p50_ms']:.1f} |"
            f" {r['p95_ms']:.1f} | {r['p99_ms']:.1f} | {r['errors']} | {q['body_bytes']:,} |"
            f" {q['queries']} | {rs['p95_ms']:.1f} | {growth:.2f}× |"
        )
    floor_on = on_big["floor"]["rps"]
    lines += [
        "",
        f"## Warm page cache (PAGE_CACHE_SECONDS=300, scale {big:g}; floor {floor_on:.0f} req/s)",
        "",
        "| page | req/s | ratio to floor | p50 ms | p95 ms | p99 ms | errors |",
        "|---|---|---|---|---|---|---|",
    ]
    for name in CACHEABLE:
        r = on_big[name]
        lines.append(
            f"| {name} | {r['rps']:.0f} | {r['rps'] / floor_on:.2f} | {r['p50_ms']:.1f} |"
            f" {r['p95_ms']:.1f} | {r['p99_ms']:.1f} | {r['errors']} |"
        )
    sm = probes[big]["skills_map"]
    weight = probes[big]["directory_weight"]
    single = off_big["site search (1 client)"]
    single_dir = off_big["directory (1 client)"]
    worst_ratio = min(off_big[n]["rps"] / floor for n in probes[big]["urls"])
    worst_cached = min(on_big[n]["rps"] / floor_on for n in CACHEABLE)
    worst_p95 = max(off_big[n]["p95_ms"] for n in probes[big]["urls"])
    errors = sum(r["errors"] for run in runs.values() for r in run.values())
    growths = {
        n: off_big[n]["p95_ms"] / off_small[n]["p95_ms"]
        for n in probes[big]["urls"]
        if off_small[n]["p95_ms"]
    }
    worst_growth = max(growths.values())
    t = TARGETS
    lines += [
        "",
        "## Targets at city scale",
        "",
        "| target | measured | met |",
        "|---|---|---|",
        f"| every page ≥ {t['ratio_uncached']} of floor, cache off | lowest"
        f" {worst_ratio:.2f} | {ok(worst_ratio >= t['ratio_uncached'])} |",
        f"| cacheable pages ≥ {t['ratio_cached']} of floor, warm cache | lowest"
        f" {worst_cached:.2f} | {ok(worst_cached >= t['ratio_cached'])} |",
        f"| p95 ≤ {t['p95_ms']} ms at {CONNECTIONS} connections, cache off | highest"
        f" {worst_p95:.1f} ms | {ok(worst_p95 <= t['p95_ms'])} |",
        f"| no errors | {errors} | {ok(errors == 0)} |",
        f"| growth ≤ {t['growth']}× (p95 scale {big:g} / scale {small:g}) | highest"
        f" {worst_growth:.2f}× ({max(growths, key=growths.get)}) |"
        f" {ok(worst_growth <= t['growth'])} |",
        f"| skills map at scale {big:g} (200,000 lines at 1) ≤ {t['skills_map_ms']} ms"
        f" uncached (in-process build, median of 7) | {sm['median_ms']:.1f} ms |"
        f" {ok(sm['median_ms'] <= t['skills_map_ms'])} |",
        f"| (information) rebuilding a round's skills-map summary at scale {big:g}, after"
        " its data changed | "
        + (
            f"{probes[big]['skills_summary_rebuild_ms']:.0f} ms"
            if "skills_summary_rebuild_ms" in probes[big]
            else "not measured"
        )
        + " | – |",
        f"| site search p95 ≤ {t['search_single_p95_ms']} ms, one client | {single['p95_ms']:.1f}"
        f" ms (directory search: {single_dir['p95_ms']:.1f} ms) |"
        f" {ok(single['p95_ms'] <= t['search_single_p95_ms'])} |",
        f"| directory ≤ {t['directory_kb']} KB compressed (HTML gzip + CSS + JS) |"
        f" {weight['total'] / 1024:.1f} KB (HTML {weight['html'] / 1024:.1f} KB) |"
        f" {ok(weight['total'] / 1024 <= t['directory_kb'])} |",
        "",
    ]
    notes = ROOT / "scripts" / "bench_notes.md"
    if notes.exists():  # what was optimised and why, kept across re-runs
        lines += [notes.read_text().rstrip(), ""]
    return "\n".join(lines) + "\n"


def rerender():
    """`bench.py --render`: write BENCHMARKS.md again from bench-results.json, for when
    only scripts/bench_notes.md changed. The figures stay those of the recorded run."""
    data = json.loads((ROOT / "bench-results.json").read_text())
    runs = {}
    for key, value in data["runs"].items():
        scale, kind = key.rsplit("-", 1)
        runs[(float(scale), kind == "cached")] = value
    report = render(
        data["machine"],
        {float(k): v for k, v in data["seed_seconds"].items()},
        {float(k): v for k, v in data["probes"].items()},
        runs,
    )
    OUT.write_text(report)
    say(f"Wrote {OUT.name} from bench-results.json ({data['machine']['date']})")


if __name__ == "__main__":
    rerender() if sys.argv[1:] == ["--render"] else main()
