"""Scale-out: two app servers and two task workers on one machine share one truth.

Two gunicorn servers (2 worker processes each) on two loopback ports serve the test database
(PostgreSQL) with the production's shared state (tests/reliability/scale_out_settings.py): the
cache in Redis (a server of the test's own) or, without ``REDIS_URL``, in the database. Requests
alternate between the servers, as a load balancer sends them:

- the rate limit holds in total: the 6th post within the window is refused, whichever server
  gets it (with Redis and with the database cache);
- an approval posted to server A shows on the cached page server B serves at the next request;
- one visitor's report counts once, whichever server gets it;
- 500 comments posted across both servers queue 500 confirmation e-mails, and two ``db_worker``
  processes send each exactly once;
- killing server A mid-load loses no comment either server acknowledged.

PostgreSQL only: SQLite is one machine's file (docs/operators.md, "SQLite").
"""

import contextlib
import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.middleware.csrf import _get_new_csrf_string
from django_tasks_db.models import DBTaskResult

from benchmarks.load import Server
from communities.models import CommunityHubPage
from moderation.discussion.forms import StoryCommentForm
from moderation.models import Comment, ModerationSettings, Report
from tests.factories import CommunityHubPageFactory, StoryPageFactory, UserFactory
from tests.reliability.test_concurrent_server import database_url, post, session_for
from tests.servers import PrivateRedis
from tests.stories.comment_helpers import add_comment
from townsquare import challenge

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

REPO = Path(__file__).resolve().parents[2]
SETTINGS = "tests.reliability.scale_out_settings"
State = Comment.State


@pytest.fixture(params=["redis", "database"])
def shared_cache(request, on_postgresql, transactional_db, tmp_path, settings):
    """The variables that choose the servers' cache: a fresh Redis, or the database's cache table."""
    if request.param == "redis":
        redis = PrivateRedis(tmp_path)
        yield {"REDIS_URL": redis.url}
        redis.stop()
        return
    settings.CACHES = {"default": {"BACKEND": "townsquare.shared_state.DatabaseCache", "LOCATION": "townsquare_cache"}}
    call_command("createcachetable", verbosity=0)
    cache.clear()  # counters of an earlier test
    yield {"REDIS_URL": ""}
    cache.clear()


@pytest.fixture
def redis_only(tmp_path):
    redis = PrivateRedis(tmp_path)
    yield {"REDIS_URL": redis.url}
    redis.stop()


def environ(shared, mail_dir):
    return {"DATABASE_URL": database_url(), "PYTHONWARNINGS": "ignore", "SCALE_OUT_MAIL_DIR": str(mail_dir), **shared}


class TwoServers:
    def __init__(self, variables):
        self.servers = [Server(workers=2, settings_module=SETTINGS, environ=variables) for _ in range(2)]

    def __enter__(self):
        for server in self.servers:
            server.__enter__()
        return self.servers

    def __exit__(self, *exc):
        for server in self.servers:
            if server.process.poll() is None:
                server.__exit__(*exc)


@pytest.fixture
def story(on_postgresql, transactional_db, home):
    hub = CommunityHubPageFactory(
        parent=home, title="Cycling", slug="cycling", premoderation=CommunityHubPage.Premoderation.FLAGGED
    )
    return StoryPageFactory(parent=hub, title="Winter", slug="winter")


def comment_data(story, text, **fields):
    timestamp = str(int(time.time()) - 60)
    return {
        "content_type": "stories.storypage",
        "object_pk": str(story.pk),
        "timestamp": timestamp,
        "security_hash": StoryCommentForm(story).initial_security_hash(timestamp),
        "altcha": challenge.solve(challenge.create()),  # a solution is accepted once: one each
        "reply_to": "0",
        "honeypot": "",
        "comment": text,
        **fields,
    }


