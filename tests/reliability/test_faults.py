"""Faults: the search engine, the mail server or the database is down.

- Search down (its URL points at a loopback port where nothing listens): publishing and
  commenting succeed, what the index missed is kept for later, and the search page says
  search is unavailable (503).
- Mail server down (SMTP on a closed port): the comment flow goes on, the failure is logged
  and, on the database task queue, retried later; once a real SMTP server (aiosmtpd, started
  here on loopback) answers, the retry delivers the message and its link works.
- Database unreachable: gunicorn serves the project with a database URL nobody answers;
  ``/healthz`` says 503 in JSON and pages get the friendly error page, never a traceback.
"""

import contextlib
import logging
import re
import socket
import subprocess
import urllib.error
import urllib.request
from datetime import timedelta
from email import message_from_bytes

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from benchmarks.load import Server
from moderation.models import Comment
from search.models import PendingIndexUpdate
from tests.factories import StoryPageFactory, UserFactory
from tests.search.conftest import use_backend
from tests.stories.comment_helpers import add_comment, form_post

pytestmark = pytest.mark.slow

CONFIRM_LINK = re.compile(r"http://testserver(/en/comments/confirm/[^/\s]+/)")


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # closed again on return: connections are refused


# Search down ----------------------------------------------------------------------------


@pytest.fixture
def search_down(settings):
    yield use_backend(settings, f"http://127.0.0.1:{closed_port()}")
    use_backend(settings, None)


def test_search_down_publishing_and_commenting_succeed(
    search_down, hub, client, django_capture_on_commit_callbacks, report_figure
):
    with django_capture_on_commit_callbacks(execute=True):
        story = StoryPageFactory(parent=hub, title="Rain capes compared", slug="rain-capes")
        story.save_revision().publish()
    assert story.live

    member = UserFactory()
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/comments/post/", form_post(story, comment="Mine kept me dry all winter."))
    assert response.status_code == 302
    assert Comment.objects.get(page=story).comment == "Mine kept me dry all winter."
    assert client.get(story.url).status_code == 200
    pending = PendingIndexUpdate.objects.count()
    assert pending >= 2  # the story and the comment, kept for the retry

    response = client.get("/en/search/?q=capes")
    assert response.status_code == 503
    assert "Search is unavailable" in response.content.decode()
    report_figure(f"faults: search down: story published, comment stored, {pending} index updates kept for retry")


# Mail server down -----------------------------------------------------------------------


class Inbox:
    """An aiosmtpd handler keeping every message it receives."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.messages.append(message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"

    def bodies(self):
        return [message.get_payload(decode=True).decode() for message in self.messages]


@contextlib.contextmanager
def smtp_server_with(handler):
    """A real SMTP server (aiosmtpd) on a free loopback port, handled by ``handler`` (its ``port``)."""
    controller = Controller(handler, hostname="127.0.0.1", port=closed_port())
    controller.start()
    handler.port = controller.port
    try:
        yield handler
    finally:
        controller.stop()


@pytest.fixture
def smtp_server():
    with smtp_server_with(Inbox()) as inbox:
        yield inbox


@pytest.fixture
def mail_down(settings):
    """Real SMTP to a port where nothing listens, and the database task queue (it can retry later)."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = closed_port()
    settings.EMAIL_TIMEOUT = 5
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    return settings


def run_worker():
    """One pass of ``manage.py db_worker``. It closes database connections after each task, as a
    worker process must: the tests that use it run with ``transactional_db``."""
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)


def retries():
    return DBTaskResult.objects.filter(status="READY")


def time_passes():
    """Every deferred task is due now (as if its delay had passed)."""
    retries().update(run_after=timezone.now() - timedelta(seconds=1))


def test_mail_down_the_confirmation_is_retried_until_it_arrives(
    transactional_db, mail_down, hub, client, smtp_server, caplog
):
    story = StoryPageFactory(parent=hub, title="Seeds", slug="seeds")
    response = client.post("/en/comments/post/", form_post(story, comment="Shade-loving seeds?"))
    assert response.status_code == 302  # the visitor is told to check their e-mail
    with caplog.at_level(logging.WARNING, logger="townsquare.tasks"):
        run_worker()
    assert "confirmation request not sent" in caplog.text and "trying again in 60 seconds" in caplog.text
    [retry] = retries()
    assert retry.run_after > timezone.now() + timedelta(seconds=50)
    assert smtp_server.messages == []

    # The mail server is back; the retry is due.
    mail_down.EMAIL_PORT = smtp_server.port
    time_passes()
    run_worker()
    assert retries().count() == 0
    [message] = smtp_server.messages
    assert message["To"] == "robin@example.org"
    link = CONFIRM_LINK.search(smtp_server.bodies()[0]).group(1)
    response = client.get(link)
    assert response.status_code == 302
    assert Comment.objects.get(page=story).comment == "Shade-loving seeds?"


