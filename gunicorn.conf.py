"""gunicorn's settings for the portal. gunicorn reads this file from the working
directory, so `gunicorn strategy_portal.wsgi` in the repository uses it; options given on
the command line win. Every value can be set from the environment."""

import gc
import logging
import multiprocessing
import os

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

# The longest request line (method, URL, protocol) gunicorn reads, in bytes: its maximum,
# as nginx's default 8 KB header buffers, rather than its default of 4094. A longer one is
# gunicorn's own 414 page; the API's schema documents the 414. Long filtered API queries
# (repeated parameters) fit.
limit_request_line = _int("GUNICORN_LIMIT_REQUEST_LINE", 8190)

# The access log: to stdout by default ("-"), a file path, or off with an empty value.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
# Client (as forwarded by the load balancer), request, status, bytes, time in ms, agent.
access_log_format = '%({x-forwarded-for}i)s %(h)s "%(r)s" %(s)s %(B)s %(M)sms "%(a)s"'
errorlog = "-"

# Python collects its youngest generation every 700 allocations over deallocations by
# default; a page allocates tens of thousands of short-lived objects, so raising it saves
# collections without leaving cycles uncollected (the older generations keep their
# ratios). The measurement is in docs/performance.md. 0 keeps Python's default.
gc_threshold = _int("GUNICORN_GC_THRESHOLD", 20_000)


def post_fork(server, worker):
    if gc_threshold:
        gc.set_threshold(gc_threshold, 10, 10)
    # Signed link tokens and email addresses never reach the access log.
    logging.getLogger("gunicorn.access").addFilter(RedactSecretsFilter())
