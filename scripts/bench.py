"""`make bench`: one run answers issue 15's acceptance. It seeds a bench database per
scale, measures each in process (scripts/bench_probe.py), then serves them with gunicorn
under production settings and loads pages with wrk (or a threaded stdlib client if wrk
cannot be installed):

1. every page uncached (PAGE_CACHE_SECONDS=0), at each scale: the floor and every page,
   and at the largest scale site search and directory search with one client;
2. the default configuration, at the largest scale: a server whose environment has no
   cache setting at all (neither CACHE_URL nor PAGE_CACHE_SECONDS), so anonymous pages
   come from Django's database cache in the same PostgreSQL; the floor and every page,
   warm;
3. mixed traffic on that same server: popular pages and a long tail of distinct search
   and filter URLs, while a background process publishes through the ORM every few
   seconds so the page cache's generation moves;
4. the warm pages again with Redis (CACHE_URL=BENCH_REDIS_URL), if Redis answers.

Every ratio divides by the floor measured on the same server: /bench/floor, a constant
response through every middleware, never cached. The report goes to docs/benchmarks.md, with
the figures of the docs/benchmarks.md it replaces as "before", and the raw figures to
bench-results.json (`bench.py --render` rewrites docs/benchmarks.md from them).

Environment knobs: BENCH_SCALES ("0.1 1"), BENCH_SECONDS (10 per page), BENCH_CONNECTIONS
(8), BENCH_WORKERS (4 sync workers), BENCH_PORT (8200), BENCH_SKIP_SEED=1 to reuse
databases seeded by an earlier run, BENCH_OUT (docs/benchmarks.md), BENCH_MIX_SECONDS (three
times BENCH_SECONDS), BENCH_MIX_TAIL (0.1: the long tail's share of the mixed requests),
BENCH_PUBLISH_EVERY (3 s), BENCH_REDIS_URL (redis://127.0.0.1:6379/9; empty skips Redis),
BENCH_BEFORE (the report whose figures are "before"; BENCH_OUT as it is when the run
starts), BENCH_ACCESS_LOG (where gunicorn writes its access log; /dev/null),
BENCH_ACCEPT_ENCODING (the Accept-Encoding every request sends, as a browser does:
"gzip, deflate, br"; empty sends none).
"""

import datetime
import http.client
import json
import os
import platform
import random
import re
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
OUT = ROOT / os.environ.get("BENCH_OUT", "docs/benchmarks.md")
RESULTS = ROOT / "bench-results.json"
BEFORE = Path(os.environ.get("BENCH_BEFORE") or OUT)
MIX_SECONDS = int(os.environ.get("BENCH_MIX_SECONDS") or 3 * SECONDS)
MIX_TAIL = float(os.environ.get("BENCH_MIX_TAIL", "0.1"))
PUBLISH_EVERY = float(os.environ.get("BENCH_PUBLISH_EVERY", "3"))
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9")
ACCESS_LOG = os.environ.get("BENCH_ACCESS_LOG", "/dev/null")
# What a browser sends; the page cache answers it with the page it stored gzipped.
ACCEPT_ENCODING = os.environ.get("BENCH_ACCEPT_ENCODING", "gzip, deflate, br")
SEED = 20261127

# The settings a server's cache configuration is made of. They are taken out of every
# server's environment; each configuration then sets only what it names.
CACHE_SETTINGS = ("CACHE_URL", "PAGE_CACHE_SECONDS", "FRAGMENT_CACHE_SECONDS")
CONFIGS = {
    "uncached": {"PAGE_CACHE_SECONDS": "0"},
    "default": {},
    "redis": {"CACHE_URL": REDIS_URL},
}

