"""make two-instances: two gunicorn instances behind Debian's nginx on loopback, sharing
one PostgreSQL database and one Redis database, behave as one instance does:

- nginx spreads requests over both;
- CSRF: a form fetched from one instance is accepted by the other;
- sessions: the session written by one instance is read by the other (the "check your
  email" page after a submission, and a staff sign-in with its second factor);
- rate limits: the per-address and per-email counts are shared, so the request over
  the limit is refused with Retry-After whichever instance takes it, and a forged
  X-Forwarded-For does not reset it;
- nothing stale: after staff withdraw an organisation on one instance, the other stops
  showing it at once, and the API's ETag changes on both (a client's cached copy is
  revalidated, If-None-Match gives 304 only while nothing changed);
- media served by nginx carries nosniff.

Staff sign in as real staff do. The script makes its own staff user (the Moderator role)
with an authenticator app: a TOTP device whose key only the script knows. It signs in
with the password on A, types the code the app would show now, and uses the admin on B.

Every check runs on its own: a check that fails, or raises, is reported with its reason
and the others still run; a check that needs what a failed one should have made is
reported as not run. Exits non-zero unless every check passed.

Uses a fresh database `<DATABASE_URL's name>_two` and Redis database TWO_INSTANCES_REDIS_DB
(default 7, flushed before and after) on 127.0.0.1:6379. If nothing answers there, a
redis-server of its own runs on a free port for the length of the check. nginx runs from
a config in a temp directory as a foreground process on a free port; the system's nginx
configuration is not touched. A missing nginx or redis-server is installed with apt-get
(services are kept from starting).
"""

import contextlib
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass
from email.message import Message
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts.servers import (  # noqa: E402
    ROOT,
    Gunicorn,
    free_port,
    fresh_database,
    manage,
    production_env,
    query,
    request,
    wait_until_up,
)

REDIS_DB = int(os.environ.get("TWO_INSTANCES_REDIS_DB", "7"))
STAFF_ROLE = "Moderator"  # withdraws organisations and sees the moderation dashboard


class NotRun(Exception):
    """A check needs what an earlier check should have made, and it did not."""


# The checks, in the order they run: (title, function taking the Run).
CHECKS = []


def check(title):
    def register(function):
        CHECKS.append((title, function))
        return function

    return register


@dataclass
class Page:
    status: int
    headers: Message
    body: bytes

    def token(self):
        found = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', self.body)
        if found is None:
            where = self.headers.get("Location")
            raise ValueError(
                f"no CSRF token in the page (status {self.status}"
                f"{f', redirect to {where}' if where else ''})"
            )
        return found.group(1).decode()


