"""Background tasks that survive a killed worker: retried, not lost, not repeated.

django-tasks' database worker (``manage.py db_worker``) claims a task by marking it RUNNING.
A worker killed while it runs one (out of memory, a machine lost, ``kill -9``) leaves it
RUNNING for ever: the task is lost. This project's ``db_worker``
(``townsquare/management/commands/db_worker.py``) therefore

- puts back in the queue every task RUNNING for longer than ``TASKS_RECLAIM_AFTER`` seconds
  (``reclaim_stalled``), when it starts and then every minute, so that a worker runs it again
  (``TASKS_RECLAIM_AFTER`` must be longer than any task takes: Townsquare's take seconds);
- marks the task it runs (``begin``, ``end``), so that ``once(key, effect)`` performs an outside
  effect at most once per task however often it is started: a task started again skips the
  e-mails it sent before the kill. ``moderation.notifications.send_notification`` (every e-mail
  of the site) sends through it.

An effect is recorded in the same transaction that performs it, committed once the effect
returned. A worker killed in the middle of an SMTP conversation leaves nothing recorded, so
that message is sent again: at least once for the message cut off by the kill, exactly once for
every other one.

Outside a worker (tasks run inline, in tests and ``make run``) nothing is recorded: a task that
runs inline is never started twice.

An e-mail task whose mail server refuses the message queues itself again with ``retry_later``,
after each of ``MAIL_RETRY_DELAYS`` in turn, then gives up with an error in the log.
"""

import hashlib
import logging
from contextvars import ContextVar
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task_backends
from django_tasks_db.models import DBTaskResult

from townsquare.models import TaskEffect

logger = logging.getLogger("townsquare.tasks")

# Delays before an e-mail a mail server refused is tried again: 1 minute, 5 minutes, 30 minutes, 2 hours.
MAIL_RETRY_DELAYS = (60, 5 * 60, 30 * 60, 2 * 60 * 60)


def retry_later(task_function, attempt, what, error, **arguments):
    """Queue ``task_function`` again with ``attempt + 1`` after the next delay; False when giving up."""
    backend = task_backends[task_function.backend]
    if attempt >= len(MAIL_RETRY_DELAYS) or not backend.supports_defer:
        logger.error("E-mail %s not sent, giving up after %s attempt(s): %s", what, attempt + 1, error)
        return False
    delay = MAIL_RETRY_DELAYS[attempt]
    task_function.using(run_after=timezone.now() + timedelta(seconds=delay)).enqueue(**arguments, attempt=attempt + 1)
    logger.warning("E-mail %s not sent (%s): trying again in %s seconds.", what, error, delay)
    return True


_running = ContextVar("townsquare_task_run", default=None)


def begin(sender, task_result, **kwargs):
    """``task_started`` receiver (connected by ``db_worker``): the task the worker now runs."""
    _running.set(str(task_result.id))


def end(sender, task_result, **kwargs):
    """``task_finished`` receiver: the task will not run again, its record of effects goes."""
    _running.set(None)
    TaskEffect.objects.filter(run=task_result.id).delete()


def key_digest(key):
    """What ``TaskEffect`` stores of an effect's key (a key may hold an address)."""
    return hashlib.sha256(key.encode()).hexdigest()


def once(key, effect):
    """Call ``effect()`` unless the running task already did for ``key``; its result, or None
    when skipped. Without a running task (inline), just call it."""
    run = _running.get()
    if run is None:
        return effect()
    digest = key_digest(key)
    with transaction.atomic():
        # Another run of the same task holding this key waits here until it commits or rolls back.
        _, created = TaskEffect.objects.get_or_create(run=run, key=digest)
        if not created:
            logger.info("Task %s already did %s before it was started again: skipped.", run, digest[:12])
            return None
        return effect()


def reclaim_stalled(older_than=None):
    """Queue again every task RUNNING for longer than ``older_than`` seconds (default
    ``TASKS_RECLAIM_AFTER``): its worker died. Returns how many."""
    seconds = settings.TASKS_RECLAIM_AFTER if older_than is None else older_than
    cutoff = timezone.now() - timedelta(seconds=seconds)
    with transaction.atomic():
        stalled = list(
            DBTaskResult.objects.filter(status="RUNNING", started_at__lt=cutoff)
            .select_for_update(skip_locked=True)
            .values_list("id", "task_path", "worker_ids")
        )
        DBTaskResult.objects.filter(id__in=[task_id for task_id, *_ in stalled]).update(status="READY")
    for task_id, path, worker_ids in stalled:
        logger.warning(
            "Task %s (%s) ran on worker %s for more than %s seconds: its worker died, queued again.",
            task_id,
            path,
            worker_ids[-1] if worker_ids else "?",
            seconds,
        )
    return len(stalled)
