"""Run the portal as production does, on loopback, for the soak, the two-instance check
and the fault tests: gunicorn with DEBUG off, collected static files, real PostgreSQL.

Only 127.0.0.1 is ever contacted.
"""

import contextlib
import http.client
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
PYTHON = str(VENV_BIN / "python") if (VENV_BIN / "python").exists() else sys.executable


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(database_url, static_root, **extra):
    """Environment for a production-like server on plain http on loopback."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        # Plain http on loopback: no __Host- cookies (they need https), no redirect.
        "SECURE_COOKIES": "false",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "STATIC_ROOT": str(static_root),
        "STATIC_COMPRESS": "false",
        "EMAIL_URL": "dummymail://",
        # Test servers never reach third parties: no postcode lookups, no map tiles.
        "GEOCODER_URL": "",
        "KEPT_UPLOADS_ROOT": str(Path(static_root).parent / "kept-uploads"),
        "TASKS_BACKEND": "immediate",
        "PYTHONUNBUFFERED": "1",
    }
    env.update({key: str(value) for key, value in extra.items()})
    return env


def manage(env, *args, quiet=True):
    subprocess.run(  # noqa: S603
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL if quiet else None,
    )


def request(port, method, path, *, body=None, headers=None, timeout=30):
    """One HTTP request to 127.0.0.1:port: (status, headers, body bytes). The headers are
    an email.message.Message: case-insensitive, and get_all() gives every Set-Cookie."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.msg, response.read()
    finally:
        conn.close()


def wait_until_up(port, path="/healthz", timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            status, _, _ = request(port, "GET", path, timeout=5)
            if status < 500:
                return
        time.sleep(0.2)
    raise RuntimeError(f"nothing answered on 127.0.0.1:{port} within {timeout}s")


class Gunicorn:
    """A gunicorn process on 127.0.0.1, stopped on exit."""

    def __init__(self, env, *, port=None, workers=2, threads=4, log=None):
        self.env, self.port = env, port or free_port()
        self.workers, self.threads = workers, threads
        self.log = log
        self.process = None

    def __enter__(self):
        out = open(self.log, "ab") if self.log else subprocess.DEVNULL  # noqa: SIM115
        self.process = subprocess.Popen(  # noqa: S603
            [
                str(VENV_BIN / "gunicorn"),
                "strategy_portal.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--threads",
                str(self.threads),
                "--timeout",
                "60",
                "--graceful-timeout",
                "5",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            wait_until_up(self.port)
        except Exception:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def database_name(database_url):
    return urlsplit(database_url).path.lstrip("/")


def admin_connection(database_url):
    import psycopg2

    parts = urlsplit(database_url)
    conn = psycopg2.connect(
        dbname="postgres",
        user=parts.username or None,
        password=parts.password or None,
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
        connect_timeout=5,
    )
    conn.autocommit = True
    return conn


def fresh_database(database_url, suffix):
    """A new, empty database beside DATABASE_URL's (same server), migrated and loaded
    with the demo data. Returns its URL. Only that database is dropped and made anew."""
    parts = urlsplit(database_url)
    name = f"{database_name(database_url)}_{suffix}"
    url = parts._replace(path="/" + name).geturl()
    conn = admin_connection(database_url)
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cur.execute(f'CREATE DATABASE "{name}"')
    conn.close()
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "true"}
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo_data")
    return url


def query(database_url, sql, params=()):
    import psycopg2

    conn = psycopg2.connect(database_url.replace("postgres://", "postgresql://", 1))
    try:
        with conn.cursor() as cur:
            cur.execute(sql, params)
            return cur.fetchall()
    finally:
        conn.close()
