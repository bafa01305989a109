"""gunicorn's settings for the portal. gunicorn reads this file from the working
directory, so `gunicorn strategy_portal.wsgi` in the repository uses it; options given on
the command line win. Every value can be set from the environment."""

import gc
import logging
import multiprocessing
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from apps.core.security.logging import RedactSecretsFilter


def _int(name, default):
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


# Sync workers: the portal's pages are short and database-bound. WEB_CONCURRENCY is the
# convention most platforms set.
workers = _int("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1)
threads = _int("GUNICORN_THREADS", 1)
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Off by default: replacing a worker reloads Django, and at cached-page rates a limit of
# a few thousand requests restarted a worker every few seconds (docs/performance.md). Set
# GUNICORN_MAX_REQUESTS to bound a suspected leak; jitter spreads the restarts.
max_requests = _int("GUNICORN_MAX_REQUESTS", 0)
max_requests_jitter = max_requests // 10

# gunicorn would believe X-Forwarded-Proto from any peer on 127.0.0.1 and mark the request
# https. Django decides instead (SECURE_PROXY_SSL_HEADER, set only when
# TRUSTED_PROXY_HOPS > 0), so a forged header over plain http never counts as https.
secure_scheme_headers = {}

# The longest request line (method, URL, protocol) gunicorn reads, in bytes: its maximum,
# as nginx's default 8 KB header buffers, rather than its default of 4094. A longer one is
# gunicorn's own 414 page; the API's schema documents the 414. Long filtered API queries
# (repeated parameters) fit.
limit_request_line = _int("GUNICORN_LIMIT_REQUEST_LINE", 8190)

# The access log: to stdout by default ("-"), a file path, or off with an empty value.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
# Client (as forwarded by the load balancer), method, path, protocol, status, bytes, time
# in ms, agent. The path without its query string, and no referrer: an emailed link's
# token travels in the query string (/link/?t=...), and so do search terms.
access_log_format = '%({x-forwarded-for}i)s %(h)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms "%(a)s"'
errorlog = "-"

# Python collects its youngest generation every 700 allocations over deallocations by
# default; a page allocates tens of thousands of short-lived objects, so raising it saves
# collections without leaving cycles uncollected (the older generations keep their
# ratios). The measurement is in docs/performance.md. 0 keeps Python's default.
gc_threshold = _int("GUNICORN_GC_THRESHOLD", 20_000)


def post_fork(server, worker):
    if gc_threshold:
        gc.set_threshold(gc_threshold, 10, 10)
    # Email addresses (and any token in a path) never reach the access log either.
    logging.getLogger("gunicorn.access").addFilter(RedactSecretsFilter())


# --- The task worker ---------------------------------------------------------------------
# Email leaves through the task queue (decision 0017). With the database task backend,
# the default when DEBUG is off, the arbiter also runs one `manage.py db_worker` and
# restarts it if it stops, so the one documented command serves the site and sends its
# mail. GUNICORN_TASK_WORKER=false leaves the worker to a process of your own (several
# instances may each run one: workers claim tasks with SKIP LOCKED).
_task_worker = {"process": None, "stopping": False, "lock": threading.Lock()}


def _task_worker_wanted():
    if os.environ.get("GUNICORN_TASK_WORKER", "true").strip().lower() in ("0", "false", "no"):
        return False
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "strategy_portal.settings")
    from django.conf import settings

    return settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"


def _supervise_task_worker(server):
    command = [sys.executable, "manage.py", "db_worker", "--no-reload"]
    while True:
        with _task_worker["lock"]:
            if _task_worker["stopping"]:
                return
            process = subprocess.Popen(command, cwd=Path(__file__).resolve().parent)  # noqa: S603
            _task_worker["process"] = process
        server.log.info("Started the task worker (manage.py db_worker, pid %s)", process.pid)
        code = process.wait()
        if _task_worker["stopping"]:
            return
        server.log.error("The task worker stopped (exit %s); restarting it in 5 s", code)
        time.sleep(5)


def when_ready(server):
    if _task_worker_wanted():
        threading.Thread(
            target=_supervise_task_worker, args=(server,), name="task-worker", daemon=True
        ).start()


def on_exit(server):
    with _task_worker["lock"]:
        _task_worker["stopping"] = True
        process = _task_worker["process"]
    if process is not None and process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=graceful_timeout)
        except subprocess.TimeoutExpired:
            process.kill()
