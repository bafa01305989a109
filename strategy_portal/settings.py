"""Settings for the Newcastle and Gateshead tech-sector strategy portal.

One module, driven by environment variables (see .env.example). Tests override
what they need in tests/conftest.py.
"""

import copy
from datetime import timedelta
from pathlib import Path

import environ
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)
if DEBUG:
    SECRET_KEY = env("SECRET_KEY", default="insecure-development-key-not-for-production")
else:
    SECRET_KEY = env("SECRET_KEY")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
SITE_NAME = "Newcastle Gateshead Tech"

INSTALLED_APPS = [
    "apps.core.admin_config.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.forms",
    "django_filters",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "pgtrigger",
    "pghistory",
    "import_export",
    "apps.core",
    "apps.profile",
    "apps.funding",
    "apps.people",
    "apps.place",
    "apps.strategy",
    "apps.events",
    "apps.programmes",
    "apps.industries",
    "rest_framework",
    "drf_spectacular",
    "corsheaders",
    "apps.opendata",
]

MIDDLEWARE = [
    # First, so that CORS headers reach every response under CORS_URLS_REGEX.
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "apps.core.security.middleware.SecurityHeadersMiddleware",
    "apps.core.security.middleware.RequestSizeLimitMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before sessions, CSRF and authentication: a cached page needs none of them.
    "apps.core.web.pagecache.PageCacheMiddleware",
    "apps.core.security.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "apps.core.security.middleware.StaffIdleTimeoutMiddleware",
    # Every write made while serving a request records the acting user and URL.
    "apps.core.security.middleware.AuditContextMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "strategy_portal.urls"
WSGI_APPLICATION = "strategy_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "apps.core.web.context_processors.site",
                "apps.core.web.context_processors.maps",
            ],
        },
    },
]
# Every form renders through the accessible field and error templates in
# templates/jinja2/forms/, with Jinja2 (decision 0070).
FORM_RENDERER = "apps.core.web.forms.PortalFormRenderer"

DATABASES = {
    "default": env.db("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/strategy_portal"),
}
# Persistent connections, checked before reuse so the app recovers after a database restart.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = 5
# The planner's default random_page_cost (4) assumes spinning disks; with the data in memory
# or on SSD it picks a seq scan that evaluates the search vector on every row over the GIN
# index (measured in docs/performance.md). Sent
# as a connection option so no server setting changes; set DB_RANDOM_PAGE_COST= (empty) to
# leave the server's value alone, e.g. behind a pooler that rejects startup options.
_random_page_cost = env("DB_RANDOM_PAGE_COST", default="1.1")
if _random_page_cost:
    DATABASES["default"]["OPTIONS"]["options"] = f"-c random_page_cost={float(_random_page_cost)}"
# The database cache's own connection to the same database, without health checks: a
# page-cache hit is one round trip, and a cut connection still costs no visitor an error
# (apps.core.web.cache.CacheRouter). Unused when the cache is Redis.
DATABASES["cache"] = {
    **copy.deepcopy(DATABASES["default"]),
    "CONN_HEALTH_CHECKS": False,
    "TEST": {"MIRROR": "default"},
}
DATABASE_ROUTERS = ["apps.core.web.cache.CacheRouter"]

# One cache shared by every worker and instance: Django's database cache in the same
# PostgreSQL by default (its table, portal_cache, is made by `migrate`: apps.core.models.
# CacheEntry), Redis with CACHE_URL=redis://host:6379/1. A per-process memory cache is for
# tests only; a system check refuses it when DEBUG is off (apps.core.checks).
CACHES = {"default": env.cache_url("CACHE_URL", default="dbcache://portal_cache")}
if CACHES["default"]["BACKEND"].endswith("DatabaseCache"):
    # Django's database cache with an atomic incr, so that rate limits count every
    # request from every worker (apps.core.web.cache).
    CACHES["default"]["BACKEND"] = "apps.core.web.cache.DatabaseCache"
    # Django's default of 300 entries would cull the pages of a busy hour; the table
    # stays small (a page is a few kB compressed by PostgreSQL's TOAST).
    CACHES["default"].setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", 20_000)
