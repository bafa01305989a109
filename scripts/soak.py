"""make soak: mixed browsing and form submissions against gunicorn on loopback, then
check that every accepted submission is in the database, once.

    SOAK_SECONDS (60, at most 600)   how long the clients run
    SOAK_CLIENTS (16, at most 64)    concurrent clients (threads)

Production-like: DEBUG off, collected static files (without precompression), gunicorn
with 2 workers x 8 threads, a fresh database `<DATABASE_URL's name>_soak` on the same
PostgreSQL server, migrated and loaded with the demo data. Cookies are not `__Host-`
because this is plain http. Rate limits are OFF (RATELIMIT_ENABLED=false and a huge
API_ANON_RATE): all 16 clients come from 127.0.0.1, and the limits are proven on
their own in the tests and in scripts/two_instances.py.

Prints the figures; exits non-zero on any 5xx, any connection error, any refused
submission, or if rows found differ from submissions accepted.
"""

import collections
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts.servers import (  # noqa: E402
    Gunicorn,
    fresh_database,
    manage,
    production_env,
    query,
    request,
)

SECONDS = int(os.environ.get("SOAK_SECONDS", "60"))
CLIENTS = int(os.environ.get("SOAK_CLIENTS", "16"))
# Bounded, so a typo cannot turn the soak into a long or heavy load on a shared machine.
MAX_SECONDS, MAX_CLIENTS = 600, 64
RUN = f"{int(time.time())}"
BROWSE_SHARE = 0.7

# Submission kinds: form page, how to fill it, and the table/column where a row lands.
TABLES = {
    "directory": ("profile_organisation", "contact_email"),
    "funding": ("funding_enquiry", "contact_email"),
    "space enquiry": ("place_enquiry", "email"),
    "space need": ("place_spaceneed", "contact_email"),
}


