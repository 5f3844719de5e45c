"""One settings file, read from environment variables with safe defaults.

With nothing set, spinewise runs on an SQLite file in a per-user data folder,
so `migrate` then `runserver` needs no other service.
"""

from __future__ import annotations

import importlib.util
import os
import re
import secrets
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from whitenoise.compress import Compressor  # type: ignore[import-untyped]

from spinewise import places


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def envlist(name: str, default: str) -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = PACKAGE_DIR.parent.parent
# The built-in content ships inside the package (package data); SPINEWISE_CONTENT_DIR overrides it.
# Both folders are read in spinewise.places, which the command line's replayed answers read too.
CONTENT_DIR = Path(places.content_dir())
DATA_DIR = Path(places.data_dir())
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    from_env = os.environ.get("SPINEWISE_SECRET_KEY")
    if from_env:
        return from_env
    # Generated once and kept beside the data, so sessions survive restarts. Written whole to a
    # file of its own, then linked into place: processes starting together on a new folder agree
    # on one key and never read a half-written one.
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        fd, draft = tempfile.mkstemp(dir=DATA_DIR, prefix=".secret_key-")
        try:
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_urlsafe(50))
            os.link(draft, key_file)
        except FileExistsError:
            pass  # another process linked its key first: everybody uses that one
        finally:
            os.unlink(draft)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
SECRET_KEY_FROM_ENVIRONMENT = bool(os.environ.get("SPINEWISE_SECRET_KEY"))
# Several nodes on one database must sign sessions and forms with one key, which only the
# environment can give them all: spinewise.server refuses to serve a shared database without
# SPINEWISE_SECRET_KEY, unless this says that this node is the only one.
SINGLE_NODE = envbool("SPINEWISE_SINGLE_NODE", False)
DEBUG = envbool("SPINEWISE_DEBUG", False)
ALLOWED_HOSTS = envlist("SPINEWISE_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = envlist("SPINEWISE_CSRF_TRUSTED_ORIGINS", "")
SITE_URL = os.environ.get("SPINEWISE_SITE_URL", "http://127.0.0.1:8000")

# Paid programs (issue 17): where a person buys an access code, and the price the locked workouts
# show. Both optional; "{program}" in the URL becomes the program's slug. Only http(s) URLs are used.
BUY_URL = os.environ.get("SPINEWISE_BUY_URL", "").strip()
PRICE = os.environ.get("SPINEWISE_PRICE", "").strip()

INSTALLED_APPS = [
    # The admin without autodiscovery at start-up: urls.py discovers the admin modules, so only the
    # web app imports them (a command starts quicker).
    "django.contrib.admin.apps.SimpleAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # The domain apps; their order is also the order of the sections in a person's data download.
    "spinewise.accounts",
    "spinewise.library",
    "spinewise.safety",
    "spinewise.assessments",
    "spinewise.training",
    "spinewise.programs",
    "spinewise.progress",
    "spinewise.breaks",
    "spinewise.coaching",
    "spinewise.web",
    "axes",
]

# The API's docs page (Swagger UI) from django-ninja's own templates and static files: no CDN. Found
# by path rather than by listing "ninja" among the apps, which would import the whole of ninja (its
# pydantic models and settings) at every start; only the web app needs it (urls.py, api.main.Docs).
_NINJA_SPEC = importlib.util.find_spec("ninja")
assert _NINJA_SPEC is not None and _NINJA_SPEC.origin is not None, "django-ninja is a dependency"
NINJA_DIR = Path(_NINJA_SPEC.origin).parent

MIDDLEWARE = [
    # First, so that everything after sees the visitor's address (off unless SPINEWISE_PROXY_COUNT).
    "spinewise.proxy.ForwardedForMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise, which answers static files itself, already compressed. Django adds up to
    # 100 random bytes to each gzip header, which blurs the length a BREACH attack measures.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The content version (what cached library pages and routines are keyed by): read once a request,
    # with the signed-in user when there is one (web.backends), so before the user is first read.
    "spinewise.library.cache.ContentVersionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The language: the profile's, else the cookie the switcher sets, else Accept-Language.
    "spinewise.web.language.LanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Whole pages kept for their next identical request (web.pagecache): after what a page is keyed
    # by (the session, the user, the language, the content version), before the security headers,
    # which it keeps with the page.
    "spinewise.web.pagecache.PageCacheMiddleware",
    # Content-Security-Policy, and no caching of what a signed-in person sees (spinewise/security.py).
    "spinewise.security.SecurityHeadersMiddleware",
    # Last, as django-axes asks: it turns repeated failed log-ins into a lock-out page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, reading the profile and the screening gate with the user (one query).
    "spinewise.web.backends.ModelBackendWithProfile",
]
AXES_FAILURE_LIMIT = envint("SPINEWISE_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("SPINEWISE_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# The HTTP API's throttle (spinewise/api/auth.py): requests per token (else person, else address).
SPINEWISE_API_RATE = os.environ.get("SPINEWISE_API_RATE", "300/min").strip()
if not re.fullmatch(r"[1-9][0-9]*/(s|sec|m|min|h|hour|d|day)", SPINEWISE_API_RATE):
    raise ImproperlyConfigured(
        f"SPINEWISE_API_RATE={SPINEWISE_API_RATE!r}: write a count per period, e.g. 300/min or 10/s"
    )

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Password-reset mail goes to the console unless an SMTP host is set.
EMAIL_HOST = os.environ.get("SPINEWISE_EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = envint("SPINEWISE_EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("SPINEWISE_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("SPINEWISE_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = envbool("SPINEWISE_EMAIL_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("SPINEWISE_FROM_EMAIL", "spinewise <noreply@localhost>")

ROOT_URLCONF = "spinewise.urls"
WSGI_APPLICATION = "spinewise.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates", NINJA_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                # The step indicator of the guided first visit (web/onboarding.py).
                "spinewise.web.onboarding.context",
            ],
        },
    },
]

# One form style everywhere: labels above fields, help text, errors beside the field (web/forms.py).
FORM_RENDERER = "spinewise.web.forms.FormRenderer"

# Each connection to an SQLite file: WAL lets readers go on while one process writes, which the
# server's several worker processes need; NORMAL sync is safe with WAL (a power cut may lose the
# last commits, never corrupt the file); the WAL file is trimmed back after big writes.
SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA temp_store=MEMORY;"
    " PRAGMA journal_size_limit=67108864"
)
SQLITE_BUSY_TIMEOUT_SECONDS = 20


