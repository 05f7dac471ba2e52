"""Concurrent writes through a real server: gunicorn, several worker processes, PostgreSQL.

The test database is served by gunicorn (4 processes × 4 threads) with the test settings;
requests are plain HTTP from 200 client threads released together by a barrier.

- 200 replies posted at once into one thread: exactly 200 stored, and the tree stays valid
  (every parent exists in the thread, each level is its parent's plus one, the thread's
  ``order`` values are unique and depth-first: each reply sits inside its parent's subtree).
- Three moderators act on the same 40 held comments at once, as the triage screen does (with
  the state they saw): for each comment exactly one action wins, the others get 409, and the
  audit log holds that one change. Then again without the expected state: every change is
  applied in some order, and each comment's log is an unbroken chain ending in its state.

PostgreSQL only: SQLite serialises every writer on the database file.
"""

import json
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.db import connection
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from wagtail.models import ModelLogEntry

from benchmarks.load import Server
from communities.models import CommunityHubPage
from moderation.discussion.forms import StoryCommentForm
from moderation.models import Comment, ModerationSettings
from tests.factories import CommunityHubPageFactory, StoryPageFactory, UserFactory
from tests.stories.comment_helpers import add_comment
from townsquare import challenge

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

REPLIES = 200
HELD = 40
State = Comment.State


def database_url():
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def server(on_postgresql, transactional_db):
    with Server(
        workers=4,
        threads=4,
        settings_module="townsquare.settings.test",
        environ={"DATABASE_URL": database_url(), "PYTHONWARNINGS": "ignore"},
    ) as running:
        yield running
    connection.close()


def session_for(user):
    """Cookies and CSRF token of a signed-in browser (the session is in the database, shared)."""
    client = Client()
    client.force_login(user)
    csrf = _get_new_csrf_string()
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}; "
    cookie += f"{settings.CSRF_COOKIE_NAME}={csrf}"
    return cookie, csrf