class Browser:
    """Cookies shared across whichever server a request goes to."""

    def __init__(self):
        self.cookies = {}

    def go(self, port, method, path, form=None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        status, response_headers, content = request(port, method, path, body=body, headers=headers)
        for value in response_headers.get_all("Set-Cookie") or ():
            key, _, val = value.split(";")[0].partition("=")
            self.cookies[key.strip()] = val
        return Page(status, response_headers, content)


def first_value(html, name, kind="option"):
    if kind == "option":
        select = re.search(rb'<select[^>]*name="' + name.encode() + rb'".*?</select>', html, re.S)
        values = re.findall(rb'<option value="(\d+)"', select.group(0)) if select else []
    else:
        values = re.findall(rb'name="' + name.encode() + rb'" value="(\d+)"', html)
    if not values:
        raise ValueError(f"the form offers no {name}")
    return values[0].decode()


def totp_code(key_hex):
    """The code an authenticator app holding this key shows now (django-otp's defaults:
    6 digits, 30-second steps), computed as the tests compute it."""
    from django_otp.oath import totp

    return f"{totp(bytes.fromhex(key_hex)):06d}"


@dataclass
class Staff:
    username: str
    password: str
    totp_key: str  # hex, as django-otp stores it


CREATE_STAFF = """
import os
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django_otp.plugins.otp_totp.models import TOTPDevice

user = get_user_model().objects.create_user(
    os.environ["TWO_STAFF_USERNAME"],
    email="two-instances@example.org",
    password=os.environ["TWO_STAFF_PASSWORD"],
    is_staff=True,
)
user.groups.set([Group.objects.get(name=os.environ["TWO_STAFF_ROLE"])])
TOTPDevice.objects.create(
    user=user, name="Authenticator app", key=os.environ["TWO_STAFF_KEY"], confirmed=True
)
"""


def create_staff(database):
    """A staff member with the Moderator role and a confirmed authenticator app."""
    staff = Staff(
        username=f"two-instances-{secrets.token_hex(3)}",
        password=secrets.token_urlsafe(16),
        totp_key=secrets.token_hex(20),
    )
    env = {
        **os.environ,
        "DATABASE_URL": database,
        "DEBUG": "true",
        "TWO_STAFF_USERNAME": staff.username,
        "TWO_STAFF_PASSWORD": staff.password,
        "TWO_STAFF_KEY": staff.totp_key,
        "TWO_STAFF_ROLE": STAFF_ROLE,
    }
    manage(env, "shell", "--no-imports", "-c", CREATE_STAFF)
    return staff


class Run:
    """What the checks share: the ports, the database, and what earlier checks made."""

    def __init__(self, *, port, a, b, media, database, staff):
        self.port, self.a, self.b = port, a, b
        self.media, self.database, self.staff = media, database, staff
        self.made = {}

    def keep(self, name, value):
        self.made[name] = value

    def need(self, name, because):
        if name not in self.made:
            raise NotRun(because)
        return self.made[name]


def run_checks(run):
    """Run every check, each guarded; print one line per check. Returns (passed, failed,
    not run) counts."""
    counts = {"PASS": 0, "FAIL": 0, "SKIP": 0}
    for title, function in CHECKS:
        try:
            ok, detail = function(run)
            outcome = "PASS" if ok else "FAIL"
        except NotRun as reason:
            outcome, detail = "SKIP", f"not run: {reason}"
        except Exception as exc:  # noqa: BLE001 - reported as this check's failure
            outcome, detail = "FAIL", f"{type(exc).__name__}: {exc}"
            where = traceback.extract_tb(exc.__traceback__)[-1]
            detail += f" at {Path(where.filename).name}:{where.lineno}"
        counts[outcome] += 1
        print(f"  {outcome}  {title}{f'  ({detail})' if detail else ''}", flush=True)
    return counts["PASS"], counts["FAIL"], counts["SKIP"]


@check("nginx spreads requests over both instances")
def spreads(run):
    upstreams = {request(run.port, "GET", "/healthz")[1].get("X-Upstream") for _ in range(6)}
    return len(upstreams) == 2, ", ".join(sorted(str(u) for u in upstreams))


# CSRF and sessions: form from A, posted to B, the confirmation page read on A.


@check("CSRF: a form from instance A is accepted by instance B")
def form_across(run):
    browser = Browser()
    page = browser.go(run.a, "GET", "/directory/add/")
    email = f"two-{int(time.time())}@example.org"
    form = {
        "csrfmiddlewaretoken": page.token(),
        "name": f"Two Instances {int(time.time())} Ltd",
        "kind": "startup",
        "summary": "Checking two instances.",
        "sectors": first_value(page.body, "sectors", "checkbox"),
        "area": first_value(page.body, "area"),
        "employee_band": "1-9",
        "contact_name": "Two Tester",
        "contact_email": email,
        "consent": "on",
        "homepage": "",
    }
    sent = browser.go(run.b, "POST", "/directory/add/", form)
    if sent.status == 302:
        run.keep("submission", (browser, form, sent.headers.get("Location")))
    return sent.status == 302, f"{sent.status}"


@check("sessions: the session B wrote is read by A")
def session_across(run):
    browser, form, location = run.need("submission", "the form was not accepted")
    page = browser.go(run.a, "GET", location or "/directory/add/check-your-email/")
    return page.status == 200 and form["contact_email"].encode() in page.body, f"{page.status}"


@check("the submission was stored once")
def stored_once(run):
    _, form, _ = run.need("submission", "the form was not accepted")
    rows = query(
        run.database,
        "SELECT count(*) FROM profile_organisation WHERE contact_email = %s",
        [form["contact_email"]],
    )[0][0]
    return rows == 1, f"{rows} row(s)"


@check("CSRF is still enforced: the same form without its cookie is refused")
def csrf_enforced(run):
    _, form, _ = run.need("submission", "there is no form from A to replay")
    page = Browser().go(run.b, "POST", "/directory/add/", {**form, "contact_email": "x@ex.org"})
    return page.status == 403, f"{page.status}"


# Staff sign-in: password on A, second factor, then the admin on B.


@check("staff: after the password on A, B asks for the second factor")
def password_step(run):
    staff = Browser()
    page = staff.go(run.a, "GET", "/admin/login/?next=/admin/")
    signed_in = staff.go(
        run.a,
        "POST",
        "/admin/login/?next=/admin/",
        {
            "csrfmiddlewaretoken": page.token(),
            "username": run.staff.username,
            "password": run.staff.password,
            "next": "/admin/",
        },
    )
    if signed_in.status != 302:
        return False, f"login answered {signed_in.status}, not a redirect"
    run.keep("password step", staff)
    asked = staff.go(run.b, "GET", "/admin/")
    where = asked.headers.get("Location", "")
    return asked.status == 302 and "/admin/two-factor/" in where, f"B {asked.status} {where}"


@check("staff: A accepts the code from the authenticator app")
def second_factor(run):
    staff = run.need("password step", "the password step failed")
    page = staff.go(run.a, "GET", "/admin/two-factor/?next=/admin/")
    code = totp_code(run.staff.totp_key)
    verified = staff.go(
        run.a,
        "POST",
        "/admin/two-factor/?next=/admin/",
        {"csrfmiddlewaretoken": page.token(), "token": code, "next": "/admin/"},
    )
    where = verified.headers.get("Location", "")
    if verified.status == 200:
        return False, "the code was refused (200)"
    if verified.status == 302 and where == "/admin/":
        run.keep("staff", staff)
        return True, f"302 {where}"
    return False, f"{verified.status} {where}".strip()


@check("sessions: the staff sign-in made on A is valid on B")
def staff_across(run):
    staff = run.need("staff", "the staff member could not sign in")
    page = staff.go(run.b, "GET", "/admin/")
    return page.status == 200 and b"Moderation dashboard" in page.body, f"B {page.status}"


# Nothing stale: ETag equal on both, 304 while unchanged, a change on B shows on A.
# Direct requests carry the Host that nginx passes on, as they would behind it: the API
# writes absolute links, so the Host is part of the body and of the ETag.
API = "/api/v1/organisations/"


def host(run):
    return {"Host": f"127.0.0.1:{run.port}"}


@check("API: both instances give the same ETag")
def same_etag(run):
    sa, ha, _ = request(run.a, "GET", API, headers=host(run))
    sb, hb, _ = request(run.b, "GET", API, headers=host(run))
    etag = ha.get("ETag")
    ok = sa == sb == 200 and bool(etag) and etag == hb.get("ETag")
    if ok:
        run.keep("etag", etag)
    return ok, f"{etag}"


@check("API: If-None-Match with A's ETag gives 304 on B")
def not_modified(run):
    etag = run.need("etag", "no ETag to send")
    status = request(run.b, "GET", API, headers={**host(run), "If-None-Match": etag})[0]
    return status == 304, f"{status}"


@check("a withdrawal on B is seen on A at once")
def withdrawal(run):
    staff = run.need("staff", "the staff member could not sign in")
    pk, slug = query(
        run.database,
        "SELECT id, slug FROM profile_organisation WHERE status = 'published' ORDER BY id LIMIT 1",
    )[0]
    before = request(run.a, "GET", f"/directory/{slug}/")[0]
    # Asked again: now from the shared page cache.
    run.keep("cached before", request(run.a, "GET", f"/directory/{slug}/")[1]["X-Page-Cache"])
    page = staff.go(run.b, "GET", "/admin/profile/organisation/")
    archived = staff.go(
        run.b,
        "POST",
        "/admin/profile/organisation/",
        {
            "csrfmiddlewaretoken": page.token(),
            "action": "archive_selected",
            "_selected_action": str(pk),
            "index": "0",
            # The answer on the confirmation page every bulk action shows first.
            "confirm": "1",
        },
    )
    after = request(run.a, "GET", f"/directory/{slug}/")[0]
    ok = before == 200 and archived.status == 302 and after == 404
    if ok:
        run.keep("withdrawn", slug)
    return ok, f"page {before} -> {after}, archive {archived.status}"


@check("page cache: a page cached on A is dropped by B's withdrawal (one shared generation)")
def cache_dropped(run):
    slug = run.need("withdrawn", "nothing was withdrawn")
    cached = run.need("cached before", "the page was not asked for twice")
    status, headers, _ = request(run.a, "GET", f"/directory/{slug}/")
    again = request(run.b, "GET", f"/directory/{slug}/")[0]
    ok = cached == "hit" and status == 404 and again == 404
    return ok, f"before: {cached}; after: A {status}, B {again}"


@check("API: the old ETag no longer matches on either instance")
def etag_changed(run):
    etag = run.need("etag", "no ETag to compare")
    run.need("withdrawn", "nothing was withdrawn")
    sa, ha, _ = request(run.a, "GET", API, headers={**host(run), "If-None-Match": etag})
    sb, hb, _ = request(run.b, "GET", API, headers={**host(run), "If-None-Match": etag})
    return sa == sb == 200 and ha.get("ETag") == hb.get("ETag") != etag, f"{sa}/{sb}"


# Rate limits: /manage/ accepts 30 requests per client address per hour, and 5 per email
# address (apps/core/views.py), counted in the shared cache; only accepted ones count.
ADDRESS_LIMIT, EMAIL_LIMIT = 30, 5


@check("rate limit: 30 requests through nginx, spread over both, all accepted")
def within_limit(run):
    client = Browser()
    token = client.go(run.port, "GET", "/manage/").token()
    served, statuses = [], []
    for n in range(ADDRESS_LIMIT):
        form = {"csrfmiddlewaretoken": token, "email": f"person{n}@example.org", "homepage": ""}
        sent = client.go(run.port, "POST", "/manage/", form)
        statuses.append(sent.status)
        served.append(sent.headers.get("X-Upstream"))
    form = {"csrfmiddlewaretoken": token, "email": "one-more@example.org", "homepage": ""}
    run.keep("rate limit", (client, form))
    return set(statuses) == {302} and len(set(served)) == 2, f"{statuses}"


@check("rate limit: the 31st and 32nd are refused with 429 and Retry-After, whichever instance")
def over_limit(run):
    client, form = run.need("rate limit", "the first 30 requests were not sent")
    over = [client.go(run.port, "POST", "/manage/", form) for _ in range(2)]
    statuses = [page.status for page in over]
    retry = [page.headers.get("Retry-After") for page in over]
    ok = statuses == [429, 429] and all(r and int(r) > 0 for r in retry)
    return ok, f"{statuses} Retry-After {retry}"


@check("rate limit: a forged X-Forwarded-For does not get round it")
def forged_address(run):
    client, form = run.need("rate limit", "the first 30 requests were not sent")
    forged = {"X-Forwarded-For": "203.0.113.77"}
    status = client.go(run.port, "POST", "/manage/", form, headers=forged).status
    return status == 429, f"{status}"


@check("rate limit: the count is shared with a direct request to A")
def shared_count(run):
    client, form = run.need("rate limit", "the first 30 requests were not sent")
    status = client.go(run.a, "POST", "/manage/", form).status
    return status == 429, f"{status}"


@check("rate limit: 5 per email address, counted across both instances")
def per_email(run):
    client = Browser()
    # From another client address (one nginx trusts to append), so the address limit
    # reached above does not apply.
    forwarded = {"X-Forwarded-For": "198.51.100.23"}
    page = client.go(run.a, "GET", "/manage/")
    form = {"csrfmiddlewaretoken": page.token(), "email": "same@example.org", "homepage": ""}
    ports = [run.a, run.b] * EMAIL_LIMIT
    statuses = [
        client.go(port, "POST", "/manage/", form, headers=forwarded).status
        for port in ports[: EMAIL_LIMIT + 1]
    ]
    return statuses == [302] * EMAIL_LIMIT + [429], f"{statuses}"


@check("media from nginx: nosniff, sandboxing CSP, image type")
def media(run):
    (run.media / "logos" / "x.png").write_bytes(b"<html><script>alert(1)</script></html>")
    status, headers, _ = request(run.port, "GET", "/media/logos/x.png")
    ok = (
        status == 200
        and headers.get("X-Content-Type-Options") == "nosniff"
        and headers.get("Content-Type") == "image/png"
        and "sandbox" in headers.get("Content-Security-Policy", "")
    )
    return ok, f"{status} {headers.get('Content-Type')}"


# Setting up: nginx, Redis, the database, two gunicorns.


def apt_install(package):
    """Install a Debian package without letting it start its service."""
    print(f"==> installing {package} (Debian package)", flush=True)
    if os.geteuid() != 0:
        raise RuntimeError(f"{package} is missing; install it (apt-get install {package})")
    policy = Path("/usr/sbin/policy-rc.d")
    made_policy = not policy.exists()
    if made_policy:
        policy.write_text("#!/bin/sh\nexit 101\n")
        policy.chmod(0o755)
    try:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        for command in (["update", "-qq"], ["install", "-y", "-qq", package]):
            done = subprocess.run(  # noqa: S603
                ["apt-get", *command],  # noqa: S607
                env=env,
                capture_output=True,
                text=True,
            )
            if done.returncode:
                raise RuntimeError(f"apt-get {' '.join(command)} failed:\n{done.stderr[-2000:]}")
    finally:
        if made_policy:
            policy.unlink()


def program(name):
    """Path to nginx or redis-server (Debian packages of the same name), installed if
    missing. nginx lives in /usr/sbin, which is not on every user's PATH."""
    for _ in range(2):
        found = shutil.which(name) or shutil.which(name, path="/usr/sbin:/usr/bin")
        if found:
            return found
        apt_install(name)
    raise RuntimeError(f"{name} is still missing after installing it")


def answers(port):
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=2):
        return True
    return False