class Client:
    """One browser: its own cookies, plain http.client, one request at a time."""

    def __init__(self, port, stats):
        self.port, self.stats, self.cookies = port, stats, {}

    def go(self, method, path, form=None):
        headers = {"User-Agent": "portal-soak"}
        body = None
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if form is not None:
            body = urlencode(form, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        started = time.monotonic()
        try:
            status, response_headers, content = request(
                self.port, method, path, body=body, headers=headers
            )
        except OSError as exc:
            self.stats.error(f"{method} {path}: {exc!r}")
            return None, b""
        self.stats.response(status, time.monotonic() - started, f"{method} {path}")
        for cookie in response_headers.get_all("Set-Cookie") or ():
            name, _, value = cookie.split(";")[0].partition("=")
            self.cookies[name.strip()] = value
        return status, content


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.statuses = collections.Counter()
        self.latencies = []
        self.errors = []
        self.server_errors = []
        self.accepted = collections.defaultdict(set)
        self.refused = []

    def response(self, status, seconds, what):
        with self.lock:
            self.statuses[status] += 1
            self.latencies.append(seconds)
            if status >= 500:
                self.server_errors.append(f"{status} {what}")

    def error(self, what):
        with self.lock:
            self.errors.append(what)


def token(html):
    found = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    return found.group(1).decode() if found else ""


def first_value(html, name, kind="option"):
    if kind == "option":
        select = re.search(rb'<select[^>]*name="' + name.encode() + rb'".*?</select>', html, re.S)
        values = re.findall(rb'<option value="(\d+)"', select.group(0)) if select else []
    else:
        values = re.findall(rb'name="' + name.encode() + rb'" value="(\d+)"', html)
    return values[0].decode() if values else ""


def discover(port):
    """Pages to browse and live space pages to enquire about, from the site's own links."""
    seed = Client(port, Stats())
    pages = {
        "/",
        "/directory/",
        "/spaces/",
        "/skills/",
        "/skills/courses/",
        "/funding/",
        "/stories/",
        "/stories/feed/",
        "/brand/",
        "/data/",
        "/search/?q=tyne",
        "/directory/?sectors=1&hiring=on",
        "/spaces/?desks=4&sort=price",
        "/spaces/map.geojson",
        "/api/v1/",
        "/about/",
        "/privacy/",
        "/sitemap.xml",
        "/healthz",
    }
    links = set()
    for index in ("/", "/directory/", "/spaces/", "/stories/", "/funding/", "/data/"):
        _, html = seed.go("GET", index)
        links |= {m.decode() for m in re.findall(rb'href="(/[^"#?]*)"', html)}
    spaces = sorted(
        link
        for link in links
        if re.fullmatch(r"/spaces/[-a-z0-9]+/", link)
        and link.split("/")[2] not in ("add", "needs", "building")
    )
    detail = re.compile(r"/(directory|stories|funding|spaces/building)/[-a-z0-9]+/")
    pages |= {link for link in links if detail.fullmatch(link) and not link.endswith("/add/")}
    pages |= {link for link in links if link.startswith("/static/")}
    pages |= set(spaces)
    return sorted(pages), spaces


def submit(client, kind, email, n, spaces, rng):
    if kind == "directory":
        status, html = client.go("GET", "/directory/add/")
        form = {
            "name": f"Soak Testing {RUN} {email.split('@')[0][-8:]} Ltd",
            "kind": "startup",
            "summary": "Load testing the portal.",
            "description": "Made by make soak.",
            "sectors": first_value(html, "sectors", "checkbox"),
            "area": first_value(html, "area"),
            "employee_band": "1-9",
            "founded_year": "2021",
            "website": "https://soak.example.org",
            "contact_name": "Soak Tester",
            "contact_email": email,
            "consent": "on",
        }
        path = "/directory/add/"
    elif kind == "funding":
        status, html = client.go("GET", "/funding/ask/")
        form = {
            "organisation_name": f"Soak Enquirer {n}",
            "need": "A loan to hire two developers.",
            "amount": str(rng.randint(1000, 500000)),
            "stage": "",
            "contact_name": "Soak Tester",
            "contact_email": email,
            "consent": "on",
        }
        path = "/funding/ask/"
    elif kind == "space enquiry":
        path = rng.choice(spaces)
        status, html = client.go("GET", path)
        form = {
            "name": "Soak Tester",
            "email": email,
            "organisation_name": "Soak Ltd",
            "phone": "0191 000 0000",
            "desks": "4",
            "message": "Is this space still available?",
        }
    else:
        status, html = client.go("GET", "/spaces/needs/add/")
        form = {
            "organisation_name": f"Soak Seeker {n}",
            "desks_min": "2",
            "desks_max": "6",
            "kind": "",
            "notes": "Near the Metro.",
            "contact_name": "Soak Tester",
            "contact_email": email,
            "consent": "on",
        }
        path = "/spaces/needs/add/"
    if status != 200:
        return None
    form["csrfmiddlewaretoken"] = token(html)
    form["homepage"] = ""
    status, html = client.go("POST", path, form)
    return status, html


def run_client(number, port, pages, spaces, stats, deadline):
    try:
        browse_and_submit(number, port, pages, spaces, stats, deadline)
    except Exception as exc:  # noqa: BLE001 - counted as an error, the soak goes on
        stats.error(f"client {number} stopped: {type(exc).__name__}: {exc}")


def browse_and_submit(number, port, pages, spaces, stats, deadline):
    rng = random.Random(number)  # noqa: S311 - load mix, not security
    client = Client(port, stats)
    n = 0
    while time.monotonic() < deadline:
        if rng.random() < BROWSE_SHARE:
            client.go("GET", rng.choice(pages))
            continue
        n += 1
        kind = rng.choice(list(TABLES))
        email = f"soak-{RUN}-{number}-{n}@example.org"
        result = submit(client, kind, email, f"{number}-{n}", spaces, rng)
        if result is None:
            continue
        status, html = result
        if status == 302:
            with stats.lock:
                stats.accepted[kind].add(email)
        else:
            errors = re.findall(rb'class="error-message"[^>]*>(.*?)<', html, re.S)[:3]
            with stats.lock:
                stats.refused.append(f"{kind} {status} {errors}")


def main():
    if not (1 <= SECONDS <= MAX_SECONDS and 1 <= CLIENTS <= MAX_CLIENTS):
        print(f"soak: SOAK_SECONDS must be 1-{MAX_SECONDS} and SOAK_CLIENTS 1-{MAX_CLIENTS}")
        return 2
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/strategy_portal")
    print(f"==> soak: preparing a fresh database beside {base.rsplit('/', 1)[-1]}", flush=True)
    database = fresh_database(base, "soak")
    workdir = Path(tempfile.mkdtemp(prefix="portal-soak-"))
    env = production_env(
        database,
        workdir / "static",
        MEDIA_ROOT=workdir / "media",
        RATELIMIT_ENABLED="false",
        API_ANON_RATE="1000000/minute",
        CONN_MAX_AGE=60,
    )
    manage(env, "collectstatic", "--noinput")
    with Gunicorn(env, workers=2, threads=8, log=workdir / "gunicorn.log") as server:
        pages, spaces = discover(server.port)
        if not spaces:
            print("soak: FAIL (the demo data has no live spaces to enquire about)")
            return 1
        print(
            f"==> soak: {CLIENTS} clients for {SECONDS}s against gunicorn on "
            f"127.0.0.1:{server.port} ({len(pages)} pages, 4 kinds of submission)",
            flush=True,
        )
        stats = Stats()
        started = time.monotonic()
        deadline = started + SECONDS
        threads = [
            threading.Thread(
                target=run_client, args=(i, server.port, pages, spaces, stats, deadline)
            )
            for i in range(CLIENTS)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started

    found = {}
    for kind, (table, column) in TABLES.items():
        rows = query(
            database,
            f"SELECT {column} FROM {table} WHERE {column} LIKE %s",  # noqa: S608
            [f"soak-{RUN}-%"],
        )
        found[kind] = [row[0] for row in rows]

    total = sum(stats.statuses.values())
    accepted = sum(len(v) for v in stats.accepted.values())
    rows = sum(len(v) for v in found.values())
    lat = sorted(stats.latencies)
    print("\n==> soak results")
    print(f"duration: {elapsed:.1f} s, clients: {CLIENTS}")
    print(
        f"requests: {total} ({total / elapsed:.1f}/s), "
        f"by status: {dict(sorted(stats.statuses.items()))}"
    )
    print(
        f"latency: median {statistics.median(lat) * 1000:.0f} ms, "
        f"95th {lat[int(len(lat) * 0.95)] * 1000:.0f} ms, max {lat[-1] * 1000:.0f} ms"
    )
    print(f"5xx responses: {len(stats.server_errors)}; connection errors: {len(stats.errors)}")
    print(f"submissions refused: {len(stats.refused)}")
    ok = not stats.server_errors and not stats.errors and not stats.refused
    for kind in TABLES:
        sent, got = stats.accepted[kind], found[kind]
        same = sorted(sent) == sorted(got)
        ok &= same
        print(
            f"  {kind}: accepted {len(sent)}, rows found {len(got)}{'' if same else '  MISMATCH'}"
        )
    print(f"submissions accepted: {accepted}; rows found: {rows}")
    for line in (stats.server_errors + stats.errors + stats.refused)[:10]:
        print("  !", line)
    if accepted == 0:
        ok = False
        print("  ! no submission was accepted")
    if not ok:
        print(f"soak: FAIL (gunicorn's log is in {workdir})")
        return 1
    shutil.rmtree(workdir, ignore_errors=True)
    print("soak: PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
