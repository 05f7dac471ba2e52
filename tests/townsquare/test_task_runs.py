"""Tasks survive a killed worker (townsquare/task_runs.py, ``manage.py db_worker``): a task left
RUNNING by a dead worker is queued again, and a task started again skips the e-mails it sent.

The kill itself, with a real SMTP server and two worker processes, is
tests/reliability/test_killed_worker.py (PostgreSQL).
"""

import logging
import uuid
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from moderation import tasks
from moderation.models import Comment
from tests.factories import CommunityHubPageFactory, StoryPageFactory, UserFactory
from tests.stories.comment_helpers import add_comment
from townsquare import task_runs
from townsquare.models import TaskEffect


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    return settings


def task_result(task_id=None):
    return SimpleNamespace(id=task_id or uuid.uuid4())


@pytest.fixture
def in_a_task(db):
    """As the worker runs a task: between ``task_started`` and ``task_finished``."""
    running = task_result()
    task_runs.begin(sender=None, task_result=running)
    yield running
    task_runs.end(sender=None, task_result=running)


def test_outside_a_worker_every_effect_happens(db):
    done = []
    task_runs.once("mail\nada@example.org", lambda: done.append(1))
    task_runs.once("mail\nada@example.org", lambda: done.append(1))
    assert done == [1, 1]
    assert not TaskEffect.objects.exists()


def test_a_task_started_again_skips_the_effects_it_already_had(in_a_task):
    done = []
    assert task_runs.once("mail\nada@example.org", lambda: done.append("ada") or "sent") == "sent"
    # The worker was killed here; another starts the same task again.
    task_runs.begin(sender=None, task_result=in_a_task)
    assert task_runs.once("mail\nada@example.org", lambda: done.append("ada again")) is None
    task_runs.once("mail\nbo@example.org", lambda: done.append("bo"))
    assert done == ["ada", "bo"]
    assert TaskEffect.objects.filter(run=in_a_task.id).count() == 2


def test_an_effect_that_failed_is_not_recorded_and_happens_on_the_next_start(in_a_task):
    def refused():
        raise OSError("connection refused")

    with pytest.raises(OSError):
        task_runs.once("mail\nada@example.org", refused)
    done = []
    task_runs.once("mail\nada@example.org", lambda: done.append("ada"))
    assert done == ["ada"]


def test_the_record_of_a_finished_task_goes(db):
    first, other = task_result(), task_result()
    for running in (first, other):
        task_runs.begin(sender=None, task_result=running)
        task_runs.once("mail\nada@example.org", lambda: None)
    task_runs.end(sender=None, task_result=first)
    assert list(TaskEffect.objects.values_list("run", flat=True)) == [other.id]
    # Finished: what runs next in this worker is outside that task.
    done = []
    task_runs.once("mail\nada@example.org", lambda: done.append(1))
    assert done == [1]


def queued_task():
    return DBTaskResult.objects.get(id=tasks.send_moderation_digests.enqueue().id)


def as_running(result, seconds_ago, worker="worker-dead"):
    result.claim(worker)
    DBTaskResult.objects.filter(id=result.id).update(started_at=timezone.now() - timedelta(seconds=seconds_ago))


def test_only_tasks_running_past_the_limit_are_queued_again(database_queue, db, caplog):
    stalled, busy, waiting = queued_task(), queued_task(), queued_task()
    as_running(stalled, seconds_ago=3600)
    as_running(busy, seconds_ago=5, worker="worker-alive")
    with caplog.at_level(logging.WARNING, logger="townsquare.tasks"):
        assert task_runs.reclaim_stalled(older_than=600) == 1
    statuses = dict(DBTaskResult.objects.values_list("id", "status"))
    assert statuses == {stalled.id: "READY", busy.id: "RUNNING", waiting.id: "READY"}
    [record] = caplog.records
    assert str(stalled.id) in record.getMessage()
    assert "worker-dead" in record.getMessage()
    assert task_runs.reclaim_stalled(older_than=600) == 0


@pytest.mark.parametrize("sent_before_the_kill", [True, False])
def test_the_worker_runs_a_task_whose_worker_died_and_sends_its_mail_once(
    database_queue, transactional_db, home, sent_before_the_kill
):
    UserFactory(username="site-moderator", email="moderator@example.org", is_superuser=True)
    story = StoryPageFactory(parent=CommunityHubPageFactory(parent=home, title="Cycling", slug="cycling"))
    add_comment(story, "Waiting for a moderator.", state=Comment.State.HELD)
    DBTaskResult.objects.all().delete()  # what holding the comment queued
    mail.outbox.clear()
    result = queued_task()
    as_running(result, seconds_ago=3600)
    if sent_before_the_kill:
        TaskEffect.objects.create(run=result.id, key=task_runs.key_digest("digest\nmoderator@example.org"))

    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0, worker_id="worker-new")

    result.refresh_from_db()
    assert result.status == "SUCCESSFUL"
    assert result.worker_ids == ["worker-dead", "worker-new"]
    assert not TaskEffect.objects.exists()  # finished: its record went
    assert [message.to for message in mail.outbox] == ([] if sent_before_the_kill else [["moderator@example.org"]])