def post(url, data, cookie, csrf, accept="text/html"):
    """POST ``data``; (status, body). Redirects are not followed: a 302 is the answer."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    body = urlencode({**data, "csrfmiddlewaretoken": csrf}).encode()
    request = urllib.request.Request(  # noqa: S310 - a loopback URL the test built
        url, data=body, headers={"Cookie": cookie, "Accept": accept, "Referer": url}
    )
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=120) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def all_at_once(calls):
    """Run every ``(function, args)`` in its own thread, released together; their results in order."""
    barrier = threading.Barrier(len(calls), timeout=60)
    results = [None] * len(calls)

    def run(index, function, args):
        barrier.wait()
        try:
            results[index] = function(*args)
        except Exception as error:  # reported by the assertions on the results
            results[index] = ("error", repr(error))

    threads = [threading.Thread(target=run, args=(i, f, a)) for i, (f, a) in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(thread.is_alive() for thread in threads), "a request never finished"
    return results


@pytest.fixture
def story(home):
    hub = CommunityHubPageFactory(
        parent=home, title="Cycling", slug="cycling", premoderation=CommunityHubPage.Premoderation.FLAGGED
    )
    hub.max_reply_depth = 4
    hub.save_revision().publish()
    limits = ModerationSettings.load()
    limits.rate_limit_count = 5000  # every request comes from 127.0.0.1
    limits.save()
    return StoryPageFactory(parent=hub, title="Winter", slug="winter")


def assert_valid_tree(thread_id):
    rows = list(Comment.objects.filter(thread_id=thread_id).values("pk", "parent_id", "level", "order", "state"))
    by_pk = {row["pk"]: row for row in rows}
    orders = [row["order"] for row in rows]
    assert len(set(orders)) == len(orders), "two comments share a place in the thread"
    stack = []  # the path from the thread's root to the comment before, in depth-first order
    for row in sorted(rows, key=lambda row: row["order"]):
        if row["pk"] == thread_id:
            assert (row["level"], row["parent_id"], stack) == (0, thread_id, [])
        else:
            parent = by_pk.get(row["parent_id"])
            assert parent is not None, f"comment {row['pk']} replies to a missing comment"
            assert row["level"] == parent["level"] + 1, f"comment {row['pk']} has the wrong level"
            while stack and stack[-1] != row["parent_id"]:
                stack.pop()
            assert stack, f"comment {row['pk']} is outside its parent's subtree"
        stack.append(row["pk"])
    return len(rows)


def test_200_concurrent_replies_into_one_thread_are_all_stored_in_a_valid_tree(server, story, report_figure):
    root = add_comment(story, "How do you ride through the winter?", name="Ana")
    parents = [root]
    for n in range(9):  # replies at levels 1 to 3, so that new replies land inside the thread, not only at its end
        parent = parents[n // 3] if n < 3 else parents[n - 2]
        parents.append(add_comment(story, f"Earlier reply {n}", parent=parent, name=f"Rider {n}"))
    riders = [UserFactory(username=f"rider{n}") for n in range(20)]
    sessions = [session_for(rider) for rider in riders]
    form = StoryCommentForm(story)
    timestamp = str(int(time.time()) - 60)
    security = {
        "content_type": "stories.storypage",
        "object_pk": str(story.pk),
        "timestamp": timestamp,
        "security_hash": form.initial_security_hash(timestamp),
    }
    before = Comment.objects.filter(thread_id=root.pk).count()
    calls = []
    for n in range(REPLIES):
        parent = parents[n % len(parents)]
        data = {
            **security,
            "altcha": challenge.solve(challenge.create()),  # a solution is accepted once: one each
            "reply_to": str(parent.pk),
            "honeypot": "",
            "comment": f"Concurrent reply {n}",
        }
        calls.append((post, (f"{server.url}/en/comments/post/", data, *sessions[n % len(sessions)])))
    connection.close()  # the server's processes write; this one only reads afterwards

    answers = all_at_once(calls)

    statuses = Counter(answer[0] for answer in answers)
    stored = Comment.objects.filter(thread_id=root.pk, comment__startswith="Concurrent reply").count()
    total = assert_valid_tree(root.pk)
    report_figure(
        f"concurrency: {REPLIES} replies posted at once into one thread through gunicorn "
        f"(4 processes × 4 threads, PostgreSQL): {stored} stored, answers {dict(statuses)}, tree of {total} valid"
    )
    assert statuses == Counter({302: REPLIES}), [a for a in answers if a[0] != 302][:3]
    assert stored == REPLIES
    assert total == before + REPLIES
    assert sorted(
        Comment.objects.filter(comment__startswith="Concurrent reply").values_list("comment", flat=True)
    ) == sorted(f"Concurrent reply {n}" for n in range(REPLIES))


def moderation_log(comment_pk):
    entries = ModelLogEntry.objects.filter(
        content_type__model="comment", object_id=str(comment_pk), action__startswith="townsquare_comment."
    ).order_by("timestamp", "pk")
    return [(entry.data.get("old_state"), entry.data.get("new_state")) for entry in entries]


def test_three_moderators_on_the_same_comments_lose_no_update(server, story, report_figure):
    hub = story.get_parent().specific
    moderators = [UserFactory(username=f"moderator{n}", groups=[hub.moderators_group]) for n in range(3)]
    sessions = [session_for(moderator) for moderator in moderators]
    comments = [add_comment(story, f"Held comment {n}", state=State.HELD, name=f"Visitor {n}") for n in range(HELD)]
    logged_before = {comment.pk: len(moderation_log(comment.pk)) for comment in comments}
    moves = [("approve", {}), ("reject", {"reason": "Off-topic"}), ("spam", {})]

    def act(comment, n, expected):
        action, fields = moves[n]
        data = {**fields, **({"expected_state": State.HELD} if expected else {})}
        url = f"{server.url}/admin/moderation/{comment.pk}/{action}/"
        status, body = post(url, data, *sessions[n], accept="application/json")
        return status, action, json.loads(body) if body.startswith("{") else body[:200]

    # Round 1: as the triage screen sends them, with the state each moderator saw.
    connection.close()
    answers = all_at_once([(act, (comment, n, True)) for comment in comments for n in range(3)])
    winners = {}
    for index, (status, action, body) in enumerate(answers):
        comment = comments[index // 3]
        assert status in (200, 409), (status, body)
        if status == 200:
            assert comment.pk not in winners, f"two moderators changed comment {comment.pk}"
            winners[comment.pk] = action
    final = dict(Comment.objects.filter(pk__in=[c.pk for c in comments]).values_list("pk", "state"))
    expected_state = {"approve": State.PUBLISHED, "reject": State.REJECTED, "spam": State.SPAM}
    assert len(winners) == HELD
    for comment in comments:
        assert final[comment.pk] == expected_state[winners[comment.pk]]
        assert moderation_log(comment.pk)[logged_before[comment.pk] :] == [(State.HELD, final[comment.pk])]

    # Round 2: blind actions (no expected state) on the same comments, all at once again.
    connection.close()
    answers = all_at_once([(act, (comment, n, False)) for comment in comments for n in range(3)])
    statuses = Counter(status for status, _action, _body in answers)
    assert set(statuses) <= {200, 409}, statuses
    applied = 0
    for comment in comments:
        log = moderation_log(comment.pk)
        state = Comment.objects.get(pk=comment.pk).state
        for (_old, new), (old, _new) in zip(log, log[1:], strict=False):
            assert old == new, f"comment {comment.pk}: a change was made from a state it was not in: {log}"
        assert log[-1][1] == state, f"comment {comment.pk}: its state is not the last logged change"
        applied += len(log) - logged_before[comment.pk] - 1
    assert applied == statuses[200]
    report_figure(
        f"concurrency: 3 moderators × {HELD} comments at once: {len(winners)} won exactly once with the state "
        f"they saw (the others 409); blind round: {statuses[200]} changes applied and logged in an unbroken chain, "
        f"{statuses[409]} already done"
    )