def database_settings(url: str | None) -> dict[str, Any]:
    """DATABASES["default"] for a DATABASE_URL (None: the SQLite file in the data folder)."""
    config: dict[str, Any] = dict(
        dj_database_url.parse(
            url or f"sqlite:///{places.database_file(str(DATA_DIR))}",
            # Kept open between requests (one query fewer and no reconnect per page), checked
            # before reuse so a restarted database costs one failed check, not one failed page.
            conn_max_age=envint("SPINEWISE_CONN_MAX_AGE", 600),
            conn_health_checks=True,
        )
    )
    if config["ENGINE"] == "django.db.backends.postgresql":
        config["ENGINE"] = (
            "spinewise.postgresql"  # checked only after idling (DATABASE_CHECK_AFTER_IDLE_SECONDS)
        )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config.setdefault("OPTIONS", {}).update(
            # Writers wait for each other (the busy timeout) instead of failing at once, and take
            # the write lock when the transaction starts, so two never deadlock upgrading a read.
            timeout=SQLITE_BUSY_TIMEOUT_SECONDS,
            transaction_mode="IMMEDIATE",
            init_command=SQLITE_PRAGMAS,
        )
    return config


DATABASES = {"default": database_settings(os.environ.get("DATABASE_URL"))}
# A kept PostgreSQL connection that answered less than this long ago is not checked again before
# reuse (spinewise.postgresql); 0 checks it on every request, as Django does.
DATABASE_CHECK_AFTER_IDLE_SECONDS = float(os.environ.get("SPINEWISE_DB_CHECK_AFTER_IDLE_SECONDS", "1"))
# A database other than SQLite may be shared by several app nodes (see spinewise.server).
SHARED_DATABASE = DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHE_TABLE = "spinewise_cache"


def cache_settings(url: str) -> dict[str, Any]:
    """CACHES["default"] for SPINEWISE_CACHE_URL: empty for this process's memory, redis://... or
    rediss://... for a Redis server, db:// (or db://TABLE) for a table in the database."""
    if not url:
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    parts = urlsplit(url)
    if parts.scheme in ("redis", "rediss", "unix"):
        if importlib.util.find_spec("redis") is None:
            raise ImproperlyConfigured(
                "SPINEWISE_CACHE_URL asks for Redis, but the redis package is not installed:"
                " pip install 'spinewise[redis]'"
            )
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if parts.scheme == "file":
        # Files in a folder (file:/path, or file: for the data folder's cache/): what the command
        # line uses between its short runs when no shared cache is set (cli.main).
        return {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": parts.path or str(DATA_DIR / "cache"),
        }
    if parts.scheme == "db":
        return {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": parts.netloc or CACHE_TABLE,
        }
    raise ImproperlyConfigured(
        f"SPINEWISE_CACHE_URL={url!r}: use redis://host:6379/0, rediss://..., db://, file:/path or nothing"
        " (this process's memory)"
    )


