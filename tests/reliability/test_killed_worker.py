"""A task worker killed while it runs a task: the task is retried, not lost, and its e-mails are
not sent twice (townsquare/task_runs.py, ``manage.py db_worker``).

A reply is published in a thread three visitors follow; its follow-up task goes to the database
queue. A real SMTP server (aiosmtpd, started here) accepts the first two messages and hangs on
the third; the worker sending it is killed (SIGKILL, as a machine lost or the kernel's OOM killer
does). A second worker finds the task its worker left RUNNING, runs it again, and the three
followers have one message each: the first two are not sent again, the third is not lost.

PostgreSQL only: the worker processes share the test database with the test.
"""

import asyncio
import os
import signal
import threading
from email import message_from_bytes

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from moderation import tasks
from moderation.models import Comment
from tests.factories import CommunityHubPageFactory, StoryPageFactory
from tests.reliability.test_concurrent_server import database_url
from tests.reliability.test_faults import smtp_server_with
from tests.reliability.test_scale_out import db_worker
from tests.stories.comment_helpers import add_comment
from townsquare.models import TaskEffect

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

FOLLOWERS = ["ana@example.org", "bo@example.org", "cy@example.org"]


class HangingInbox:
    """An aiosmtpd handler keeping every message, except that it never answers the third one
    (the first time it comes): the sender waits until it is killed."""

    def __init__(self):
        self.messages = []
        self.hanging = threading.Event()
        self.release = threading.Event()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        if len(self.messages) == 2 and not self.hanging.is_set():
            self.hanging.set()
            while not self.release.is_set():
                await asyncio.sleep(0.05)
            return "451 The sender is gone"
        self.messages.append(message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"

    def recipients(self):
        return sorted(message["To"] for message in self.messages)


@pytest.fixture
def smtp_server():
    with smtp_server_with(HangingInbox()) as inbox:
        yield inbox
        inbox.release.set()  # its handler returns, so that the server can stop


def worker(name, smtp_port, log, *options):
    variables = {"DATABASE_URL": database_url(), "WORKER_SMTP_PORT": str(smtp_port), "PYTHONWARNINGS": "ignore"}
    return db_worker(variables, name, log, *options, settings_module="tests.reliability.worker_settings")


def test_a_task_whose_worker_was_killed_runs_again_without_sending_twice(
    on_postgresql, transactional_db, home, smtp_server, settings, tmp_path, report_figure
):
    story = StoryPageFactory(parent=CommunityHubPageFactory(parent=home, title="Cycling", slug="cycling"))
    thread = add_comment(story, "Who rides on Saturday?", name="Ana", email=FOLLOWERS[0], followup=True)
    for address in FOLLOWERS[1:]:
        add_comment(
            story, "Count me in.", parent=thread, name=address.split("@")[0].title(), email=address, followup=True
        )
    reply = add_comment(story, "Nine, by the bridge.", parent=thread, name="Dee", email="dee@example.org")
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    result = tasks.notify_followers.enqueue(comment_id=reply.pk)
    DBTaskResult.objects.exclude(id=result.id).delete()
    assert Comment.objects.filter(followup=True).count() == len(FOLLOWERS)
    connection.close()  # the workers' turn

    killed = worker("worker-killed", smtp_server.port, tmp_path / "killed.log")
    try:
        assert smtp_server.hanging.wait(timeout=120), killed.log.read_text()[-2000:]
        assert len(smtp_server.messages) == 2
        assert DBTaskResult.objects.get(id=result.id).status == "RUNNING"
    finally:
        os.kill(killed.pid, signal.SIGKILL)
        killed.wait(timeout=30)
    smtp_server.release.set()
    connection.close()

    # The task is not lost: the next worker finds it left RUNNING and runs it again.
    following = worker("worker-next", smtp_server.port, tmp_path / "next.log", "--reclaim-after", "0")
    assert following.wait(timeout=120) == 0, following.log.read_text()[-2000:]

    task = DBTaskResult.objects.get(id=result.id)
    assert task.status == "SUCCESSFUL", task.traceback
    assert task.worker_ids == ["worker-killed", "worker-next"]
    assert "queued again" in following.log.read_text()
    # Each follower has exactly one message: none sent twice, none lost.
    assert smtp_server.recipients() == FOLLOWERS
    assert not TaskEffect.objects.exists()
    report_figure(
        "killed task worker: follow-up task retried by a second worker, 3 followers with 1 message each "
        "(2 sent before the kill not repeated, the one cut off sent once)"
    )
