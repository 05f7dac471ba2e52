"""The SQLite default under concurrent writes: no "database is locked", nothing stored twice.

The test database (with a hub, a story, signed-in readers) is copied to a file, which gunicorn
serves with the test settings (2 processes × 8 threads, so writers compete across processes and
threads). Client threads released together by a barrier open guests' confirmation links, some of
them twice at once (a visitor double-clicking), and post signed-in comments. Every answer is a
redirect (no 5xx), each confirmed comment is stored exactly once and every post is stored.

What makes it hold is in ``townsquare.settings.env.database``: WAL, a busy timeout, and
``BEGIN IMMEDIATE`` transactions. Without them, writers that meet can fail with "database is
locked" (a 500), how often depending on timing.

SQLite only: PostgreSQL has its own test (``test_concurrent_server``).
"""

import sqlite3
import time
import urllib.error
import urllib.request
from collections import Counter
from datetime import datetime, timedelta

import pytest
from django.db import connection

from benchmarks.load import Server
from communities.models import CommunityHubPage
from moderation.discussion.confirmation import make_confirm_key
from moderation.discussion.forms import StoryCommentForm
from moderation.models import Comment, ModerationSettings
from tests.factories import CommunityHubPageFactory, StoryPageFactory, UserFactory
from tests.reliability.test_concurrent_server import all_at_once, post, session_for

pytestmark = pytest.mark.slow

CONFIRMATIONS = 120
OPENED_TWICE = 30  # of the confirmation links, opened twice at the same moment
POSTS = 40


@pytest.fixture
def sqlite_only(transactional_db):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's locking is what this tests; PostgreSQL is covered by test_concurrent_server")


@pytest.fixture
def story(sqlite_only, home):
    hub = CommunityHubPageFactory(
        parent=home, title="Cycling", slug="cycling", premoderation=CommunityHubPage.Premoderation.FLAGGED
    )
    hub.save_revision().publish()
    limits = ModerationSettings.load()
    limits.rate_limit_count = 5000  # every request comes from 127.0.0.1
    limits.save()
    return StoryPageFactory(parent=hub, title="Winter", slug="winter")


def served_copy(path):
    """Copy the test database (SQLite in memory) to ``path`` and serve that file with gunicorn."""
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM INTO %s", [str(path)])
    return Server(
        workers=2,
        threads=8,
        settings_module="townsquare.settings.test",
        environ={"DATABASE_URL": f"sqlite:///{path}", "PYTHONWARNINGS": "ignore"},
    )


def get(url):
    """GET without following redirects; (status, start of the body)."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        with urllib.request.build_opener(NoRedirect).open(url, timeout=120) as response:  # loopback URL
            return response.status, response.read(300).decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read(300).decode(errors="replace")


def stored_texts(path, prefix):
    """{comment text: how many rows} in the served file, for texts starting with ``prefix``."""
    table = Comment._meta.get_field("comment").model._meta.db_table
    with sqlite3.connect(path) as db:
        rows = db.execute(
            f'SELECT "comment", COUNT(*) FROM "{table}" WHERE "comment" LIKE ? GROUP BY "comment"',  # noqa: S608
            [prefix + "%"],
        ).fetchall()
    return dict(rows)


def test_concurrent_confirmations_and_posts_on_sqlite_never_answer_5xx(story, tmp_path, report_figure):
    readers = [UserFactory(username=f"reader{n}") for n in range(8)]
    sessions = [session_for(reader) for reader in readers]
    timestamp = str(int(time.time()) - 60)
    security = {
        "content_type": "stories.storypage",
        "object_pk": str(story.pk),
        "timestamp": timestamp,
        "security_hash": StoryCommentForm(story).initial_security_hash(timestamp),
        "honeypot": "",
    }
    start = datetime.now().astimezone() - timedelta(minutes=5)
    links = []
    for n in range(CONFIRMATIONS):
        payload = {
            "story": story.pk,
            "parent": 0,
            "name": f"Guest {n}",
            "email": f"guest{n}@example.org",
            "text": f"Confirmed comment {n}",
            "followup": n % 2 == 0,
            "ip": "127.0.0.1",
            "at": (start + timedelta(seconds=n)).isoformat(),
        }
        links.append(f"/en/comments/confirm/{make_confirm_key(payload)}/")
    path = tmp_path / "served.sqlite3"

    with served_copy(path) as server:
        calls = [(get, (server.url + link,)) for link in links]
        calls += [(get, (server.url + link,)) for link in links[:OPENED_TWICE]]
        post_url = f"{server.url}/en/comments/post/"
        calls += [
            (post, (post_url, {**security, "comment": f"Posted comment {n}"}, *sessions[n % len(sessions)]))
            for n in range(POSTS)
        ]
        connection.close()  # the server's processes write to the copy; this one reads it afterwards
        began = time.monotonic()
        answers = all_at_once(calls)
        seconds = time.monotonic() - began

    statuses = Counter(answer[0] for answer in answers)
    confirmed = stored_texts(path, "Confirmed comment ")
    posted = stored_texts(path, "Posted comment ")
    errors = sum(count for status, count in statuses.items() if not isinstance(status, int) or status >= 500)
    report_figure(
        f"trust, SQLite: {CONFIRMATIONS + OPENED_TWICE} concurrent confirmations ({OPENED_TWICE} links opened "
        f"twice at once) and {POSTS} posts through gunicorn (2 processes × 8 threads) in {seconds:.1f} s, "
        f"{errors} errors; answers {dict(statuses)}"
    )
    assert len(answers) == CONFIRMATIONS + OPENED_TWICE + POSTS
    assert errors == 0, [answer for answer in answers if answer[0] != 302][:3]
    assert statuses == Counter({302: len(answers)}), [answer for answer in answers if answer[0] != 302][:3]
    assert confirmed == {f"Confirmed comment {n}": 1 for n in range(CONFIRMATIONS)}
    assert posted == {f"Posted comment {n}": 1 for n in range(POSTS)}
