"""Settings for the benchmark: the project's own, on a database of the benchmark's own.

``benchmarks.run`` sets ``BENCH_DATABASE_URL`` (a ``_bench`` database beside the one in
``DATABASE_URL``, or ``var/bench.sqlite3``) before anything imports these settings, so that the
gunicorn workers it starts for the load test use the same database.
"""

import warnings

from townsquare.settings import env
from townsquare.settings.base import *  # noqa: F403
from townsquare.settings.base import REPO_DIR

SECRET_KEY = "benchmark-only-insecure-key"  # noqa: S105 - never served to anyone
DEBUG = False
ALLOWED_HOSTS = ["*"]
DATABASES = {"default": env.database("BENCH_DATABASE_URL", default=f"sqlite:///{REPO_DIR / 'var' / 'bench.sqlite3'}")}
# As in production (settings.production): persistent connections for the real view and its anchors alike,
# and the offensive-language model loaded before gunicorn forks its workers.
DATABASES["default"]["CONN_MAX_AGE"] = 60
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
PRELOAD_PROFANITY_MODEL = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# As in production: tasks are queued in the database for a worker (none runs during the benchmark).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
ROOT_URLCONF = "benchmarks.urls"
ELASTICSEARCH_URL = None
# Off, so that page measurements measure the work; the cache measurement turns it on.
PUBLIC_PAGE_CACHE_SECONDS = 0
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = REPO_DIR / "var" / "bench-media"
WAGTAILADMIN_BASE_URL = "http://testserver"
SECURE_SSL_REDIRECT = False
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "ERROR"}}

# WhiteNoise warns that STATIC_ROOT is missing: static files come from the apps' folders here.
warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
