"""The state every worker process and app server must share, and the start-up checks that keep it shared.

Rate limits (``moderation.policy``), the page cache's versions and purges (``townsquare.cache``),
the windows that count likes and reports once per visitor, and the comment challenge's replay
protection (``townsquare.challenge``) all live in Django's default cache. A cache that each
process keeps to itself (local memory) would count a visitor's posts once per gunicorn worker
and purge a page in one worker while the others keep serving the old copy. So:

- without ``REDIS_URL`` the production settings use Django's database cache, which needs no
  other server (its table, ``CACHE_TABLE``, is made by ``manage.py createcachetable``), with an
  atomic ``incr`` (``DatabaseCache`` below): rate limits count on it;
- with ``REDIS_URL``, Redis;
- ``check_cache_is_shared`` (the app's ``ready``, when ``REQUIRE_SHARED_CACHE`` is on, as in
  production) refuses any other backend with a message naming the fix, and
  ``check_cache_answers`` (the WSGI and ASGI entry points) refuses to serve without the table.

``make run`` (one process) keeps local memory: there is nothing to share.

When Redis goes away mid-run (``RedisCache`` below), the site keeps serving: reads miss (pages
are rendered, sessions read from the database), writes are dropped, and the two operations that
decide something, ``add`` and ``incr``, raise ``CacheUnavailable`` for their callers to choose:
rate limits let the post through (``moderation.policy``), the comment challenge cannot tell a
replay, so the comment is held for a moderator (``moderation.discussion.forms``), and the page
cache stores nothing. docs/operators.md ("Shared state") says the same.
"""

import base64
import logging
import math
import pickle
import time

from django.conf import settings
from django.core.cache.backends import db as django_db
from django.core.cache.backends import memcached
from django.core.cache.backends import redis as django_redis
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connections, models, router, transaction
from django.utils.module_loading import import_string
from django.utils.timezone import now
from redis.exceptions import RedisError

logger = logging.getLogger("townsquare")

CACHE_TABLE = "townsquare_cache"
# Backends whose entries every process and machine sees (subclasses included).
SHARED_BACKENDS = (django_redis.RedisCache, django_db.DatabaseCache, memcached.BaseMemcachedCache)


class CacheUnavailable(Exception):  # noqa: N818 - named for what callers handle
    """The shared cache did not answer an operation whose answer decides something (add, incr)."""


_last_warning = 0.0


def _warn(operation, error):
    # Once a minute per process: an outage must show in the log without flooding it.
    global _last_warning
    if time.monotonic() - _last_warning > 60:
        _last_warning = time.monotonic()
        logger.warning("Shared state: Redis did not answer (%s: %s); serving without the cache.", operation, error)


