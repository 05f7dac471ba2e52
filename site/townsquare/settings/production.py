"""Production: everything secret or machine-specific comes from the environment.

A missing ``SECRET_KEY`` stops the process with a message naming it; there is
no fallback key. See ``docs/operators.md``.
"""

from .base import *  # noqa: F403
from .base import SHARED_CACHES, env

DEBUG = False
SECRET_KEY = env.required(
    "SECRET_KEY", "Generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
)
ALLOWED_HOSTS = env.csv_list("ALLOWED_HOSTS") or env.required("ALLOWED_HOSTS", "List the host names, comma-separated.")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Rate limits, the page cache and de-duplication must be one for every worker and app server
# (townsquare/shared_state.py, docs/operators.md "Shared state"): Redis with REDIS_URL, else the
# database's cache table (manage.py createcachetable), never a cache of each process.
REQUIRE_SHARED_CACHE = True
CACHES = SHARED_CACHES

# Each worker keeps its database connection between requests (seconds; 0 closes it after each),
# checked before reuse: opening one per request costs more than most views.
DATABASES["default"]["CONN_MAX_AGE"] = env.integer("DATABASE_CONN_MAX_AGE", 60)  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405
# Loaded at start-up (with gunicorn --preload: once, before the workers fork), not on a first post.
PRELOAD_PROFANITY_MODEL = True

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.flag("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env.integer("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