CACHES = {"default": cache_settings(os.environ.get("SPINEWISE_CACHE_URL", "").strip())}
# Whole pages kept in each worker's memory for their next identical request (web.pagecache): at most
# this many seconds (0: none kept) and this many bytes a process.
PAGE_CACHE_SECONDS = envint("SPINEWISE_PAGE_CACHE_SECONDS", 600)
# A server worker freezes the garbage collector's view of its heap after this many requests, once
# what is built from content is in memory (spinewise.gcfreeze); 0 never does.
GC_FREEZE_AFTER_REQUESTS = envint("SPINEWISE_GC_FREEZE_AFTER", 200)
# How long a process uses the content version it read without asking again (library.cache): an
# edit made elsewhere (another node's admin, `spinewise load`) shows within this many seconds; one
# made by the process itself at once. 0 asks on every request.
CONTENT_RECHECK_SECONDS = float(os.environ.get("SPINEWISE_CONTENT_RECHECK_SECONDS", "1"))
PAGE_CACHE_BYTES = envint("SPINEWISE_PAGE_CACHE_MB", 8) * 1024 * 1024
# Sessions live in the database, so they survive a restart and every node sees them. With Redis,
# reads come from the cache first; a per-process memory cache would serve other workers stale
# sessions, so it is never put in front.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if CACHES["default"]["BACKEND"].endswith("RedisCache")
    else "spinewise.web.sessions"  # Django's db engine, its read done in plain SQL
)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"


def _languages() -> list[tuple[str, str]]:
    """The interface speaks the languages the content declares (content/languages.yaml)."""
    from spinewise.library.translations import LanguagesError, languages_at

    try:
        declared = languages_at(CONTENT_DIR)
    except LanguagesError:
        declared = {}
    return list({"en": "English", **declared}.items())


# One list for the interface and the content: a language is offered when its content is complete
# and its interface catalogue (locale/<code>/LC_MESSAGES) is compiled (README, "Languages").
LANGUAGES = _languages()
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
# Dates and numbers per language: English day first (spinewise/formats), Spanish as Django has it.
FORMAT_MODULE_PATH = ["spinewise.formats"]
LANGUAGE_COOKIE_NAME = "spinewise_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
TIME_ZONE = places.time_zone()
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Source maps (the API docs' Swagger UI ships 2 MB of them) are for developers' tools: served as
# they are, not compressed at every collectstatic.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")
# The apps' static files, leaving out package files the site never serves (spinewise/staticapp.py).
STATICFILES_FINDERS = [
    "spinewise.staticapp.FilesFinder",
    "spinewise.staticapp.AppFilesFinder",
]
STATICFILES_DIRS = [PACKAGE_DIR / "static", NINJA_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("SPINEWISE_STATIC_ROOT") or DATA_DIR / "static")
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "spinewise.staticstorage.ModuleManifestStaticFilesStorage"
            if envbool("SPINEWISE_HASHED_STATIC", not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Behind N load balancers or proxies that set X-Forwarded-For and X-Forwarded-Proto (and strip
# what clients send in them): the visitor's address and whether they came over HTTPS.
PROXY_COUNT = envint("SPINEWISE_PROXY_COUNT", 0)
# The header a trusted proxy sets to say the visitor came over HTTPS; only trust it behind one.
_PROXY_SSL_HEADER = os.environ.get("SPINEWISE_PROXY_SSL_HEADER", "").strip()
if _PROXY_SSL_HEADER:
    SECURE_PROXY_SSL_HEADER = (_PROXY_SSL_HEADER, "https")
elif PROXY_COUNT > 0:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# HTTPS only, once the site is served over it: off by default so a local run over HTTP works.
SECURE_SSL_REDIRECT = envbool("SPINEWISE_SSL_REDIRECT", False)
# /healthz is called by load balancers over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = envint("SPINEWISE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SPINEWISE_HSTS_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = envbool("SPINEWISE_HSTS_PRELOAD", False)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = envbool("SPINEWISE_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("SPINEWISE_LOG_LEVEL", "WARNING")},
}