def anonymous_browser():
    """Cookie and CSRF token of a visitor who is not signed in."""
    csrf = _get_new_csrf_string()
    return f"{settings.CSRF_COOKIE_NAME}={csrf}", csrf


def anonymous_get(url):
    import urllib.request

    with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 - a loopback URL the test built
        return response.headers.get("X-Page-Cache"), response.read().decode()


def test_the_rate_limit_holds_in_total_whichever_server_gets_the_post(shared_cache, story, tmp_path):
    visitor = UserFactory(username="sam", email="sam@example.org")
    cookie, csrf = session_for(visitor)
    limit = ModerationSettings.load().rate_limit_count
    connection.close()
    with TwoServers(environ(shared_cache, tmp_path)) as servers:
        statuses = [
            post(f"{servers[n % 2].url}/en/comments/post/", comment_data(story, f"Post {n}"), cookie, csrf)[0]
            for n in range(limit + 2)
        ]
    assert statuses == [302] * limit + [429, 429]
    assert Comment.objects.filter(user=visitor).count() == limit


def test_an_approval_on_one_server_shows_on_the_other_servers_cached_page(redis_only, story, tmp_path):
    hub = story.get_parent().specific
    moderator = UserFactory(username="mo", groups=[hub.moderators_group])
    held = add_comment(story, "Held until a moderator reads it", state=State.HELD, name="Ana")
    cookie, csrf = session_for(moderator)
    connection.close()
    with TwoServers(environ(redis_only, tmp_path)) as (a, b):
        page = f"{b.url}{story.url}"
        # Several views, so that each of B's workers has served the page (a cache of each process
        # would then keep a stale copy in one of them).
        before = [anonymous_get(page) for _ in range(6)]
        assert before[0][0] == "miss" and "hit" in {status for status, _body in before}
        assert not any("Held until a moderator" in body for _status, body in before)
        status, _body = post(
            f"{a.url}/admin/moderation/{held.pk}/approve/", {}, cookie, csrf, accept="application/json"
        )
        assert status == 200
        after = [anonymous_get(page) for _ in range(6)]
    assert after[0][0] == "miss"
    assert all("Held until a moderator reads it" in body for _status, body in after)


def test_one_visitors_report_counts_once_whichever_server_gets_it(redis_only, story, tmp_path):
    comment = add_comment(story, "Ride on the pavement", name="Ana")
    reporter = UserFactory(username="rey")
    cookie, csrf = session_for(reporter)
    reason = Report.Reason.choices[0][0]
    connection.close()
    with TwoServers(environ(redis_only, tmp_path)) as servers:
        statuses = [
            post(f"{server.url}/en/comments/report/{comment.pk}/", {"reason": reason}, cookie, csrf)[0]
            for server in servers * 2
        ]
    assert statuses == [200] * 4
    assert Report.objects.filter(comment=comment).count() == 1
    assert Comment.objects.get(pk=comment.pk).report_count == 1


def in_threads(calls, threads=8):
    """Run ``calls`` (functions without arguments) on ``threads`` threads; their results, in order."""

    def run(call):
        try:
            return call()
        except Exception as error:  # a refused connection to a killed server, counted by the caller
            return ("error", repr(error))

    with ThreadPoolExecutor(threads) as pool:
        return list(pool.map(run, calls, timeout=600))


