"""The test suite: fast hashing, in-memory cache and e-mail, tasks run inline.

The database is SQLite unless ``DATABASE_URL`` points at PostgreSQL; pytest
creates and destroys its own test database either way.
"""

from .base import *  # noqa: F403
from .base import REPO_DIR, env

SECRET_KEY = "test-only-insecure-key"  # noqa: S105 - tests only
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MEDIA_ROOT = REPO_DIR / "var" / "test-media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILADMIN_BASE_URL = "http://testserver"
# The suite searches the database; tests/search runs again on an Elasticsearch-compatible server
# (and on a real cluster when ELASTICSEARCH_URL is set), choosing the backend itself.
ELASTICSEARCH_URL = None
SEARCH_INDEX_PREFIX = f"townsquare-test-{env.get('PYTEST_XDIST_WORKER', 'main')}"
SEARCH_REFRESH_ON_WRITE = True
# Whole-page caching is off, so that query counts measure the work; its own tests turn it on.
PUBLIC_PAGE_CACHE_SECONDS = 0
# Tests solve the comment form's proof-of-work challenge (townsquare.challenge) many times: keep it cheap.
ALTCHA_MAX_NUMBER = 1000