def test_mail_down_a_reply_is_stored_and_its_follow_up_arrives_later(
    transactional_db, mail_down, hub, smtp_server, report_figure
):
    hub.premoderation = "flagged"  # the reply is published at once, so its follow-up is due
    hub.save_revision().publish()
    story = StoryPageFactory(parent=hub, title="Seeds", slug="seeds")
    question = add_comment(story, "Which seeds grow in shade?", name="Robin", followup=True)
    member = Client()
    member.force_login(UserFactory(username="ana", email="ana@example.org"))
    response = member.post("/en/comments/post/", form_post(story, comment="Ferns do well.", reply_to=str(question.pk)))
    assert response.status_code == 302
    reply = Comment.objects.get(page=story, comment="Ferns do well.")
    assert reply.state == Comment.State.PUBLISHED
    run_worker()  # the follow-up to Robin fails: the server is down
    [retry] = retries()
    assert retry.args_kwargs["kwargs"]["only"] == ["robin@example.org"]

    mail_down.EMAIL_PORT = smtp_server.port
    time_passes()
    run_worker()
    [message] = smtp_server.messages
    assert message["To"] == "robin@example.org"
    assert "Ferns do well." in smtp_server.bodies()[0]
    report_figure(
        "faults: mail server down: comment and reply stored; the confirmation and the follow-up "
        "were retried and delivered once a real SMTP server answered"
    )


def test_mail_retries_give_up_with_an_error_in_the_log(mail_down, db, caplog):
    from moderation.tasks import send_confirmation_request
    from townsquare.task_runs import MAIL_RETRY_DELAYS

    with caplog.at_level(logging.WARNING, logger="townsquare.tasks"):
        sent = send_confirmation_request.call(
            email="robin@example.org",
            name="Robin",
            story_title="Seeds",
            confirm_url="http://testserver/en/comments/confirm/x/",
            language="en",
            attempt=len(MAIL_RETRY_DELAYS),
        )
    assert sent is False
    assert retries().count() == 0
    [record] = [r for r in caplog.records if r.name == "townsquare.tasks"]
    assert record.levelname == "ERROR" and "giving up after 5 attempt(s)" in record.getMessage()


def test_without_a_task_queue_the_failure_is_logged_and_the_visitor_is_not_affected(mail_down, hub, client, caplog):
    mail_down.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    story = StoryPageFactory(parent=hub, title="Seeds", slug="seeds")
    with caplog.at_level(logging.WARNING, logger="townsquare.tasks"):
        response = client.post("/en/comments/post/", form_post(story))
    assert response.status_code == 302
    assert "confirmation request not sent, giving up after 1 attempt(s)" in caplog.text


# Database unreachable ---------------------------------------------------------------------


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - a loopback URL
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def test_database_unreachable_health_is_503_and_pages_are_friendly(report_figure):
    database = f"postgres://postgres@127.0.0.1:{closed_port()}/townsquare"
    with Server(
        workers=1,
        settings_module="townsquare.settings.test",
        environ={"DATABASE_URL": database, "PYTHONWARNINGS": "ignore"},
        stderr=subprocess.DEVNULL,  # the server logs each failure with its traceback: not for this output
        ready_statuses=(503,),  # it starts, and says the database is down
    ) as server:
        status, headers, body = fetch(f"{server.url}/healthz")
        assert (status, headers["Content-Type"]) == (503, "application/json")
        assert '"database": "unavailable"' in body
        answers = {}
        for path in ("/en/", "/en/workshifting/", "/admin/login/", "/en/search/?q=bike"):
            status, headers, body = fetch(server.url + path)
            answers[path] = status
            assert status == 500, (path, status)
            assert "Something went wrong" in body, path
            assert "Traceback" not in body and "OperationalError" not in body and "psycopg" not in body, path
            assert "frame-ancestors" in headers["Content-Security-Policy"]
    report_figure(f"faults: database unreachable: /healthz 503, friendly error pages for {len(answers)} pages")
