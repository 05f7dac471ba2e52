"""Shared state (townsquare/shared_state.py): production refuses a cache each process keeps to itself,
shares the database cache without REDIS_URL (and says so at start-up, or names the missing table),
that cache counts rate limits atomically without restarting their window, and the site keeps
serving when Redis goes away (a Redis server of the test's own, stopped mid-test)."""

import os
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, connections
from django.test import Client
from django.utils import timezone

from moderation import policy
from moderation.decisions import forget_reason_labels
from moderation.models import Comment, ModerationSettings
from tests.factories import StoryPageFactory, UserFactory
from tests.servers import PrivateRedis
from tests.stories.comment_helpers import form_post
from townsquare.shared_state import CACHE_TABLE

REPO = Path(__file__).resolve().parents[2]
# The WSGI entry point as gunicorn imports it (from the repository, whatever is installed).
IMPORT_WSGI = "import sys; sys.path[:0] = ['site', '.']; from townsquare.wsgi import application"


def production(tmp_path, **environ):
    clean = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE")}
    clean.update(
        DJANGO_SETTINGS_MODULE="townsquare.settings.production",
        SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        PYTHONWARNINGS="ignore",
    )
    clean.update(environ)
    return clean


def run(environ, *args):
    return subprocess.run([sys.executable, *args], cwd=REPO, env=environ, capture_output=True, text=True, timeout=120)


def one_line(result):
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]


def test_production_refuses_a_cache_each_process_keeps_to_itself(tmp_path):
    (tmp_path / "per_process_settings.py").write_text(
        "from townsquare.settings.production import *  # noqa\n"
        "CACHES = {'default': {'BACKEND': 'django.core.cache.backends.locmem.LocMemCache'}}\n"
    )
    environ = production(tmp_path, DJANGO_SETTINGS_MODULE="per_process_settings", PYTHONPATH=str(tmp_path))
    for args in (["manage.py", "check"], ["-c", IMPORT_WSGI]):
        result = run(environ, *args)
        assert result.returncode == 2, (args, result.stderr)
        line = one_line(result)
        assert "LocMemCache" in line and "keeps to itself" in line and "REDIS_URL" in line, line


def test_production_without_redis_shares_the_database_cache_and_names_a_missing_table(tmp_path):
    environ = production(tmp_path)
    missing = run(environ, "-c", IMPORT_WSGI)
    assert missing.returncode == 2, missing.stderr
    assert CACHE_TABLE in one_line(missing) and "createcachetable" in one_line(missing)

    assert run(environ, "manage.py", "createcachetable").returncode == 0
    started = run(environ, "-c", IMPORT_WSGI)
    assert started.returncode == 0, started.stderr
    said = f"Shared state (rate limits, page cache, de-duplication): the database (table {CACHE_TABLE})"
    assert said in started.stderr


@pytest.fixture
def database_cache(settings):
    """The production default without REDIS_URL, on the test database."""
    settings.CACHES = {"default": {"BACKEND": "townsquare.shared_state.DatabaseCache", "LOCATION": CACHE_TABLE}}
    call_command("createcachetable", verbosity=0)
    yield cache
    cache.clear()


def expiry(key):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT expires FROM {CACHE_TABLE} WHERE cache_key = %s", [cache.make_key(key)])  # noqa: S608
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_incr_counts_and_keeps_the_window(database_cache):
    assert database_cache.add("window", 0, timeout=600)
    opened = expiry("window")
    assert [database_cache.incr("window") for _ in range(3)] == [1, 2, 3]
    assert database_cache.get("window") == 3
    # Django's own incr rewrote the entry with the default timeout (300 s): the window restarted.
    assert expiry("window") == opened
    with pytest.raises(ValueError):
        database_cache.incr("never-set")


@pytest.mark.django_db
def test_incr_of_an_expired_entry_opens_a_new_count(database_cache):
    database_cache.set("old", 4, timeout=600)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {CACHE_TABLE} SET expires = %s WHERE cache_key = %s",  # noqa: S608
            [timezone.now() - timedelta(seconds=5), cache.make_key("old")],
        )
    with pytest.raises(ValueError):
        database_cache.incr("old")


@pytest.mark.django_db
def test_the_rate_limit_holds_on_the_database_cache(database_cache):
    limit = ModerationSettings.load().rate_limit_count
    answers = [policy.check_rate_limit(ip_address="203.0.113.9", email="ana@example.org") for _ in range(limit + 1)]
    assert answers[:limit] == [None] * limit
    assert answers[limit] is not None and "a lot of comments" in str(answers[limit])


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_incr_from_many_connections_at_once_loses_no_count(on_postgresql, database_cache):
    database_cache.add("together", 0, timeout=600)
    threads, rounds = 8, 10
    barrier = threading.Barrier(threads)
    failures = []

    def count():
        try:
            barrier.wait(timeout=30)
            for _ in range(rounds):
                database_cache.incr("together")
        except Exception as error:  # reported below
            failures.append(repr(error))
        finally:
            connections.close_all()

    workers = [threading.Thread(target=count) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert failures == []
    assert database_cache.get("together") == threads * rounds


@pytest.fixture
def redis_cache(tmp_path, settings):
    """The production backend with REDIS_URL, on a Redis the test stops."""
    server = PrivateRedis(tmp_path)
    settings.CACHES = {
        "default": {
            "BACKEND": "townsquare.shared_state.RedisCache",
            "LOCATION": server.url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    yield server
    server.stop()


@pytest.mark.django_db
def test_the_site_keeps_serving_when_redis_goes_away(redis_cache, hub, client, caplog):
    story = StoryPageFactory(parent=hub, title="Seeds", slug="seeds")
    url = "/en/gardening/seeds/"
    # Redis answers: the second anonymous view comes from the shared page cache.
    assert [Client().get(url)["X-Page-Cache"] for _ in range(2)] == ["miss", "hit"]
    visitor = UserFactory(email="sam@example.org")
    client.force_login(visitor)

    redis_cache.stop()
    # Pages are rendered (and not stored); the signed-in visitor's session is read from the database.
    for _ in range(2):
        response = Client().get(url)
        assert response.status_code == 200 and "X-Page-Cache" not in response
    assert client.get(url).status_code == 200
    assert "Redis did not answer" in caplog.text
    # Rate limits fail open: more posts than the limit are let through...
    limit = ModerationSettings.load().rate_limit_count
    answers = [policy.check_rate_limit(ip_address="203.0.113.9", email="ana@example.org") for _ in range(limit + 2)]
    assert answers == [None] * (limit + 2)
    # ...and a comment whose challenge cannot be checked for a replay waits for a moderator.
    response = client.post("/en/comments/post/", form_post(story, comment="Posted while Redis is down."))
    assert response.status_code == 302, response.content[:300]
    comment = Comment.objects.get(user=visitor)
    assert comment.state == Comment.State.HELD
    assert Comment.Reason.NO_CHALLENGE in [reason["code"] for reason in comment.reasons]
    # Publishing a hub forgets the moderation reasons' labels without the cache.
    forget_reason_labels()