if CACHES["default"]["BACKEND"].endswith("RedisCache"):
    # An unreachable Redis fails fast, so pages are served uncached rather than hanging.
    CACHES["default"].setdefault("OPTIONS", {}).setdefault("socket_connect_timeout", 1)
    CACHES["default"]["OPTIONS"].setdefault("socket_timeout", 1)
# Anonymous pages from the shared cache (apps.core.web.pagecache), moved to a new generation
# whenever public content changes; 0 turns it off.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)
# Shared fragments (apps.core.web.fragments): costly values every visitor sees alike,
# worked out once per page-cache generation; 0 works them out on every request.
FRAGMENT_CACHE_SECONDS = env.int("FRAGMENT_CACHE_SECONDS", default=600)
# Never served from the page cache: the admin, the health check, a submitter's own pages,
# the benchmark's floor, and the API (whose throttle must count every request; it answers
# 304 to its own ETags instead).
PAGE_CACHE_EXCLUDED_PATHS = (
    "/admin/",
    "/healthz",
    "/uploads/",
    "/api/",
    "/manage/",
    "/link/",
    "/status/",
    "/bench/",
)
# The benchmark's floor: /bench/floor, a constant response through every middleware.
# Only `make bench` turns it on.
BENCH_FLOOR = env.bool("BENCH_FLOOR", default=False)

AUTH_USER_MODEL = "core.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"
# django-axes checks every login before Django's own backend does.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Staff login. Lock out a username after repeated failures from any address (guessing
# from many addresses gains nothing); the same address can still sign in as someone
# else, and the lock lifts after a cool-off or when an administrator clears it.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_LOCKOUT_PARAMETERS = ["username"]
# django-axes warns when the address is not part of the lockout (axes.W006): it fears
# a per-browser lockout. Ours, per username from every address, is stricter than either.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_RESET_ON_SUCCESS = True
# The lockout page (admin/locked_out.html), answered 429 with Retry-After.
AXES_LOCKOUT_CALLABLE = "apps.core.security.lockout.lockout_response"
# The client address comes from the same place as the site's own rate limit: behind
# TRUSTED_PROXY_HOPS proxies, the entry they appended to X-Forwarded-For. Without this,
# every sign-in behind a load balancer would share the balancer's address.
AXES_CLIENT_IP_CALLABLE = "apps.core.security.ratelimit.client_ip"

# Two-factor authentication (TOTP, with static backup codes) for every staff account.
# On by default whenever DEBUG is off; `make run` (DEBUG on) keeps the demo login simple.
STAFF_2FA_REQUIRED = env.bool("STAFF_2FA_REQUIRED", default=not DEBUG)
OTP_TOTP_ISSUER = "Newcastle Gateshead Tech"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # administrators never see another person's secret
STAFF_BACKUP_CODES = 10
# A first authenticator app is set up only from an administrator's one-time invitation,
# valid this many hours.
STAFF_2FA_INVITATION_HOURS = env.int("STAFF_2FA_INVITATION_HOURS", default=72)

# Staff sessions end after this long without a request (apps.core.security.middleware).
STAFF_IDLE_TIMEOUT = env.int("STAFF_IDLE_TIMEOUT", default=30 * 60)

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env("MEDIA_URL", default="/media/")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        # Precompressing (gzip and brotli) makes collectstatic take a minute or more;
        # throwaway servers (make soak, the fault tests) skip it.
        if env.bool("STATIC_COMPRESS", default=True)
        else "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
    },
    # Images kept while a form is shown again with errors (apps/core/web/uploads.py):
    # private, never under MEDIA_URL. With more than one app server, put this on storage
    # they share, like MEDIA_ROOT.
    "kept_uploads": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": env.path("KEPT_UPLOADS_ROOT", default=BASE_DIR / "kept-uploads"),
            "base_url": None,
        },
    },
}
# A kept image is deleted this long after it was chosen (`manage.py purge_personal_data`).
KEPT_UPLOAD_HOURS = env.int("KEPT_UPLOAD_HOURS", default=24)
WHITENOISE_MAX_AGE = 60 * 60 * 24 * 365

