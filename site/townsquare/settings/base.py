"""Settings shared by every Townsquare configuration.

Machine-specific values come from the environment (see ``env.py`` and
``docs/operators.md``); ``dev``, ``test`` and ``production`` adjust the rest.
"""

from pathlib import Path

from django.utils.translation import gettext_lazy as _

from . import env

PROJECT_DIR = Path(__file__).resolve().parent.parent  # site/townsquare
REPO_DIR = PROJECT_DIR.parent.parent  # repository root

SECRET_KEY = env.get("SECRET_KEY")  # dev and test provide their own; production requires it
DEBUG = False
ALLOWED_HOSTS = env.csv_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.csv_list("CSRF_TRUSTED_ORIGINS")
# How many reverse proxies stand in front of the app and append to X-Forwarded-For (0: none,
# REMOTE_ADDR is the visitor and forwarded headers are ignored). See docs/operators.md.
TRUSTED_PROXIES = env.integer("TRUSTED_PROXIES", 0)

INSTALLED_APPS = [
    # Townsquare
    "townsquare",
    "communities",
    "stories",
    "events",
    "moderation",
    "search",
    "listening",
    "insights",
    # Translation
    "wagtail_localize",
    "wagtail_localize.locales",  # replaces wagtail.locales
    # Comments
    "django_comments_xtd",
    "django_comments",
    "rest_framework",
    # The API (townsquare/api, docs/api.md): tokens, webhooks, its OpenAPI schema, CORS
    "townsquare.api",
    "townsquare.api.webhooks",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    # ActivityPub: hubs followed from the fediverse (federation/, docs/federation.md)
    "federation",
    # Wagtail
    "wagtail.api.v2",  # the open read API at /api/v2/ (townsquare/api, docs/api.md)
    "wagtail.contrib.forms",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    # Background tasks (database-backed queue by default)
    "django_tasks",
    "django_tasks_db",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sites",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "townsquare.middleware.MalformedRequestMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "townsquare.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",  # answers nothing unless CORS_ALLOWED_ORIGINS names an origin
    "townsquare.cache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "townsquare.middleware.TownsquareLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

# Security headers (see docs/security.md). Public pages: scripts, styles and fonts from this
# site only, no inline script or style, no plugins, never framed by another site. Embedded
# media (YouTube and the like) need frames from https: sites. CSP_MEDIA_HOSTS adds the
# host names of a separate media server or CDN, e.g. "https://media.example.org".
CSP_MEDIA_HOSTS = env.csv_list("CSP_MEDIA_HOSTS")
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:", *CSP_MEDIA_HOSTS],
    "media-src": ["'self'", *CSP_MEDIA_HOSTS],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "frame-src": ["'self'", "https:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
# The Wagtail admin uses inline scripts and styles; it frames its own page previews.
ADMIN_CONTENT_SECURITY_POLICY = {
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "frame-ancestors": ["'self'"],
}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
X_FRAME_OPTIONS = "DENY"  # Wagtail's preview views allow their own origin themselves
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

ROOT_URLCONF = "townsquare.urls"
WSGI_APPLICATION = "townsquare.wsgi.application"
SITE_ID = 1

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Database: a SQLite file in the repository unless DATABASE_URL says otherwise.
DATABASES = {"default": env.database(default=f"sqlite:///{REPO_DIR / 'townsquare.sqlite3'}")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache shared by every worker and app server (townsquare/shared_state.py): rate limits, the
# page cache, de-duplication windows. Redis when REDIS_URL is set: Django's, kept serving when
# Redis goes away, a Redis that hangs costing a request at most these seconds. Else the database's
# cache table (manage.py createcachetable): Django culls a third of its entries past MAX_ENTRIES.
REDIS_URL = env.get("REDIS_URL")
if REDIS_URL:
    SHARED_CACHES = {
        "default": {
            "BACKEND": "townsquare.shared_state.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    SHARED_CACHES = {
        "default": {
            "BACKEND": "townsquare.shared_state.DatabaseCache",
            "LOCATION": "townsquare_cache",
            "OPTIONS": {"MAX_ENTRIES": env.integer("DATABASE_CACHE_MAX_ENTRIES", 20_000)},
        }
    }
# One process (make run) has nothing to share: without Redis it keeps the cache in memory.
# Production always uses SHARED_CACHES (settings/production.py).
CACHES = SHARED_CACHES if REDIS_URL else {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Refuse a cache each process keeps to itself (townsquare/shared_state.py): on in production.
REQUIRE_SHARED_CACHE = False

# Public pages for anonymous visitors: cached whole (see townsquare/cache.py) and marked
# cacheable for a CDN; a change purges the pages it affects (docs/operators.md, "Page caching").
PUBLIC_PAGE_MAX_AGE = env.integer("PUBLIC_PAGE_MAX_AGE", 60)
PUBLIC_PAGE_CACHE_SECONDS = env.integer("PUBLIC_PAGE_CACHE_SECONDS", 600)
# Where purges go (Wagtail's frontend cache): the app's own page cache always; a caching proxy
# that accepts PURGE requests (Varnish, nginx) and Cloudflare when configured.
WAGTAILFRONTENDCACHE = {"townsquare": {"BACKEND": "townsquare.cache.EmbeddedPageCacheBackend"}}
FRONTEND_CACHE_HOSTNAMES = env.csv_list("FRONTEND_CACHE_HOSTNAMES", ["*"])
if env.get("FRONTEND_CACHE_PURGE_URL"):
    WAGTAILFRONTENDCACHE["proxy"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": env.get("FRONTEND_CACHE_PURGE_URL"),
        "HOSTNAMES": FRONTEND_CACHE_HOSTNAMES,
    }
if env.get("CLOUDFLARE_ZONE_ID"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "ZONEID": env.get("CLOUDFLARE_ZONE_ID"),
        "BEARER_TOKEN": env.required("CLOUDFLARE_API_TOKEN", "A Cloudflare API token allowed to purge the zone."),
        "HOSTNAMES": FRONTEND_CACHE_HOSTNAMES,
    }

# Background tasks: a database-backed queue (``manage.py db_worker``) needs no extra server.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# The domain part of the identity (UID) of each event in people's calendars: keep it once chosen.
EVENTS_UID_DOMAIN = env.get("EVENTS_UID_DOMAIN", "townsquare.events")

# A task RUNNING for longer than this many seconds lost its worker: ``db_worker`` queues it again
# (townsquare/task_runs.py). Longer than any task takes.
TASKS_RECLAIM_AFTER = int(env.get("TASKS_RECLAIM_AFTER", 15 * 60))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "wagtailadmin_login"
# Sessions read through the cache: a visitor's session costs no query on most requests.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Languages: English is the default; every interface string is translated in locale/.
LANGUAGE_CODE = "en"
LANGUAGES = WAGTAIL_CONTENT_LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("de", _("German")),
    ("es", _("Spanish")),
    ("ja", _("Japanese")),
    ("ar", _("Arabic")),
]
WAGTAIL_I18N_ENABLED = True
# A new translation is a draft, even of a live page: it goes through the hub's review like any
# story, instead of going live at once with the source's untranslated text.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
# Machine translation in wagtail-localize's editor only when a provider key is configured;
# without one the button is hidden, not broken.
if env.get("DEEPL_API_KEY"):
    WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
        "CLASS": "wagtail_localize.machine_translators.deepl.DeepLTranslator",
        "OPTIONS": {"AUTH_KEY": env.get("DEEPL_API_KEY")},
    }
LOCALE_PATHS = [REPO_DIR / "locale"]
TIME_ZONE = env.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
# The ALTCHA widget of the comment form, installed from the npm registry by `make assets`
# (package.json) and served as our own static files under vendor/altcha/.
ALTCHA_WIDGET_DIR = REPO_DIR / "node_modules" / "altcha" / "dist_external"
STATICFILES_DIRS = [PROJECT_DIR / "static", ("vendor/altcha", ALTCHA_WIDGET_DIR)]
STATIC_ROOT = Path(env.get("STATIC_ROOT", REPO_DIR / "var" / "static"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(env.get("MEDIA_ROOT", REPO_DIR / "var" / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The page editor of a long story posts many fields.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# E-mail: SMTP settings from the environment; dev prints messages to the console.
EMAIL_HOST = env.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env.integer("EMAIL_PORT", 25)
EMAIL_HOST_USER = env.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env.flag("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env.get("DEFAULT_FROM_EMAIL", "Townsquare <townsquare@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Wagtail
WAGTAIL_SITE_NAME = env.get("SITE_NAME", "Townsquare")
WAGTAILADMIN_BASE_URL = env.get("BASE_URL", "http://127.0.0.1:8000")
# Wagtail's database search (PostgreSQL full-text or SQLite FTS5), with titles weighted on SQLite too.
# "simple": no English stemming or stop words on PostgreSQL. Pages are in six languages, and the
# public search analyses each language itself before the text reaches the index (search/text.py).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.wagtail_database", "SEARCH_CONFIG": "simple"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAIL_ENABLE_UPDATE_CHECK = False  # no calls to the internet from the admin
# The open read API (docs/api.md): at most this many items a request; ?limit= beyond it is a 400.
WAGTAILAPI_LIMIT_MAX = 50

# Django REST framework: the API's own views set their parsers, renderers, credential and
# error documents themselves (townsquare/api/base.py), so that the translation editor's and
# Wagtail's admin API views keep theirs. drf-spectacular describes the API at /api/v2/schema/.
REST_FRAMEWORK = {"DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema"}
SPECTACULAR_SETTINGS = {
    "TITLE": "Townsquare API",
    "DESCRIPTION": "Comments and moderation on Townsquare's hubs, stories and events (docs/api.md).",
    "VERSION": "2",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",  # served from our own static files, never a CDN
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v2",
    "PREPROCESSING_HOOKS": ["townsquare.api.schema.api_endpoints_only"],
    "ENUM_NAME_OVERRIDES": {"ModerationStateEnum": "moderation.models.Comment.State"},
}

# CORS: off unless an operator names the origins allowed to call the API from a browser
# (comma-separated, e.g. "https://intranet.example.org"); never for the site's own pages.
CORS_ALLOWED_ORIGINS = env.csv_list("CORS_ALLOWED_ORIGINS")
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_CREDENTIALS = False  # the API reads a token header, never cookies

# Webhooks (townsquare/api/webhooks, docs/webhooks.md) may only reach public addresses, unless
# an operator lets them reach a receiver on a private network (or, in tests, on loopback).
WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = env.flag("WEBHOOKS_ALLOW_PRIVATE_ADDRESSES")

# Federation (federation/, docs/federation.md): the public address hub actors are named by (it must
# not change once hubs have followers), and whether other servers may be on a private network.
FEDERATION_BASE_URL = env.get("FEDERATION_BASE_URL") or WAGTAILADMIN_BASE_URL
FEDERATION_ALLOW_PRIVATE_ADDRESSES = env.flag("FEDERATION_ALLOW_PRIVATE_ADDRESSES")
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # avatars are uploaded, never fetched from gravatar.com (e-mail hashes stay here)

# Search: Elasticsearch when ELASTICSEARCH_URL is set, else the database (search/ reads this).
ELASTICSEARCH_URL = env.get("ELASTICSEARCH_URL")
# Index names are "<prefix>-<language>" (aliases); several sites can share one cluster.
SEARCH_INDEX_PREFIX = env.get("SEARCH_INDEX_PREFIX", "townsquare")
# A search engine that does not answer within this many seconds counts as down.
SEARCH_TIMEOUT_SECONDS = env.integer("SEARCH_TIMEOUT_SECONDS", 3)
# Make every index write visible at once (tests); off in production, where Elasticsearch refreshes each second.
SEARCH_REFRESH_ON_WRITE = False

# Comments (django-comments-xtd)
COMMENTS_APP = "django_comments_xtd"
COMMENTS_XTD_MODEL = "moderation.models.Comment"
# xtd refuses replies beyond this level; each hub sets its own, lower, limit.
COMMENTS_XTD_MAX_THREAD_LEVEL = 8
COMMENTS_XTD_THREADED_EMAILS = False  # e-mail goes through background tasks instead
COMMENTS_XTD_CONFIRM_EMAIL = True
COMMENTS_XTD_SALT = env.get("COMMENTS_XTD_SALT", "townsquare-comments").encode()
# The comment form's proof of work (townsquare.challenge): the browser tries up to this many numbers.
ALTCHA_MAX_NUMBER = env.integer("ALTCHA_MAX_NUMBER", 100_000)
COMMENTS_XTD_FROM_EMAIL = DEFAULT_FROM_EMAIL
COMMENTS_XTD_CONTACT_EMAIL = DEFAULT_FROM_EMAIL

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"townsquare": {"level": env.get("LOG_LEVEL", "INFO")}},
}