def db_worker(variables, name, log, *options, settings_module=SETTINGS):
    """``manage.py db_worker`` until the queue is empty; its log (two lines a task) goes to a file,
    which, unlike a pipe nobody reads, never fills up and stops the worker."""
    env = {**os.environ, **variables, "DJANGO_SETTINGS_MODULE": settings_module}
    with log.open("w") as output:
        worker = subprocess.Popen(  # noqa: S603 - this repository's manage.py
            [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--worker-id", name, *options],
            cwd=REPO,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    worker.log = log
    return worker


TASKS = 500


def test_500_tasks_queued_across_both_servers_run_exactly_once_on_two_workers(redis_only, story, tmp_path):
    anonymous = anonymous_browser()
    limits = ModerationSettings.load()
    limits.rate_limit_count = 5000  # every post comes from 127.0.0.1
    limits.save()
    variables = environ(redis_only, tmp_path / "mail")
    connection.close()
    with TwoServers(variables) as servers:
        calls = [
            lambda n=n: post(
                f"{servers[n % 2].url}/en/comments/post/",
                comment_data(story, f"Anonymous {n}", name=f"Guest {n}", email=f"guest{n}@example.org"),
                *anonymous,
            )[0]
            for n in range(TASKS)
        ]
        statuses = Counter(in_threads(calls))
    assert statuses == Counter({302: TASKS}), statuses
    queued = DBTaskResult.objects.filter(task_path__endswith=".send_confirmation_request")
    assert queued.count() == TASKS

    workers = [db_worker(variables, f"worker-{n}", tmp_path / f"worker-{n}.log") for n in range(2)]
    for worker in workers:
        assert worker.wait(timeout=300) == 0, worker.log.read_text()[-2000:]

    claims = Counter(len(worker_ids) for worker_ids in queued.values_list("worker_ids", flat=True))
    by_worker = Counter(worker_ids[0] for worker_ids in queued.values_list("worker_ids", flat=True))
    assert claims == Counter({1: TASKS}), claims
    assert set(by_worker) == {"worker-0", "worker-1"}, by_worker  # both took a share
    assert queued.filter(status="SUCCESSFUL").count() == TASKS
    sent = Counter(
        address
        for message in (tmp_path / "mail").iterdir()
        for address in re.findall(r"^To: .*?<?(guest\d+@example\.org)>?$", message.read_text(), re.MULTILINE)
    )
    assert sent == Counter({f"guest{n}@example.org": 1 for n in range(TASKS)})


def kill_server(server):
    """SIGKILL gunicorn's master and its workers at once, as a machine that dies."""
    master = server.process.pid
    children = [int(pid) for pid in os.listdir("/proc") if pid.isdigit() and parent_of(pid) == master]
    for pid in [master, *children]:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    server.process.wait(timeout=10)


def parent_of(pid):
    try:
        # /proc/<pid>/stat: "pid (name) state ppid ...", the name in parentheses may hold spaces.
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None


def test_killing_a_server_mid_load_loses_no_acknowledged_comment(redis_only, story, tmp_path, report_figure):
    limits = ModerationSettings.load()
    limits.rate_limit_count = 5000
    limits.save()
    riders = [UserFactory(username=f"rider{n}") for n in range(8)]
    sessions = [session_for(rider) for rider in riders]
    posts = 400
    connection.close()
    with TwoServers(environ(redis_only, tmp_path)) as servers:

        def send(n):
            if n == posts // 3:
                kill_server(servers[0])  # a third of the way through, server A dies
            status, _body = post(
                f"{servers[n % 2].url}/en/comments/post/",
                comment_data(story, f"Load {n}"),
                *sessions[n % len(sessions)],
            )
            return status

        answers = in_threads([lambda n=n: (n, send(n)) for n in range(posts)])
    acknowledged = {f"Load {n}" for n, status in answers if status == 302}
    stored = set(Comment.objects.filter(page=story, comment__startswith="Load ").values_list("comment", flat=True))
    outcomes = Counter(status if isinstance(status, int) else "no answer" for _n, status in answers)
    report_figure(
        f"scale-out: {posts} posts across two servers, one killed a third of the way: {len(acknowledged)} "
        f"acknowledged, {len(stored)} stored, {len(acknowledged - stored)} lost; answers {dict(outcomes)}"
    )
    assert acknowledged - stored == set(), "acknowledged comments were lost"
    assert len(acknowledged) >= posts // 2  # server B kept answering its share and more
    assert outcomes["no answer"] > 0, "server A was never seen down: the test proved nothing"