class RedisCache(django_redis.RedisCache):
    """Django's Redis cache that keeps the site up when Redis goes away (see the module's docstring)."""

    def _soft(self, operation, default, *args, **kwargs):
        try:
            return getattr(super(), operation)(*args, **kwargs)
        except RedisError as error:
            _warn(operation, error)
            return default() if callable(default) else default

    def get(self, key, default=None, version=None):
        return self._soft("get", default, key, default, version)

    def get_many(self, keys, version=None):
        return self._soft("get_many", dict, keys, version)

    def set(self, key, value, timeout=django_redis.DEFAULT_TIMEOUT, version=None):
        self._soft("set", None, key, value, timeout, version)

    def set_many(self, data, timeout=django_redis.DEFAULT_TIMEOUT, version=None):
        return self._soft("set_many", lambda: list(data), data, timeout, version)

    def touch(self, key, timeout=django_redis.DEFAULT_TIMEOUT, version=None):
        return self._soft("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._soft("delete", False, key, version)

    def delete_many(self, keys, version=None):
        self._soft("delete_many", None, keys, version)

    def _decisive(self, operation, *args, **kwargs):
        try:
            return getattr(super(), operation)(*args, **kwargs)
        except RedisError as error:
            _warn(operation, error)
            raise CacheUnavailable(f"{operation}: {error}") from error

    def add(self, key, value, timeout=django_redis.DEFAULT_TIMEOUT, version=None):
        return self._decisive("add", key, value, timeout, version)

    def incr(self, key, delta=1, version=None):
        return self._decisive("incr", key, delta, version)


class DatabaseCache(django_db.DatabaseCache):
    """Django's database cache, whose ``incr`` holds the entry's row lock and keeps its expiry.

    Django's own reads the entry, adds and writes it back with the default timeout: two processes
    could both read 4 and write 5, and every attempt would restart a rate limit's window."""

    def incr(self, key, delta=1, version=None):
        cache_key = self.make_and_validate_key(key, version=version)
        alias = router.db_for_write(self.cache_model_class)
        connection = connections[alias]
        name = connection.ops.quote_name
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""  # SQLite: BEGIN IMMEDIATE
        # Quoted names from the settings, the key a parameter, as in Django's own backend.
        sql = f"SELECT {name('value')}, {name('expires')} FROM {name(self._table)} WHERE {name('cache_key')} = %s"  # noqa: S608
        with transaction.atomic(using=alias), connection.cursor() as cursor:
            cursor.execute(sql + lock, [cache_key])
            row = cursor.fetchone()
            expires = row and self._expiry(row[1], connection)
            if row is None or expires < now():
                raise ValueError(f"Key '{key}' not found.")
            # Written by this backend only, as Django's own reads it.
            value = pickle.loads(base64.b64decode(connection.ops.process_clob(row[0]).encode())) + delta  # noqa: S301
            left = None if expires.year == 9999 else max(1, math.ceil((expires - now()).total_seconds()))
            self._base_set("set", cache_key, value, left)
        return value

    @staticmethod
    def _expiry(value, connection):
        # As Django's get_many reads it: aware or naive, whatever the database and USE_TZ give.
        expression = models.Expression(output_field=models.DateTimeField())
        for converter in connection.ops.get_db_converters(expression) + expression.get_db_converters(connection):
            value = converter(value, expression, connection)
        return value


def check_cache_is_shared():
    """Raise ImproperlyConfigured unless the default cache is shared by every process and server."""
    path = settings.CACHES["default"]["BACKEND"]
    if issubclass(import_string(path), SHARED_BACKENDS):
        return
    raise ImproperlyConfigured(
        f"CACHES['default'] uses {path}, which each worker process (or machine) keeps to itself: rate "
        "limits would count per process and a purged page would stay in the others. Set REDIS_URL, or "
        f"leave it unset to use the database cache (run `manage.py createcachetable` once)."
    )


def describe_cache():
    """One line naming where the shared state lives, for the start-up log."""
    config = settings.CACHES["default"]
    backend = import_string(config["BACKEND"])
    if issubclass(backend, django_db.DatabaseCache):
        return f"the database (table {config['LOCATION']}); set REDIS_URL to use Redis instead"
    if issubclass(backend, django_redis.RedisCache):
        return "Redis"
    return config["BACKEND"]


def check_cache_answers():
    """Read the cache once before serving: a missing database cache table stops start-up with the fix.

    Other failures (Redis not answering yet) are logged, not fatal: the process starts, and uses the
    cache as soon as it answers."""
    from django.core.cache import cache

    try:
        cache.get("townsquare:start-up")
    except DatabaseError as error:
        raise ImproperlyConfigured(
            f"The database cache's table {settings.CACHES['default'].get('LOCATION')} cannot be read ({error}). "
            "Create it with `manage.py createcachetable`, then start again."
        ) from error
    except Exception as error:  # noqa: BLE001 - whatever the backend raises, the site still serves
        logger.error("Shared state: the cache does not answer at start-up (%s).", error)
        return
    logger.info("Shared state (rate limits, page cache, de-duplication): %s.", describe_cache())
