"""Comment POSTs under load: gunicorn on loopback, driven by ``wrk`` (Debian's package).

The same server, settings and signed-in session post through the real comment form
(``/en/comments/post/``: validation, policy, sanitizing, storage, audit) and to a bare view that
inserts one row (``bare_insert_rps``) and to one that reads the session and user, checks CSRF and
writes a row and an audit row (``signed_in_insert_rps``: the realistic limit).

A phase cannot pass on nothing (:func:`run_phase`): before it is timed, one request must get the
answer the phase expects; after it, wrk must have measured at least ``min_requests`` answers, with
no socket error, no timeout and no answer outside 2xx/3xx. Otherwise :class:`LoadPhaseError`
stops the benchmark. Workers load what they need before they fork (gunicorn ``--preload``; the
WSGI module loads the offensive-language model).

Losses are counted both ways, without clamping: ``lost_comments`` are posts answered as stored
that are not in the database; ``unacknowledged_comments`` are stored posts wrk saw no answer to
(at most the requests still in flight when wrk stopped: one per connection).
"""

import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

from django.conf import settings
from django.db import connection
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client

REPO = Path(__file__).resolve().parent.parent
WARMUP_SECONDS = 2


class LoadPhaseError(RuntimeError):
    """A load phase measured nothing, or measured failures: its figures would mean nothing."""


WRK_SCRIPT = r"""
local counter = 0
local thread_id = 0
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  thread_id = id
end

request = function()
  counter = counter + 1
  local body = BODY .. "&comment=" .. "Posted+under+load+" .. thread_id .. "-" .. counter
  -- A solution of its own for every post (a solution is accepted once; -t2: two threads).
  local solution = SOLUTIONS[(counter - 1) * 2 + thread_id]
  if solution then
    body = body .. "&altcha=" .. solution
  end
  -- Replies: each answers one of the phase's top-level comments, in turn.
  if #REPLY_TO > 0 then
    body = body .. "&reply_to=" .. REPLY_TO[(counter % #REPLY_TO) + 1]
  end
  return wrk.format("POST", PATH, HEADERS, body)
end

function done(summary, latency, requests)
  io.write(string.format('{"requests": %d, "duration_us": %d, "status_errors": %d, "connect": %d, "read": %d, "write": %d, "timeout": %d}\n',
    summary.requests, summary.duration, summary.errors.status, summary.errors.connect,
    summary.errors.read, summary.errors.write, summary.errors.timeout))
end
"""


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wrk_path():
    return shutil.which("wrk")


class Server:
    """gunicorn serving ``settings_module`` on a free loopback port (the benchmark's by default).

    ``environ`` adds variables (e.g. ``DATABASE_URL``); ``threads`` > 1 runs gthread workers.
    The tests of concurrent writes use it too, on the test database."""

    def __init__(
        self,
        workers,
        settings_module="benchmarks.settings",
        environ=None,
        threads=1,
        ready_statuses=(200,),
        stderr=None,
    ):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.workers = workers
        self.threads = threads
        self.environ = {"DJANGO_SETTINGS_MODULE": settings_module, **(environ or {})}
        self.ready_statuses = ready_statuses  # of /healthz, once the server answers
        self.stderr = stderr

    def __enter__(self):
        env = {**os.environ, **self.environ, "PYTHONPATH": f"{REPO / 'site'}:{REPO}"}
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "townsquare.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--threads",
                str(self.threads),
                "--log-level",
                "warning",
                # The app (and the offensive-language model, see townsquare.wsgi) loads once,
                # before the workers fork: no worker spends its first requests loading it.
                "--preload",
            ],
            cwd=REPO,
            env=env,
            stderr=self.stderr,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped at start (exit code {self.process.returncode})")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=1):  # noqa: S310
                    return self
            except urllib.error.HTTPError as error:
                if error.code in self.ready_statuses:
                    return self
                time.sleep(0.2)
            except OSError:
                time.sleep(0.2)
        self.process.kill()
        raise RuntimeError("gunicorn did not start")

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()


def _session_cookie(user):
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _solutions(seconds, per_second=1000):
    """URL-encoded challenge solutions for ``seconds`` of posts at up to ``per_second``. Each
    challenge is made with a known answer, so nothing is searched here; the server checks them
    as it checks a browser's."""
    from townsquare import challenge

    return [quote(challenge.solution(challenge.create(number=0), 0), safe="") for _ in range(seconds * per_second)]


def _headers(url, cookie, csrf):
    """A browser's headers: the session cookie (None: a visitor who is not signed in) and CSRF's."""
    cookies = f"{settings.CSRF_COOKIE_NAME}={csrf}"
    if cookie is not None:
        cookies = f"{settings.SESSION_COOKIE_NAME}={cookie}; {cookies}"
    return {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookies, "Referer": url + "/"}


