"""make two-instances: two gunicorn instances behind Debian's nginx on loopback, sharing
one PostgreSQL database and one Redis database, behave as one instance does:

- nginx spreads requests over both;
- CSRF: a form fetched from one instance is accepted by the other;
- sessions: the session written by one instance is read by the other (the "check your
  email" page after a submission, and a staff login);
- rate limits: the per-IP count is shared, so the 11th request in the hour is refused
  whichever instance takes it, and a forged X-Forwarded-For does not reset it;
- nothing stale: after staff withdraw an organisation on one instance, the other stops
  showing it at once, and the API's ETag changes on both (a client's cached copy is
  revalidated, If-None-Match gives 304 only while nothing changed);
- media served by nginx carries nosniff.

Uses a fresh database `<DATABASE_URL's name>_two` and Redis database TWO_INSTANCES_REDIS_DB
(default 7, flushed before and after). nginx runs from a config in a temp directory as a
foreground process on a free port; the system's nginx configuration is not touched. If
nginx is missing it is installed with apt-get (services are kept from starting).
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts.servers import (  # noqa: E402
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
REDIS_URL = f"redis://127.0.0.1:6379/{REDIS_DB}"
DEMO_LOGIN = ("demo", "tyne-bridge-demo")
RESULTS = []


def check(what, ok, detail=""):
    RESULTS.append(ok)
    print(f"  {'PASS' if ok else 'FAIL'}  {what}{f'  ({detail})' if detail else ''}", flush=True)


def ensure_nginx():
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else "")
    if found:
        return found
    print("==> installing nginx (Debian package)", flush=True)
    policy = Path("/usr/sbin/policy-rc.d")
    made_policy = not policy.exists()
    if made_policy:  # keep the package from starting the system service
        policy.write_text("#!/bin/sh\nexit 101\n")
        policy.chmod(0o755)
    try:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)  # noqa: S607
        subprocess.run(["apt-get", "install", "-y", "-qq", "nginx"], check=True, env=env)  # noqa: S607
    finally:
        if made_policy:
            policy.unlink()
    return shutil.which("nginx") or "/usr/sbin/nginx"


NGINX_CONF = """
worker_processes 1;
pid {tmp}/nginx.pid;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {tmp}/access.log;
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
        # In production media lives in object storage; served from disk it needs these.
        location /media/ {{
            alias {media}/;
            add_header X-Content-Type-Options nosniff always;
            add_header Content-Security-Policy "default-src 'none'; sandbox" always;
            add_header Cross-Origin-Resource-Policy same-origin always;
        }}
        location / {{
            proxy_pass http://portal;
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            add_header X-Upstream $upstream_addr always;
        }}
    }}
}}
"""


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
        for name, value in response_headers.items():
            if name.lower() == "set-cookie":
                key, _, val = value.split(";")[0].partition("=")
                self.cookies[key.strip()] = val
        return status, response_headers, content


def token(html):
    return re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1).decode()


def first_value(html, name, kind="option"):
    if kind == "option":
        select = re.search(rb'<select[^>]*name="' + name.encode() + rb'".*?</select>', html, re.S)
        return re.findall(rb'<option value="(\d+)"', select.group(0))[0].decode()
    return re.findall(rb'name="' + name.encode() + rb'" value="(\d+)"', html)[0].decode()


def flush_redis():
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


def main():
    nginx = ensure_nginx()
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/strategy_portal")
    print(f"==> two instances: fresh database beside {base.rsplit('/', 1)[-1]}", flush=True)
    database = fresh_database(base, "two")
    flush_redis()
    tmp = Path(tempfile.mkdtemp(prefix="portal-two-"))
    media = tmp / "media"
    (media / "logos").mkdir(parents=True)
    for path in (tmp, media, media / "logos"):
        path.chmod(0o755)  # nginx's workers run as nobody
    env = production_env(
        database,
        tmp / "static",
        CACHE_URL=REDIS_URL,
        RATELIMIT_ENABLED="true",
        TRUSTED_PROXY_HOPS=1,
        MEDIA_ROOT=media,
    )
    manage(env, "collectstatic", "--noinput")
    port = free_port()
    with (
        Gunicorn(env, workers=1, threads=4, log=tmp / "a.log") as a,
        Gunicorn(env, workers=1, threads=4, log=tmp / "b.log") as b,
    ):
        conf = tmp / "nginx.conf"
        conf.write_text(NGINX_CONF.format(tmp=tmp, a=a.port, b=b.port, port=port, media=media))
        proxy = subprocess.Popen(  # noqa: S603
            [
                nginx,
                "-p",
                str(tmp),
                "-c",
                str(conf),
                "-e",
                str(tmp / "error.log"),
                "-g",
                "daemon off;",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until_up(port)
            print(
                f"==> nginx 127.0.0.1:{port} -> gunicorn 127.0.0.1:{a.port} and "
                f"127.0.0.1:{b.port}; PostgreSQL {database.rsplit('/', 1)[-1]}; {REDIS_URL}",
                flush=True,
            )
            run_checks(port, a.port, b.port, media, database)
        finally:
            proxy.terminate()
            proxy.wait(timeout=10)
    flush_redis()
    passed = sum(RESULTS)
    print(f"two instances: {passed} passed, {len(RESULTS) - passed} failed")
    return 0 if all(RESULTS) else 1


def run_checks(port, a, b, media, database):
    upstreams = {request(port, "GET", "/healthz")[1].get("X-Upstream") for _ in range(6)}
    check(
        "nginx spreads requests over both instances",
        len(upstreams) == 2,
        ", ".join(sorted(str(u) for u in upstreams)),
    )

    # CSRF and sessions: form from A, posted to B, the confirmation page read on A.
    browser = Browser()
    _, _, html = browser.go(a, "GET", "/directory/add/")
    email = f"two-{int(time.time())}@example.org"
    form = {
        "csrfmiddlewaretoken": token(html),
        "name": f"Two Instances {int(time.time())} Ltd",
        "kind": "startup",
        "summary": "Checking two instances.",
        "sectors": first_value(html, "sectors", "checkbox"),
        "area": first_value(html, "area"),
        "employee_band": "1-9",
        "contact_name": "Two Tester",
        "contact_email": email,
        "consent": "on",
        "homepage": "",
    }
    status, headers, _ = browser.go(b, "POST", "/directory/add/", form)
    check("CSRF: a form from instance A is accepted by instance B", status == 302, f"{status}")
    status, _, html = browser.go(
        a, "GET", headers.get("Location", "/directory/add/check-your-email/")
    )
    check(
        "sessions: the session B wrote is read by A",
        status == 200 and email.encode() in html,
        f"{status}",
    )
    rows = query(
        database, "SELECT count(*) FROM profile_organisation WHERE contact_email = %s", [email]
    )[0][0]
    check("the submission was stored once", rows == 1, f"{rows} row(s)")
    forged = Browser()
    forged.cookies = {}
    status, _, _ = forged.go(
        b, "POST", "/directory/add/", {**form, "contact_email": "x@example.org"}
    )
    check(
        "CSRF is still enforced: the same form without its cookie is refused",
        status == 403,
        f"{status}",
    )

    # Staff login on A, used on B.
    staff = Browser()
    _, _, html = staff.go(a, "GET", "/admin/login/?next=/admin/")
    status, _, _ = staff.go(
        a,
        "POST",
        "/admin/login/?next=/admin/",
        {
            "csrfmiddlewaretoken": token(html),
            "username": DEMO_LOGIN[0],
            "password": DEMO_LOGIN[1],
            "next": "/admin/",
        },
    )
    status_b, _, html_b = staff.go(b, "GET", "/admin/")
    check(
        "sessions: a staff login on A is valid on B",
        status == 302 and status_b == 200 and b"Moderation dashboard" in html_b,
        f"login {status}, B {status_b}",
    )

    # Nothing stale: ETag equal on both, 304 while unchanged, a change on B shows on A.
    # Direct requests carry the Host that nginx passes on, as they would behind it: the API
    # writes absolute links, so the Host is part of the body and of the ETag.
    api = "/api/v1/organisations/"
    host = {"Host": f"127.0.0.1:{port}"}
    sa, ha, _ = request(a, "GET", api, headers=host)
    sb, hb, _ = request(b, "GET", api, headers=host)
    etag = ha.get("ETag")
    check(
        "API: both instances give the same ETag",
        sa == sb == 200 and etag and etag == hb.get("ETag"),
        f"{etag}",
    )
    status = request(b, "GET", api, headers={**host, "If-None-Match": etag})[0]
    check("API: If-None-Match with A's ETag gives 304 on B", status == 304, f"{status}")
    pk, slug = query(
        database,
        "SELECT id, slug FROM profile_organisation WHERE status = 'published' ORDER BY id LIMIT 1",
    )[0]
    before = request(a, "GET", f"/directory/{slug}/")[0]
    _, _, html = staff.go(b, "GET", "/admin/profile/organisation/")
    status, _, _ = staff.go(
        b,
        "POST",
        "/admin/profile/organisation/",
        {
            "csrfmiddlewaretoken": token(html),
            "action": "archive_selected",
            "_selected_action": str(pk),
            "index": "0",
        },
    )
    after = request(a, "GET", f"/directory/{slug}/")[0]
    check(
        "a withdrawal on B is seen on A at once",
        before == 200 and status == 302 and after == 404,
        f"page {before} -> {after}",
    )
    sa, ha, _ = request(a, "GET", api, headers={**host, "If-None-Match": etag})
    sb, hb, _ = request(b, "GET", api, headers={**host, "If-None-Match": etag})
    check(
        "API: the old ETag no longer matches on either instance",
        sa == sb == 200 and ha.get("ETag") == hb.get("ETag") != etag,
        f"{sa}/{sb}",
    )

    # Rate limits: /manage/ allows 10 POSTs per IP per hour, counted in Redis.
    client = Browser()
    _, _, html = client.go(port, "GET", "/manage/")
    form = {"csrfmiddlewaretoken": token(html), "email": "someone@example.org", "homepage": ""}
    served = []
    statuses = []
    for _ in range(10):
        status, headers, _ = client.go(port, "POST", "/manage/", form)
        statuses.append(status)
        served.append(headers.get("X-Upstream"))
    check(
        "rate limit: 10 requests through nginx, spread over both, all accepted",
        set(statuses) == {302} and len(set(served)) == 2,
        f"{statuses}",
    )
    over = [client.go(port, "POST", "/manage/", form)[0] for _ in range(2)]
    check(
        "rate limit: the 11th and 12th are refused with 429, whichever instance",
        over == [429, 429],
        f"{over}",
    )
    status = client.go(port, "POST", "/manage/", form, headers={"X-Forwarded-For": "203.0.113.77"})[
        0
    ]
    check("rate limit: a forged X-Forwarded-For does not get round it", status == 429, f"{status}")
    status = client.go(a, "POST", "/manage/", form)[0]
    check("rate limit: the count is shared with a direct request to A", status == 429, f"{status}")

    # Media through nginx.
    (media / "logos" / "x.png").write_bytes(b"<html><script>alert(1)</script></html>")
    status, headers, _ = request(port, "GET", "/media/logos/x.png")
    check(
        "media from nginx: nosniff, sandboxing CSP, image type",
        status == 200
        and headers.get("X-Content-Type-Options") == "nosniff"
        and headers.get("Content-Type") == "image/png"
        and "sandbox" in headers.get("Content-Security-Policy", ""),
        f"{status} {headers.get('Content-Type')}",
    )


if __name__ == "__main__":
    sys.exit(main())