# Uploads: logos and photos are capped well below this; the cap stops huge bodies early.
MAX_REQUEST_BYTES = 12 * 1024 * 1024
RATELIMIT_ENABLED = env.bool("RATELIMIT_ENABLED", default=True)
# How many proxies we run in front of the app (nginx, a load balancer) that append the
# address they saw to X-Forwarded-For. The client is that many entries from the end;
# anything before it was sent by the client and is not trusted. 0: use REMOTE_ADDR.
TRUSTED_PROXY_HOPS = env.int("TRUSTED_PROXY_HOPS", default=0)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
FILE_UPLOAD_PERMISSIONS = 0o644

# EMAIL_URL (django-environ syntax, e.g. smtp+tls://user:pass@host:587) becomes the
# default entry of Django 6.1's MAILERS setting.
_email = env.email_url("EMAIL_URL", default="consolemail://")
_email_options = {
    "host": _email.get("EMAIL_HOST"),
    "port": _email.get("EMAIL_PORT"),
    "username": _email.get("EMAIL_HOST_USER"),
    "password": _email.get("EMAIL_HOST_PASSWORD"),
    "use_tls": _email.get("EMAIL_USE_TLS"),
    "use_ssl": _email.get("EMAIL_USE_SSL"),
    "file_path": _email.get("EMAIL_FILE_PATH"),
}
MAILERS = {
    "default": {
        "BACKEND": _email["EMAIL_BACKEND"],
        "OPTIONS": {key: value for key, value in _email_options.items() if value},
    }
}
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", default="Newcastle Gateshead Tech <hello@example.org>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
STAFF_NOTIFY_EMAIL = env("STAFF_NOTIFY_EMAIL", default="tech-strategy@example.org")
# The inward-investment team's inbox: enquiries from /invest/enquiry/ go here.
INVEST_TEAM_EMAIL = env("INVEST_TEAM_EMAIL", default=STAFF_NOTIFY_EMAIL)

# Background work (email). "database" queues rows that `manage.py db_worker` picks up in
# a separate process (gunicorn.conf.py starts one): the default whenever DEBUG is off, so
# no request waits for the mail server. "immediate" runs tasks in the request's process.
_TASK_BACKENDS = {
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASKS_BACKEND = env("TASKS_BACKEND", default="immediate" if DEBUG else "database")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASKS_BACKEND]}}

# Sessions live in the database so that app servers keep no state.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 8
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
if SESSION_COOKIE_SECURE:
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

# Secure by default: with DEBUG off, plain http is redirected to https and HSTS is sent.
# Servers on plain http (a local check on loopback) turn both off explicitly.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# A load balancer's health check may call an instance directly over http.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# X-Forwarded-Proto says whether the client used https only when our own proxy set it:
# with no trusted proxy (TRUSTED_PROXY_HOPS=0) anyone could send it over plain http.
if TRUSTED_PROXY_HOPS > 0:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Preloading is a commitment for every subdomain that is hard to undo: only when asked.
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
if not SECURE_HSTS_PRELOAD:
    # check --deploy's "you have not set SECURE_HSTS_PRELOAD" is that choice, made here.
    SILENCED_SYSTEM_CHECKS.append("security.W021")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# A strict policy without nonces, so that whole pages can be cached: no inline
# scripts or styles anywhere in the templates.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

# Map tiles behind the office-space maps: OpenStreetMap's by default (their tile usage
# policy asks for the attribution below and modest traffic); a council can point
# MAP_TILE_URL at its own provider, with its attribution. The tile host, and only it, is
# added to the CSP's img-src. Empty: the maps show markers without a background.
MAP_TILE_URL = env("MAP_TILE_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = env(
    "MAP_TILE_ATTRIBUTION",
    default='&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> '
    "contributors",
)