def _probe(url, path, body, headers, reply_to=()):
    """The status of one POST of ``body`` to ``path``, as wrk will send it (redirects not followed)."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        (solution,) = _solutions(1, per_second=1)
        body = f"{body}&comment=Probe&altcha={solution}" + (f"&reply_to={reply_to[0]}" if reply_to else "")
        conn.request("POST", path, body=body, headers=headers)
        return conn.getresponse().status
    finally:
        conn.close()


def _run_wrk(url, path, body, headers, seconds, connections, reply_to=()):
    lua = "\n".join(
        [
            f"PATH = {json.dumps(path)}",
            f"BODY = {json.dumps(body)}",
            "REPLY_TO = {" + ", ".join(json.dumps(str(pk)) for pk in reply_to) + "}",
            "SOLUTIONS = {" + ", ".join(json.dumps(solution) for solution in _solutions(seconds)) + "}",
            "HEADERS = {" + ", ".join(f"[{json.dumps(k)}] = {json.dumps(v)}" for k, v in headers.items()) + "}",
            WRK_SCRIPT,
        ]
    )
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua)
    try:
        output = subprocess.run(
            [wrk_path(), "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", script.name, url],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        os.unlink(script.name)
    summary = json.loads(output.strip().splitlines()[-1])
    seconds_measured = summary["duration_us"] / 1_000_000
    summary["rps"] = summary["requests"] / seconds_measured if seconds_measured else 0.0
    return summary


def phase_problems(summary, min_requests=1):
    """What makes a phase's figures meaningless: too few answers, socket errors, timeouts, or
    answers outside 2xx/3xx (wrk counts those as status errors)."""
    problems = []
    if summary["requests"] < min_requests:
        problems.append(f"{summary['requests']} requests answered (at least {min_requests} expected)")
    for kind in ("connect", "read", "write", "timeout"):
        if summary[kind]:
            problems.append(f"{summary[kind]} {kind} errors")
    if summary["status_errors"]:
        problems.append(f"{summary['status_errors']} answers outside 2xx/3xx")
    return problems


def run_phase(name, url, path, body, headers, seconds, connections, expect, min_requests=1, reply_to=()):
    """One load phase: check that ``path`` answers ``expect`` (a status), then ``seconds`` of wrk;
    :class:`LoadPhaseError` unless it measured at least ``min_requests`` good answers.
    ``reply_to``: comment ids that the posts answer in turn (the body has no ``reply_to``)."""
    status = _probe(url, path, body, headers, reply_to)
    if status != expect:
        raise LoadPhaseError(f"{name}: POST {path} answered {status}, not {expect}: nothing to measure")
    summary = _run_wrk(url, path, body, headers, seconds, connections, reply_to)
    problems = phase_problems(summary, min_requests)
    if problems:
        raise LoadPhaseError(f"{name}: " + "; ".join(problems))
    summary["acknowledged"] = summary["requests"] + 1  # and the probe's answer
    return summary


def comment_form(story):
    """The comment form's fields as a browser sends them (without the comment, the challenge's
    solution and ``reply_to``), handed out a minute ago, as to a visitor who read the story first."""
    from moderation.discussion.forms import StoryCommentForm

    timestamp = int(time.time()) - 60
    return {
        "content_type": "stories.storypage",
        "object_pk": str(story.pk),
        "honeypot": "",
        "timestamp": str(timestamp),
        "security_hash": StoryCommentForm(story).initial_security_hash(timestamp),
    }


def post_load(story, user, seconds, workers=4, connections=8, min_requests=1):
    """Figures for ``seconds`` of load each, at least ``min_requests`` answers each:
    ``{"posts", "replies", "anonymous", "bare", "signed_in"}``.

    Signed-in top-level posts and replies (each to one of the top-level comments, in turn) are
    stored at once; an anonymous post is a confirmation e-mail queued for a worker (stored when
    its link is opened), so its "stored" count is the confirmation requests queued."""
    from django_tasks_db.models import DBTaskResult

    from moderation.models import Comment

    with connection.cursor() as cursor:
        from benchmarks.urls import AUDIT_TABLE, BARE_TABLE

        cursor.execute(f"DROP TABLE IF EXISTS {BARE_TABLE}")
        cursor.execute(f"DROP TABLE IF EXISTS {AUDIT_TABLE}")
        primary_key = (
            "SERIAL PRIMARY KEY" if connection.vendor == "postgresql" else "INTEGER PRIMARY KEY AUTOINCREMENT"
        )
        cursor.execute(f"CREATE TABLE {BARE_TABLE} (id {primary_key}, body TEXT NOT NULL)")
        cursor.execute(f"CREATE TABLE {AUDIT_TABLE} (id {primary_key}, user_id INTEGER NOT NULL)")
    csrf = _get_new_csrf_string()
    cookie = _session_cookie(user)
    form = {**comment_form(story), "csrfmiddlewaretoken": csrf}
    signed_in_body = urlencode({**form, "reply_to": "0"})
    reply_body = urlencode(form)
    anonymous_body = urlencode({**form, "reply_to": "0", "name": "Robin Quist", "email": "robin@example.org"})
    confirmations = DBTaskResult.objects.filter(task_path__endswith=".send_confirmation_request")
    connection.close()  # the server's workers open their own
    with Server(workers) as server:
        url = server.url
        signed_in_headers = _headers(url, cookie, csrf)
        anonymous_headers = _headers(url, None, csrf)

        def phase(name, path, expect, phase_seconds, floor=1, body=signed_in_body, headers=signed_in_headers, **kw):
            return run_phase(name, url, path, body, headers, phase_seconds, connections, expect, floor, **kw)

        def replies():
            return Comment.objects.filter(page=story, level__gt=0).count()

        # Warm every worker up first (connections, first requests), then measure.
        phase("comment POSTs (warm-up)", POST_PATH, 302, WARMUP_SECONDS)
        phase(
            "anonymous POSTs (warm-up)", POST_PATH, 302, WARMUP_SECONDS, body=anonymous_body, headers=anonymous_headers
        )
        phase("bare inserts (warm-up)", BARE_PATH, 204, WARMUP_SECONDS)
        phase("signed-in inserts (warm-up)", SIGNED_IN_PATH, 204, WARMUP_SECONDS)
        time.sleep(1)
        roots = list(Comment.objects.filter(page=story, level=0).order_by("pk").values_list("pk", flat=True)[:100])
        before = Comment.objects.filter(page=story).count()
        posts = phase("comment POSTs", POST_PATH, 302, seconds, min_requests)
        time.sleep(1)  # requests still in the workers when wrk stopped
        stored = Comment.objects.filter(page=story).count() - before
        before = replies()
        reply_phase = phase("replies", POST_PATH, 302, seconds, min_requests, body=reply_body, reply_to=roots)
        time.sleep(1)
        replies_stored = replies() - before
        before = confirmations.count()
        anonymous = phase(
            "anonymous POSTs", POST_PATH, 302, seconds, min_requests, body=anonymous_body, headers=anonymous_headers
        )
        time.sleep(1)
        anonymous_stored = confirmations.count() - before
        rows_before = _bare_rows()
        bare = phase("bare inserts", BARE_PATH, 204, seconds, min_requests)
        time.sleep(1)
        bare_stored = _bare_rows() - rows_before
        signed_in = phase("signed-in inserts", SIGNED_IN_PATH, 204, seconds, min_requests)
        time.sleep(1)
        signed_in_stored = _bare_rows() - rows_before - bare_stored
    posts.update(_losses(posts["acknowledged"], stored, connections))
    reply_phase.update(_losses(reply_phase["acknowledged"], replies_stored, connections))
    anonymous.update(_losses(anonymous["acknowledged"], anonymous_stored, connections))
    bare.update(_losses(bare["acknowledged"], bare_stored, connections))
    signed_in.update(_losses(signed_in["acknowledged"], signed_in_stored, connections))
    return {"posts": posts, "replies": reply_phase, "anonymous": anonymous, "bare": bare, "signed_in": signed_in}


POST_PATH = "/en/comments/post/"
BARE_PATH = "/bench/insert/"
SIGNED_IN_PATH = "/bench/insert-signed-in/"


def _bare_rows():
    from benchmarks.urls import BARE_TABLE

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {BARE_TABLE}")  # noqa: S608
        return cursor.fetchone()[0]


def _losses(acknowledged, stored, connections):
    """Both ways: answered as stored but missing (lost), stored but never answered (wrk stopped
    before the answer came: at most one per connection). :class:`LoadPhaseError` beyond that."""
    lost = acknowledged - stored if acknowledged > stored else 0
    unacknowledged = stored - acknowledged if stored > acknowledged else 0
    if lost or unacknowledged > connections:
        raise LoadPhaseError(
            f"{acknowledged} answered as stored, {stored} stored: {lost} lost, {unacknowledged} never answered"
        )
    return {"acknowledged": acknowledged, "stored": stored, "lost": lost, "unacknowledged": unacknowledged}