def foreground(stack, command, *, log):
    """Start a child process, stopped when the stack closes."""
    out = stack.enter_context(open(log, "ab"))  # noqa: SIM115 - closed by the stack
    process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)  # noqa: S603

    def stop():
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    stack.callback(stop)
    return process


def redis_url(stack, tmp):
    """The shared Redis: the one on 127.0.0.1:6379 when it answers, else our own."""
    if answers(6379):
        return f"redis://127.0.0.1:6379/{REDIS_DB}"
    port = free_port()
    print(f"==> nothing answers on 127.0.0.1:6379: starting redis-server on {port}", flush=True)
    foreground(
        stack,
        [
            program("redis-server"),
            "--bind",
            "127.0.0.1",
            "--port",
            str(port),
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp),
        ],
        log=tmp / "redis.log",
    )
    deadline = time.monotonic() + 10
    while not answers(port):
        if time.monotonic() > deadline:
            raise RuntimeError(f"redis-server did not start; see {tmp / 'redis.log'}")
        time.sleep(0.1)
    return f"redis://127.0.0.1:{port}/{REDIS_DB}"


def flush_redis(url):
    import redis

    redis.Redis.from_url(url).flushdb()


NGINX_CONF = """
worker_processes 1;
pid {tmp}/nginx.pid;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    # The path without its query string ($uri, not $request), and no referrer: an
    # emailed link's token travels in the query string (/link/?t=...).
    log_format portal '$remote_addr [$time_local] "$request_method $uri $server_protocol" '
                      '$status $body_bytes_sent $request_time "$http_user_agent"';
    access_log {tmp}/access.log portal;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    client_max_body_size 12m;
    upstream portal {{
        server 127.0.0.1:{a};
        server 127.0.0.1:{b};
    }}
    server {{
        listen 127.0.0.1:{port};
        server_name _;
        # Which instance answered, for the spread check (location / inherits it).
        add_header X-Upstream $upstream_addr always;
        # The documented locations (docs/deploy/portal-locations.conf), media path ours.
        include {tmp}/portal-locations.conf;
    }}
}}
"""