TARGETS = {
    "ratio_default": 0.75,
    "ratio_mixed": 0.4,
    "ratio_uncached": 0.05,
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

# The mixed-traffic run: each thread draws its next path from the popular pages or, with
# probability TAIL, from the long tail (mix_path() below is the same in Python), and
# counts what the page cache said of each response (X-Page-Cache).
MIX_LUA = """
local popular = __POPULAR__
local words = __WORDS__
local areas = __AREAS__
local sectors = __SECTORS__
local tail = __TAIL__
local threads = {}

setup = function(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

init = function(args)
  math.randomseed(__SEED__ + id)
  hits, misses, other = 0, 0, 0
end

local function pick(list)
  return list[math.random(#list)]
end

request = function()
  local path
  if math.random() >= tail then
    path = pick(popular)
  else
    local kind = math.random(3)
    if kind == 1 then
      path = "/directory/?q=" .. pick(words) .. "&page=" .. math.random(5)
      if math.random(2) == 1 then
        path = path .. "&sector=" .. pick(sectors)
      end
    elseif kind == 2 then
      path = "/spaces/?area=" .. pick(areas) .. "&desks=" .. math.random(40) ..
        "&max_price=" .. (100 + 10 * math.random(60))
    else
      path = "/search/?q=" .. pick(words) .. "+" .. pick(words)
    end
  end
  return wrk.format(nil, path)
end

response = function(status, headers, body)
  local state = headers["X-Page-Cache"]
  if state == "hit" then
    hits = hits + 1
  elseif state == "miss" then
    misses = misses + 1
  else
    other = other + 1
  end
end

done = function(summary, latency, requests)
  local h, m, o = 0, 0, 0
  for _, thread in ipairs(threads) do
    h = h + thread:get("hits")
    m = m + thread:get("misses")
    o = o + thread:get("other")
  end
  local e = summary.errors
  io.write(string.format(
    'BENCHJSON {"requests":%d,"duration_us":%d,"bytes":%d,"socket_errors":%d,' ..
    '"status_errors":%d,"p50_us":%d,"p95_us":%d,"p99_us":%d,' ..
    '"hits":%d,"misses":%d,"other":%d}\\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), h, m, o))
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


def without_password(url):
    parts = urlsplit(url)
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


def django_env(url, config="uncached"):
    env = {k: v for k, v in os.environ.items() if k not in CACHE_SETTINGS}
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
        # The API's per-IP throttle would turn a load test from one IP into 429s; it
        # still runs (one cache increment per request), it just never trips.
        API_ANON_RATE="100000000/minute",
        TASKS_BACKEND="immediate",
    )
    env.update(CONFIGS[config])
    return env


def dotenv_cache_settings():
    """Cache settings in the repository's .env, which the settings read for whatever the
    environment leaves unset: they would make "no cache settings" untrue."""
    try:
        lines = (ROOT / ".env").read_text().splitlines()
    except OSError:
        return []
    return [n for n in CACHE_SETTINGS if any(line.startswith(f"{n}=") for line in lines)]


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


def probe(env, *args):
    out = subprocess.run(
        [PY, "scripts/bench_probe.py", *args],
        cwd=ROOT,
        env=env,
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


def redis_unreachable():
    """Why the Redis run is skipped, or None if Redis answers."""
    if not REDIS_URL:
        return "BENCH_REDIS_URL is empty"
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2, socket_timeout=2).ping()
    except Exception as exc:  # noqa: BLE001 - any failure means: no Redis for this run
        return f"no Redis at {without_password(REDIS_URL)} ({type(exc).__name__}: {exc})"
    return None


class Server:
    """gunicorn with the repository's gunicorn.conf.py (GC threshold, timeouts, max
    requests, the access log's format) and the bench's worker count; its access log goes
    to ACCESS_LOG, so a run of a million requests leaves no file behind."""

    def __init__(self, scale, config):
        self.url = f"http://127.0.0.1:{PORT}"
        self.env = django_env(db_url(scale), config)
        self.env["GUNICORN_ACCESS_LOG"] = ACCESS_LOG
        # What the settings make of this environment, and a fresh page-cache generation.
        self.config = probe(self.env, "--config")
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
            ],
            cwd=ROOT,
            env=self.env,
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
        """Request the page n times; what the page cache said of the last answer ("hit",
        "miss", or None when it was not stored)."""
        state = None
        for _ in range(n):
            with urllib.request.urlopen(self.url + path, timeout=30) as r:  # noqa: S310
                r.read()
                state = r.headers.get("X-Page-Cache")
        return state

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def figures(raw):
    out = {
        "rps": raw["requests"] / (raw["duration_us"] / 1e6),
        "p50_ms": raw["p50_us"] / 1000,
        "p95_ms": raw["p95_us"] / 1000,
        "p99_ms": raw["p99_us"] / 1000,
        "errors": raw["socket_errors"] + raw["status_errors"],
        "bytes": raw["bytes"] / max(raw["requests"], 1),
        "requests": raw["requests"],
    }
    for key in ("hits", "misses", "other"):
        if key in raw:
            out[key] = raw[key]
    return out


def run_wrk(wrk, url, connections, seconds, lua=WRK_LUA):
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua)
    try:
        out = subprocess.run(
            [
                wrk,
                f"-t{min(2, connections)}",
                f"-c{connections}",
                f"-d{seconds}s",
                *(["-H", f"Accept-Encoding: {ACCEPT_ENCODING}"] if ACCEPT_ENCODING else []),
                "--timeout",
                "10s",
                "-s",
                script.name,
                url,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        os.unlink(script.name)
    line = next(x for x in out.splitlines() if x.startswith("BENCHJSON "))
    return figures(json.loads(line.removeprefix("BENCHJSON ")))


REQUEST_HEADERS = {"Accept-Encoding": ACCEPT_ENCODING} if ACCEPT_ENCODING else {}


def run_python(base, next_paths, connections, seconds):
    """Fallback load generator: keep-alive connections on threads (the GIL makes it a
    weaker driver than wrk, so floor ratios are conservative). next_paths(i) gives
    connection i its function returning the next path."""
    parts = urlsplit(base)
    latencies, lock = [], threading.Lock()
    totals = {"errors": 0, "bytes": 0, "hits": 0, "misses": 0, "other": 0}
    deadline = time.monotonic() + seconds

    def worker(i):
        next_path = next_paths(i)
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        mine = []
        counts = dict.fromkeys(totals, 0)
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                conn.request("GET", next_path(), headers=REQUEST_HEADERS)
                response = conn.getresponse()
                body = response.read()
            except OSError:
                counts["errors"] += 1
                conn.close()
                conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
                continue
            mine.append(time.perf_counter() - started)
            counts["errors"] += response.status >= 400
            counts["bytes"] += len(body)
            state = response.getheader("X-Page-Cache")
            counts[{"hit": "hits", "miss": "misses"}.get(state, "other")] += 1
        with lock:
            latencies.extend(mine)
            for key, value in counts.items():
                totals[key] += value

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    latencies.sort()

    def pct(p):
        if not latencies:
            return 0
        return latencies[min(len(latencies) - 1, int(len(latencies) * p / 100))] * 1e6

    return figures(
        {
            "requests": len(latencies),
            "duration_us": elapsed * 1e6,
            "bytes": totals["bytes"],
            "socket_errors": 0,
            "status_errors": totals["errors"],
            "p50_us": pct(50),
            "p95_us": pct(95),
            "p99_us": pct(99),
            "hits": totals["hits"],
            "misses": totals["misses"],
            "other": totals["other"],
        }
    )


def load(driver, base, path, connections=CONNECTIONS, seconds=SECONDS):
    if driver:
        result = run_wrk(driver, base + path, connections, seconds)
    else:
        result = run_python(base, lambda i: lambda: path, connections, seconds)
        for key in ("hits", "misses", "other"):  # wrk does not count these for one page
            result.pop(key)
    return result


def mix_path(rng, popular, vocabulary):
    """The next path of the mixed-traffic run (MIX_LUA's request() in Python)."""
    if rng.random() >= MIX_TAIL:
        return rng.choice(popular)
    words, kind = vocabulary["words"], rng.randint(1, 3)
    if kind == 1:
        path = f"/directory/?q={rng.choice(words)}&page={rng.randint(1, 5)}"
        if rng.randint(1, 2) == 1:
            path += f"&sector={rng.choice(vocabulary['sectors'])}"
        return path
    if kind == 2:
        return (
            f"/spaces/?area={rng.choice(vocabulary['areas'])}&desks={rng.randint(1, 40)}"
            f"&max_price={100 + 10 * rng.randint(1, 60)}"
        )
    return f"/search/?q={rng.choice(words)}+{rng.choice(words)}"


def lua_list(items):
    return "{" + ",".join(json.dumps(item) for item in items) + "}"


def load_mix(driver, base, popular, vocabulary, seconds):
    if driver:
        lua = MIX_LUA
        for name, value in {
            "__POPULAR__": lua_list(popular),
            "__WORDS__": lua_list(vocabulary["words"]),
            "__AREAS__": lua_list(vocabulary["areas"]),
            "__SECTORS__": lua_list(vocabulary["sectors"]),
            "__TAIL__": repr(MIX_TAIL),
            "__SEED__": str(SEED),
        }.items():
            lua = lua.replace(name, value)
        return run_wrk(driver, base + "/", CONNECTIONS, seconds, lua)

    def next_paths(i):
        rng = random.Random(SEED + i)  # noqa: S311 - traffic, not secrets
        return lambda: mix_path(rng, popular, vocabulary)

    return run_python(base, next_paths, CONNECTIONS, seconds)


def distinct_tail_urls(vocabulary):
    w, a, s = (len(vocabulary[k]) for k in ("words", "areas", "sectors"))
    return w * 5 * (s + 1) + a * 40 * 60 + w * w


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
        "workers": WORKERS,
        "connections": CONNECTIONS,
        "seconds": SECONDS,
        "access_log": ACCESS_LOG,
    }


def report(label, name, r):
    say(
        f"{label} {name}: {r['rps']:.0f} req/s, p95 {r['p95_ms']:.1f} ms, errors {r['errors']}"
        + (f", page cache: {r['cache']}" if r.get("cache") else "")
    )


def load_pages(server, driver, urls, label):
    """The floor, then each page after a warm-up, on one server."""
    server.warm("/bench/floor")
    run = {"config": server.config, "floor": load(driver, server.url, "/bench/floor")}
    report(label, "floor", run["floor"])
    run["pages"] = {}
    for name, path in urls.items():
        state = server.warm(path)
        run["pages"][name] = {**load(driver, server.url, path), "cache": state}
        report(label, name, run["pages"][name])
    return run


def uncached_run(scale, urls, driver, *, single):
    server = Server(scale, "uncached")
    try:
        run = load_pages(server, driver, urls, f"scale {scale:g} uncached")
        if single:
            run["single"] = {name: load(driver, server.url, urls[name], 1) for name in single}
    finally:
        server.stop()
    return {"scale": scale, **run}


def mixed_run(server, driver, popular, vocabulary):
    """Mixed traffic on a warm server, with the floor measured just before it and a
    publisher (bench_probe.py --publish) saving a published row every PUBLISH_EVERY s."""
    for path in popular:
        server.warm(path, 1)
    server.warm("/bench/floor")
    run = {"config": server.config, "floor": load(driver, server.url, "/bench/floor")}
    report("mixed", "floor", run["floor"])
    publisher = subprocess.Popen(
        [PY, "scripts/bench_probe.py", "--publish", str(PUBLISH_EVERY)],
        cwd=ROOT,
        env=server.env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        publisher.stdout.readline()  # {"ready": true}: Django is set up
        run["mix"] = load_mix(driver, server.url, popular, vocabulary, MIX_SECONDS)
    finally:
        publisher.send_signal(signal.SIGTERM)
        out, _ = publisher.communicate(timeout=60)
    try:
        run["publisher"] = json.loads(out.strip().splitlines()[-1])
    except (IndexError, ValueError):  # its traceback is on stderr; keep the run's figures
        run["publisher"] = {"every_s": PUBLISH_EVERY, "publishes": 0, "moved": 0}
        run["publisher"]["error"] = f"the publisher exited with {publisher.returncode}"
    run["settings"] = {
        "seconds": MIX_SECONDS,
        "tail": MIX_TAIL,
        "popular": popular,
        "words": len(vocabulary["words"]),
        "areas": len(vocabulary["areas"]),
        "sectors": len(vocabulary["sectors"]),
        "distinct_tail_urls": distinct_tail_urls(vocabulary),
    }
    r = run["mix"]
    report("mixed", "mix", r)
    say(
        f"mixed: {run['publisher']['publishes']} publishes; responses from the cache "
        f"{r.get('hits')}, stored {r.get('misses')}, not stored {r.get('other')}"
    )
    return run


def previous(path):
    """Figures of an earlier report (docs/benchmarks.md), by page name: "uncached" from its
    uncached table, "cached" from its warm page-cache table (the default configuration's
    in reports like this one); None if there is none."""
    try:
        text = path.read_text()
    except OSError:
        return None
    before = {"source": path.name, "date": None, "uncached": {}, "cached": {}}
    section = header = None
    for line in text.splitlines():
        if line.startswith("- Date: ") and before["date"] is None:
            before["date"] = line.removeprefix("- Date: ").split(";")[0]
        elif line.startswith("## "):
            title = line.lower()
            if "cache off" in title or "uncached" in title:
                section = "uncached"
            elif "warm" in title and "redis" not in title:
                section = "cached"
            else:
                section = None
            header = None
        elif section and line.startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if header is None:
                header = cells
            elif not set(cells[0]) <= set("-: ") and "ratio to floor" in header:
                row = dict(zip(header, cells, strict=False))
                name = re.sub(r"\s*\(`.*`\)$", "", cells[0])
                before[section][name] = {
                    key: float(m.group())
                    for key, column in (
                        ("rps", "req/s"),
                        ("ratio", "ratio to floor"),
                        ("p95_ms", "p95 ms"),
                    )
                    if (m := re.search(r"\d+(\.\d+)?", row.get(column, "")))
                }
    return before if before["uncached"] or before["cached"] else None


def main():
    started = time.monotonic()
    before = previous(BEFORE)
    info = machine()
    info["date"] = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    driver = ensure_wrk()
    info["driver"] = "wrk" if driver else "python threads (wrk unavailable)"
    info["accept_encoding"] = ACCEPT_ENCODING
    if found := dotenv_cache_settings():
        say(f"Warning: .env sets {', '.join(found)}; the default configuration is not default")
    seed_seconds, probes = {}, {}
    for scale in SCALES:
        seed_seconds[scale] = seed(scale)
    say("collectstatic")
    manage(db_url(SCALES[0]), "collectstatic", "--noinput", "-v0")
    for scale in SCALES:
        say(f"Probing scale {scale:g}: queries, bytes, cacheability, skills map, page weight")
        probes[scale] = probe(django_env(db_url(scale)))
    big = max(SCALES)
    urls = probes[big]["urls"]
    runs = {}
    for scale in SCALES:
        single = ["site search", "directory"] if scale == big else []
        scale_urls = probes[scale]["urls"]
        runs[f"uncached-{scale:g}"] = uncached_run(scale, scale_urls, driver, single=single)

    server = Server(big, "default")
    try:
        runs["default"] = {"scale": big, **load_pages(server, driver, urls, "default config")}
        popular = [
            url
            for group in ("", "other_")
            for name, url in probes[big][f"{group}urls"].items()
            if probes[big][f"{group}not_cached_because"][name] is None
        ]
        runs["mixed"] = {
            "scale": big,
            **mixed_run(server, driver, popular, probes[big]["vocabulary"]),
        }
    finally:
        server.stop()

    if skipped := redis_unreachable():
        say(f"Skipping the Redis run: {skipped}")
        runs["redis"] = {"scale": big, "skipped": skipped}
    else:
        cacheable = {n: u for n, u in urls.items() if probes[big]["not_cached_because"][n] is None}
        server = Server(big, "redis")
        try:
            runs["redis"] = {"scale": big, **load_pages(server, driver, cacheable, "redis")}
        finally:
            server.stop()

    info["load_after"] = os.getloadavg()
    info["elapsed_s"] = time.monotonic() - started
    data = {
        "version": 2,
        "machine": info,
        "seed_seconds": {f"{k:g}": v for k, v in seed_seconds.items()},
        "probes": {f"{k:g}": v for k, v in probes.items()},
        "runs": runs,
        "before": before,
    }
    text = render(data)
    print(text)
    OUT.write_text(text)
    RESULTS.write_text(json.dumps(data, indent=2))
    say(f"Wrote {OUT.name} and {RESULTS.name} in {info['elapsed_s'] / 60:.1f} minutes")


BUSY = " (a shared, busy machine: latencies are noisy)"


def ok(passed):
    return "yes" if passed else "**no**"


def fmt(value, spec=".2f", missing="–"):
    return missing if value is None else format(value, spec)


def cache_line(config):
    where = {
        "DatabaseCache": f"Django's database cache (table {config['location']} in the same"
        " PostgreSQL)",
        "RedisCache": f"Redis ({config['location']})",
    }.get(config["backend"], f"{config['backend']} ({config['location']})")
    seconds = config["page_cache_seconds"]
    state = "" if config["status"] == "ok" else f"; **the cache was {config['status']}**"
    return f"{where}, PAGE_CACHE_SECONDS={seconds}" + (" (off)" if not seconds else "") + state


def render(data):
    info, runs = data["machine"], data["runs"]
    probes = {float(k): v for k, v in data["probes"].items()}
    before = data.get("before") or {"uncached": {}, "cached": {}, "date": None}
    small, big = min(probes), max(probes)
    probe = probes[big]
    off_small, off_big = runs[f"uncached-{small:g}"], runs[f"uncached-{big:g}"]
    default, mixed, redis = runs["default"], runs["mixed"], runs["redis"]
    urls = probe["urls"]
    why = probe["not_cached_because"]
    cacheable = [n for n in urls if why[n] is None]
    floor = off_big["floor"]["rps"]
    was = f"the run of {before['date']}" if before.get("date") else "the previous report"
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
        f"- Server: gunicorn with the repository's `gunicorn.conf.py` (GC threshold,"
        f" timeouts, max requests), {info['workers']} sync workers, the access log formatted"
        f" and written to {info['access_log']}, DEBUG off, hashed static files (WhiteNoise,"
        " Brotli and gzip), persistent connections (CONN_MAX_AGE=600; health checks on the"
        " app's connection, none on the cache's),"
        " PostgreSQL on loopback.",
        f"- Load: {info['driver']}, {info['connections']} connections, {info['seconds']} s"
        f" per page after a warm-up, every request sending"
        f" `Accept-Encoding: {info.get('accept_encoding') or '(none)'}` as a browser does;"
        " queries and body bytes measured separately with Django's"
        " test client. Every ratio divides by the floor (`/bench/floor`, a constant response"
        " through every middleware, never cached) measured on the same server.",
        "- Seeding: "
        + ", ".join(
            f"scale {s} in {v:.0f} s" if v is not None else f"scale {s} reused"
            for s, v in data["seed_seconds"].items()
        )
        + ".",
        (
            f"- Before: figures from {was} ({before['source']}), where it had the page;"
            " compare ratios, not requests per second (see the notes)."
            if before.get("source")
            else "- Before: no earlier report was found."
        ),
        "",
    ]

    # 1. The default configuration.
    floor_default = default["floor"]["rps"]
    lines += [
        f"## Default configuration, warm pages (scale {big:g}; floor {floor_default:.0f} req/s)",
        "",
        "The server's environment sets no cache setting at all (neither `CACHE_URL` nor"
        f" `PAGE_CACHE_SECONDS`): {cache_line(default['config'])}. Ratio before: the warm"
        " page cache of the previous report.",
        "",
        "| page | from the page cache | req/s | ratio to floor | ratio before | p50 ms |"
        " p95 ms | p99 ms | errors |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, r in default["pages"].items():
        if why.get(name):
            served = f"no: {why[name]}"
        elif r["cache"] == "hit":
            served = "yes"
        else:
            served = f"**no** (the server said {r['cache'] or 'nothing'})"
        lines.append(
            f"| {name} | {served} | {r['rps']:.0f} | {r['rps'] / floor_default:.2f} |"
            f" {fmt(before['cached'].get(name, {}).get('ratio'))} | {r['p50_ms']:.1f} |"
            f" {r['p95_ms']:.1f} | {r['p99_ms']:.1f} | {r['errors']} |"
        )
    other = probe["other_urls"]
    other_why = probe["other_not_cached_because"]
    lines += [
        "",
        "Not served from the page cache (anonymous GETs), and why:",
        "",
    ]
    for name, url in [*urls.items(), *other.items()]:
        reason = why.get(name) if name in urls else other_why[name]
        if reason:
            lines.append(f"- {name} (`{url}`): {reason}.")
    served = [f"{n} (`{u}`)" for n, u in other.items() if other_why[n] is None]
    if served:
        lines += ["", f"Also served from the page cache (not loaded above): {', '.join(served)}."]

    # 2. Redis.
    lines += ["", f"## Redis, warm pages (scale {big:g})", ""]
    if "skipped" in redis:
        lines.append(f"Skipped: {redis['skipped']}.")
    else:
        floor_redis = redis["floor"]["rps"]
        lines += [
            f"Floor {floor_redis:.0f} req/s. `CACHE_URL` set: {cache_line(redis['config'])}.",
            "",
            "| page | from the page cache | req/s | ratio to floor | p50 ms | p95 ms | p99 ms |"
            " errors |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for name, r in redis["pages"].items():
            lines.append(
                f"| {name} | {'yes' if r['cache'] == 'hit' else '**no**'} | {r['rps']:.0f} |"
                f" {r['rps'] / floor_redis:.2f} | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} |"
                f" {r['p99_ms']:.1f} | {r['errors']} |"
            )

    # 3. Mixed traffic.
    mix, settings, publisher = mixed["mix"], mixed["settings"], mixed["publisher"]
    floor_mix = mixed["floor"]["rps"]
    mix_ratio = mix["rps"] / floor_mix
    counted = "hits" in mix
    answered = sum(mix.get(k, 0) for k in ("hits", "misses", "other")) or 1
    lines += [
        "",
        f"## Mixed traffic, default configuration (scale {big:g}; floor {floor_mix:.0f} req/s,"
        " measured just before)",
        "",
        f"For {settings['seconds']} s, {1 - settings['tail']:.0%} of requests went to"
        f" {len(settings['popular'])} popular pages (every page listed above that the page"
        f" cache serves) and {settings['tail']:.0%}"
        " to a long tail of distinct search and filter URLs: `/directory/?q=<word>&page=<1-5>`"
        " (half with `&sector=<slug>`), `/spaces/?area=<slug>&desks=<1-40>&max_price=<…>` and"
        f" `/search/?q=<word>+<word>`, drawn from {settings['words']} words of the"
        f" organisations' summaries, {settings['areas']} areas and {settings['sectors']}"
        f" sectors (about {settings['distinct_tail_urls']:,} distinct URLs). Meanwhile a"
        f" process saved a published key fact or organisation through the ORM every"
        f" {publisher['every_s']:g} s: {publisher['publishes']} publishes, of which"
        f" {publisher['moved']} moved the page cache to a new generation (median save"
        f" {fmt(publisher.get('save_ms_median'), '.1f')} ms)"
        + (f"; **{publisher['error']}**." if publisher.get("error") else "."),
        "",
        "| req/s | ratio to floor | p50 ms | p95 ms | p99 ms | errors | from the page cache |"
        " rendered and stored | rendered, not stored |",
        "|---|---|---|---|---|---|---|---|---|",
        f"| {mix['rps']:.0f} | {mix_ratio:.2f} | {mix['p50_ms']:.1f} | {mix['p95_ms']:.1f} |"
        f" {mix['p99_ms']:.1f} | {mix['errors']} |"
        + (
            f" {mix['hits'] / answered:.0%} | {mix['misses'] / answered:.0%} |"
            f" {mix['other'] / answered:.0%} |"
            if counted
            else " – | – | – |"
        ),
    ]

    # 4. Every page uncached.
    lines += [
        "",
        f"## Every page uncached (PAGE_CACHE_SECONDS=0; floor: {floor:.0f} req/s at scale"
        f" {big:g}, {off_small['floor']['rps']:.0f} at scale {small:g})",
        "",
        f"Cache: {cache_line(off_big['config'])}. Ratio and p95 before: the uncached pages"
        " of the previous report.",
        "",
        "| page | req/s | ratio to floor | ratio before | p50 ms | p95 ms | p95 before |"
        f" p99 ms | errors | bytes | queries | p95 at {small:g} | growth |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, url in urls.items():
        r, rs = off_big["pages"][name], off_small["pages"][name]
        q = probe["pages"][name]
        was_then = before["uncached"].get(name, {})
        growth = r["p95_ms"] / rs["p95_ms"] if rs["p95_ms"] else 0
        lines.append(
            f"| {name} (`{url}`) | {r['rps']:.0f} | {r['rps'] / floor:.2f} |"
            f" {fmt(was_then.get('ratio'))} | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} |"
            f" {fmt(was_then.get('p95_ms'), '.1f')} | {r['p99_ms']:.1f} | {r['errors']} |"
            f" {q['body_bytes']:,} | {q['queries']} | {rs['p95_ms']:.1f} | {growth:.2f}× |"
        )

    # Targets.
    ratios_default = {n: default["pages"][n]["rps"] / floor_default for n in cacheable}
    worst_default = min(ratios_default, key=ratios_default.get)
    ratios = {n: off_big["pages"][n]["rps"] / floor for n in urls}
    worst = min(ratios, key=ratios.get)
    p95s = {n: off_big["pages"][n]["p95_ms"] for n in urls}
    slowest = max(p95s, key=p95s.get)
    growths = {
        n: off_big["pages"][n]["p95_ms"] / off_small["pages"][n]["p95_ms"]
        for n in urls
        if off_small["pages"][n]["p95_ms"]
    }
    grew = max(growths, key=growths.get)
    served_ok = [n for n in cacheable if default["pages"][n]["cache"] == "hit"]
    errors = sum(
        r["errors"]
        for run in runs.values()
        for r in [run.get("floor"), run.get("mix"), *run.get("pages", {}).values()]
        if r
    )
    sm, weight = probe["skills_map"], probe["directory_weight"]
    single = off_big["single"]
    t = TARGETS
    lines += [
        "",
        "## Targets at city scale",
        "",
        "| target | measured | met |",
        "|---|---|---|",
        f"| default configuration, warm: every page the page cache serves ≥"
        f" {t['ratio_default']} of floor | lowest {ratios_default[worst_default]:.2f}"
        f" ({worst_default}) | {ok(ratios_default[worst_default] >= t['ratio_default'])} |",
        f"| default configuration: every such page served from the page cache |"
        f" {len(served_ok)} of {len(cacheable)} | {ok(len(served_ok) == len(cacheable))} |",
        f"| mixed traffic ≥ {t['ratio_mixed']} of floor | {mix_ratio:.2f} |"
        f" {ok(mix_ratio >= t['ratio_mixed'])} |",
        f"| every page uncached ≥ {t['ratio_uncached']} of floor | lowest"
        f" {ratios[worst]:.2f} ({worst}) | {ok(ratios[worst] >= t['ratio_uncached'])} |",
        f"| p95 ≤ {t['p95_ms']} ms at {info['connections']} connections, uncached | highest"
        f" {p95s[slowest]:.1f} ms ({slowest}) | {ok(p95s[slowest] <= t['p95_ms'])} |",
        f"| growth ≤ {t['growth']}× (p95 uncached, scale {big:g} / scale {small:g}) | highest"
        f" {growths[grew]:.2f}× ({grew}) | {ok(growths[grew] <= t['growth'])} |",
        f"| no errors, in every run | {errors} | {ok(errors == 0)} |",
        f"| skills map at scale {big:g} (200,000 lines at 1) ≤ {t['skills_map_ms']} ms"
        f" uncached (in-process build, median of 7) | {sm['median_ms']:.1f} ms |"
        f" {ok(sm['median_ms'] <= t['skills_map_ms'])} |",
        f"| (information) rebuilding a round's skills-map summary at scale {big:g}, after"
        f" its data changed | {probe['skills_summary_rebuild_ms']:.0f} ms | – |",
        f"| site search p95 ≤ {t['search_single_p95_ms']} ms, one client, uncached |"
        f" {single['site search']['p95_ms']:.1f} ms (directory search:"
        f" {single['directory']['p95_ms']:.1f} ms) |"
        f" {ok(single['site search']['p95_ms'] <= t['search_single_p95_ms'])} |",
        f"| directory ≤ {t['directory_kb']} KB compressed (HTML gzip + CSS + JS) |"
        f" {weight['total'] / 1024:.1f} KB (HTML {weight['html'] / 1024:.1f} KB) |"
        f" {ok(weight['total'] / 1024 <= t['directory_kb'])} |",
    ]
    if "skipped" in redis:
        lines.append("| (information) Redis, warm pages | skipped | – |")
    else:
        low = min(redis["pages"], key=lambda n: redis["pages"][n]["rps"])
        lines.append(
            f"| (information) Redis, warm pages: lowest ratio to floor |"
            f" {redis['pages'][low]['rps'] / redis['floor']['rps']:.2f} ({low}) | – |"
        )
    lines.append("")
    notes = ROOT / "scripts" / "bench_notes.md"
    if notes.exists():  # how the figures come about, kept across re-runs
        lines += [notes.read_text().rstrip(), ""]
    return "\n".join(lines) + "\n"


def rerender():
    """`bench.py --render`: write docs/benchmarks.md again from bench-results.json, for when
    only scripts/bench_notes.md changed. The figures stay those of the recorded run."""
    data = json.loads(RESULTS.read_text())
    if data.get("version") != 2:
        raise SystemExit(f"{RESULTS.name} is from an older `make bench`; run it again.")
    OUT.write_text(render(data))
    say(f"Wrote {OUT.name} from {RESULTS.name} ({data['machine']['date']})")


if __name__ == "__main__":
    rerender() if sys.argv[1:] == ["--render"] else main()