def tile_source(url):
    """The CSP source of a tile URL template: its scheme and host, with a {s} subdomain
    placeholder as a wildcard."""
    scheme, _, rest = url.partition("://")
    host = rest.split("/", 1)[0].replace("{s}", "*")
    return f"{scheme or 'https'}://{host}"


if MAP_TILE_URL:
    SECURE_CSP["img-src"].append(tile_source(MAP_TILE_URL))

# Postcode lookup for office-space listings (apps/place/geocoding.py): a postcodes.io-style
# service, GEOCODER_URL + postcode. Empty turns it off; the listing then goes at the centre
# of its area until the landlord moves the pin. Timeouts are short: the form waits for it.
GEOCODER_URL = env("GEOCODER_URL", default="https://api.postcodes.io/postcodes/")
GEOCODER_TIMEOUT = env.float("GEOCODER_TIMEOUT", default=2.0)
# Audit triggers on many-to-many tables (a user's roles) cannot live in migrations, so
# django-pgtrigger installs them after every migrate; the rest come with the migrations.
PGTRIGGER_INSTALL_ON_MIGRATE = True

# Admin CSV import and export (django-import-export).
# Cells cannot run as spreadsheet formulas: this drops a leading "=", and the admin's
# SafeCSV format (apps.core.admin) also quotes cells starting with +, -, @ and others.
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True
IMPORT_EXPORT_USE_TRANSACTIONS = True  # an import with any bad row saves nothing
# Whoever may view a list may export it; importing needs add and change (CsvImportMixin).
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"

# Email links (apps.core.moderation.links): how long each kind stays valid, in seconds.
# Confirm and manage links also work only once.
LINK_MAX_AGE = {
    "confirm": 60 * 60 * 24 * 7,
    "manage": 60 * 60 * 2,
    "status": 60 * 60 * 24 * 90,
    # Sent in a reminder before a listing expires; it may be opened after expiry.
    "reconfirm": 60 * 60 * 24 * 30,
    # Sent to a listed business's own contact address when someone else answers for it.
    "vouch": 60 * 60 * 24 * 7,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "apps.core.security.logging.RedactSecretsFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact"]},
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.request": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}

# Open data (apps.opendata): a read-only, anonymous JSON API. No authentication classes,
# so no session or CSRF is involved; every client is throttled per IP in the shared cache.
API_ANON_RATE = env("API_ANON_RATE", default="120/minute")
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_THROTTLE_CLASSES": ["apps.opendata.throttling.AnonThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": API_ANON_RATE},
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Newcastle Gateshead Tech open data API",
    "DESCRIPTION": (
        "Read-only access to the portal's published data. No key is needed. "
        f"Anonymous clients may make {API_ANON_RATE.replace('/', ' requests per ')} "
        "per IP address; beyond that the API answers 429 with a Retry-After header. "
        "Responses carry ETag and Last-Modified; send If-None-Match or "
        "If-Modified-Since to get 304 Not Modified. A query parameter that is unknown, "
        "repeated, empty or not as its schema says is a 400, and a filter's slug that "
        "names nothing a 404; their JSON bodies name each parameter. Every other error "
        'is JSON too: {"detail": "..."}. Contains public sector information '
        "licensed under the Open Government Licence v3.0."
    ),
    "VERSION": "1",
    "LICENSE": {
        "name": "Open Government Licence v3.0",
        "url": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
    },
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
}
# Anyone may read the API and the downloads from a browser on another site; only GET.
CORS_URLS_REGEX = r"^/(api/|data/.+\.(csv|json|geojson|jsonld)$)"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["accept", "if-none-match", "if-modified-since"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Retry-After"]
CORS_PREFLIGHT_MAX_AGE = 86400