LOCATIONS = ROOT / "docs" / "deploy" / "portal-locations.conf"


def documented_locations(media):
    """The nginx locations exactly as documented, serving media from `media`."""
    text = LOCATIONS.read_text()
    if "/srv/portal/media/" not in text:
        raise RuntimeError(f"{LOCATIONS} no longer serves /srv/portal/media/")
    return text.replace("/srv/portal/media/", f"{media}/")


def serve_and_check(stack, tmp, *, use_redis):
    """Two instances behind nginx, sharing Redis (use_redis) or, as with no cache settings
    at all, the database cache in the same PostgreSQL."""
    nginx = program("nginx")
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/strategy_portal")
    print(f"==> two instances: fresh database beside {base.rsplit('/', 1)[-1]}", flush=True)
    database = fresh_database(base, "two")
    staff = create_staff(database)
    cache = {}
    if use_redis:
        redis = redis_url(stack, tmp)
        flush_redis(redis)
        stack.callback(flush_redis, redis)
        cache = {"CACHE_URL": redis}
    media = tmp / "media"
    (media / "logos").mkdir(parents=True)
    for path in (tmp, media, media / "logos"):
        path.chmod(0o755)  # nginx's workers run as nobody
    env = production_env(
        database,
        tmp / "static",
        **cache,
        RATELIMIT_ENABLED="true",
        TRUSTED_PROXY_HOPS=1,
        MEDIA_ROOT=media,
    )
    manage(env, "collectstatic", "--noinput")
    a = stack.enter_context(Gunicorn(env, workers=1, threads=4, log=tmp / "a.log"))
    b = stack.enter_context(Gunicorn(env, workers=1, threads=4, log=tmp / "b.log"))
    port = free_port()
    conf = tmp / "nginx.conf"
    conf.write_text(NGINX_CONF.format(tmp=tmp, a=a.port, b=b.port, port=port, media=media))
    (tmp / "portal-locations.conf").write_text(documented_locations(media))
    foreground(
        stack,
        [nginx, "-p", str(tmp), "-c", str(conf), "-e", str(tmp / "error.log"), "-g", "daemon off;"],
        log=tmp / "nginx.out",
    )
    wait_until_up(port)
    print(
        f"==> nginx 127.0.0.1:{port} -> gunicorn 127.0.0.1:{a.port} and "
        f"127.0.0.1:{b.port}; PostgreSQL {database.rsplit('/', 1)[-1]}; "
        f"{cache.get('CACHE_URL', 'the database cache')}; "
        f"staff {staff.username} ({STAFF_ROLE}, with an authenticator app)",
        flush=True,
    )
    run = Run(port=port, a=a.port, b=b.port, media=media, database=database, staff=staff)
    return run_checks(run)


def main():
    # Every check twice: with Redis, and with no cache settings at all (the default
    # database cache), since either may be what production runs.
    totals = [0, 0, 0]
    for use_redis in (True, False):
        tmp = Path(tempfile.mkdtemp(prefix="portal-two-"))
        label = "Redis" if use_redis else "the default database cache"
        print(f"==> two instances sharing {label}", flush=True)
        try:
            with contextlib.ExitStack() as stack:
                counts = serve_and_check(stack, tmp, use_redis=use_redis)
        except Exception:  # noqa: BLE001 - a setup failure is reported, not a crash
            traceback.print_exc()
            print(f"two instances: stopped by an error outside the checks; logs in {tmp}")
            return 1
        totals = [t + c for t, c in zip(totals, counts, strict=True)]
        if counts[1] or counts[2]:
            print(f"logs (gunicorn a.log and b.log, nginx error.log) in {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    passed, failed, not_run = totals
    print(f"two instances: {passed} passed, {failed} failed, {not_run} not run")
    return 1 if failed or not_run else 0


if __name__ == "__main__":
    sys.exit(main())
