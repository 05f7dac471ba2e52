"""Reading configuration from the environment, with errors a person can act on.

A missing secret or a malformed URL raises :class:`SettingsError`, whose
message names the variable and says what is expected. ``manage.py`` and the
WSGI entry point turn it into one line on stderr instead of a traceback.
"""

import contextlib
import os
import sys
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

SUPPORTED_DATABASE_SCHEMES = ("sqlite", "postgres", "postgresql", "pgsql")

# SQLite under concurrent requests (several threads or worker processes on one file):
# - WAL lets readers go on while one connection writes; synchronous=NORMAL is safe with WAL
#   (a power cut may lose the last commits, never corrupt the file) and avoids an fsync per commit;
# - a writer waits up to SQLITE_BUSY_TIMEOUT seconds for the lock instead of failing at once;
# - transactions take the write lock when they begin (BEGIN IMMEDIATE): a transaction that read
#   first and writes later cannot be refused "database is locked" half-way, which the busy timeout
#   does not cover (SQLite fails such an upgrade at once to avoid a deadlock).
SQLITE_INIT_COMMAND = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL"
SQLITE_BUSY_TIMEOUT = 20


class SettingsError(ImproperlyConfigured):
    """A setting read from the environment is missing or malformed."""


def get(name, default=None):
    value = os.environ.get(name, "").strip()
    return value if value else default


def required(name, hint=""):
    value = get(name)
    if value is None:
        raise SettingsError(
            f"{name} must be set in the environment for this configuration.{' ' + hint if hint else ''}"
        )
    return value


def flag(name, default=False):
    value = get(name)
    if value is None:
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise SettingsError(f"{name}={value!r} is not a boolean: use 1/0, true/false, yes/no or on/off.")


def integer(name, default):
    value = get(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise SettingsError(f"{name}={value!r} is not a whole number.") from None


def csv_list(name, default=()):
    value = get(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def database(name="DATABASE_URL", default=None):
    """Parse ``DATABASE_URL`` into a Django ``DATABASES`` entry.

    Accepts ``sqlite:///relative/or/absolute/path.sqlite3`` and
    ``postgres://user:password@host:port/name``. SQLite gets the options that keep it answering
    under concurrent writes (WAL, a busy timeout of ``SQLITE_BUSY_TIMEOUT`` seconds, immediate
    transactions).
    """
    url = get(name, default)
    scheme = urlsplit(url).scheme if url and "://" in url else ""
    if scheme not in SUPPORTED_DATABASE_SCHEMES:
        raise SettingsError(
            f"{name}={url!r} is not a database URL Townsquare understands: "
            "use sqlite:///path/to/file.sqlite3 or postgres://user:password@host:5432/name."
        )
    try:
        config = dj_database_url.parse(url, conn_max_age=integer("DATABASE_CONN_MAX_AGE", 0))
    except ValueError as exc:
        raise SettingsError(f"{name}={url!r} could not be parsed: {exc}") from None
    if scheme == "sqlite":
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": integer("SQLITE_BUSY_TIMEOUT", SQLITE_BUSY_TIMEOUT),
            "init_command": SQLITE_INIT_COMMAND,
        }
    if not config.get("NAME") and scheme != "sqlite":
        raise SettingsError(f"{name}={url!r} names no database: add /<database name> to the end.")
    if scheme != "sqlite":
        try:
            urlsplit(url).port  # noqa: B018 - raises ValueError on a port that is not a number
        except ValueError:
            raise SettingsError(f"{name}={url!r} has a port that is not a number.") from None
    return config


@contextlib.contextmanager
def exit_on_settings_error():
    """Print a settings error as one line and exit with status 2."""
    try:
        yield
    except ImproperlyConfigured as exc:
        print(f"Townsquare configuration error: {exc}", file=sys.stderr)
        sys.exit(2)
