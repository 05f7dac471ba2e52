"""Comment POSTs under load: gunicorn on loopback, driven by ``wrk`` (Debian's package).

The same server, settings and signed-in session post through the real comment form
(``/en/comments/post/``: validation, policy, sanitizing, storage, audit) and to a bare view that
inserts one row; ``post_rps`` is compared with ``bare_insert_rps``. ``lost_comments`` is the number
of POSTs that were answered as stored (a redirect) minus the comments that are in the database.
"""

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
from urllib.parse import quote, urlencode

from django.conf import settings
from django.db import connection
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client

REPO = Path(__file__).resolve().parent.parent
WARMUP_SECONDS = 2

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


def _solutions(seconds):
    """URL-encoded challenge solutions for ``seconds`` of posts at up to 1,000 a second. Each
    challenge is made with a known answer, so nothing is searched here; the server checks them
    as it checks a browser's."""
    from moderation import challenge

    return [quote(challenge.solution(challenge.create(number=0), 0), safe="") for _ in range(seconds * 1000)]


def _run_wrk(url, path, body, cookie, csrf, seconds, connections):
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": f"{settings.SESSION_COOKIE_NAME}={cookie}; {settings.CSRF_COOKIE_NAME}={csrf}",
        "Referer": url + "/",
    }
    lua = "\n".join(
        [
            f"PATH = {json.dumps(path)}",
            f"BODY = {json.dumps(body)}",
            "SOLUTIONS = {" + ", ".join(json.dumps(solution) for solution in _solutions(seconds)) + "}",
            "HEADERS = {" + ", ".join(f"[{json.dumps(k)}] = {json.dumps(v)}" for k, v in headers.items()) + "}",
            WRK_SCRIPT,
        ]
    )
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua)
    try:
        output = subprocess.run(
            [wrk_path(), "-t2", f"-c{connections}", f"-d{seconds}s", "-s", script.name, url],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        os.unlink(script.name)
    summary = json.loads(output.strip().splitlines()[-1])
    summary["rps"] = summary["requests"] / (summary["duration_us"] / 1_000_000)
    return summary


def post_load(story, user, seconds, workers=4, connections=8):
    """(post figures, bare figures) for ``seconds`` of load each."""
    from moderation.discussion.forms import StoryCommentForm
    from moderation.models import Comment

    with connection.cursor() as cursor:
        from benchmarks.urls import BARE_TABLE

        cursor.execute(f"DROP TABLE IF EXISTS {BARE_TABLE}")
        primary_key = (
            "SERIAL PRIMARY KEY" if connection.vendor == "postgresql" else "INTEGER PRIMARY KEY AUTOINCREMENT"
        )
        cursor.execute(f"CREATE TABLE {BARE_TABLE} (id {primary_key}, body TEXT NOT NULL)")
    csrf = _get_new_csrf_string()
    cookie = _session_cookie(user)
    # Handed out a minute ago, as to a visitor who read the story first.
    timestamp = int(time.time()) - 60
    form = {
        "content_type": "stories.storypage",
        "object_pk": str(story.pk),
        "reply_to": "0",
        "honeypot": "",
        "csrfmiddlewaretoken": csrf,
        "timestamp": str(timestamp),
        "security_hash": StoryCommentForm(story).initial_security_hash(timestamp),
    }
    body = urlencode(form)
    connection.close()  # the server's workers open their own
    with Server(workers) as server:
        url = f"http://127.0.0.1:{server.port}"
        # Warm every worker up first: imports, the offensive-language model, connections.
        _run_wrk(url, "/en/comments/post/", body, cookie, csrf, WARMUP_SECONDS, connections)
        _run_wrk(url, "/bench/insert/", body, cookie, csrf, WARMUP_SECONDS, connections)
        time.sleep(1)
        before = Comment.objects.filter(page=story).count()
        posts = _run_wrk(url, "/en/comments/post/", body, cookie, csrf, seconds, connections)
        time.sleep(1)  # requests still in the workers when wrk stopped
        stored = Comment.objects.filter(page=story).count() - before
        bare = _run_wrk(url, "/bench/insert/", body, cookie, csrf, seconds, connections)
    answered = posts["requests"] - posts["status_errors"]
    posts.update(stored=stored, answered_as_stored=answered, lost_comments=max(0, answered - stored))
    return posts, bare
