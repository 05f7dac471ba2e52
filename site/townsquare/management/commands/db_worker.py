"""``manage.py db_worker``: django-tasks' database worker, with tasks that survive a killed worker.

Everything of the library's command (options, claiming with ``SKIP LOCKED``, graceful shutdown),
plus what ``townsquare.task_runs`` describes: tasks whose worker died are queued again, and a task
started again does not repeat its e-mails. ``--reclaim-after`` overrides ``TASKS_RECLAIM_AFTER``.
"""

import logging
import threading

from django.conf import settings
from django.db import DatabaseError, connection
from django_tasks.signals import task_finished, task_started
from django_tasks_db.management.commands import db_worker

from townsquare import task_runs

logger = logging.getLogger("townsquare.tasks")

RECLAIM_EVERY = 60  # seconds between two looks for stalled tasks while the worker waits or works


class Command(db_worker.Command):
    help = "Run a database background worker; tasks whose worker died are queued again."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--reclaim-after",
            type=db_worker.valid_interval,
            default=None,
            help="Queue again tasks running for longer than this many seconds (default: TASKS_RECLAIM_AFTER).",
        )

    def handle(self, *args, reclaim_after=None, **options):
        self.configure_logging(options["verbosity"])
        reclaim_after = settings.TASKS_RECLAIM_AFTER if reclaim_after is None else reclaim_after
        task_runs.reclaim_stalled(reclaim_after)
        if not options["batch"]:
            stop = threading.Event()
            threading.Thread(target=self.reclaim_now_and_then, args=(reclaim_after, stop), daemon=True).start()
        task_started.connect(task_runs.begin, dispatch_uid="townsquare-task-begin")
        task_finished.connect(task_runs.end, dispatch_uid="townsquare-task-end")
        try:
            super().handle(*args, **options)
        finally:
            task_started.disconnect(dispatch_uid="townsquare-task-begin")
            task_finished.disconnect(dispatch_uid="townsquare-task-end")
            if not options["batch"]:
                stop.set()

    @staticmethod
    def reclaim_now_and_then(reclaim_after, stop):
        while not stop.wait(min(RECLAIM_EVERY, max(reclaim_after, 1))):
            try:
                task_runs.reclaim_stalled(reclaim_after)
            except DatabaseError:  # the database is away for now: the worker itself says so
                logger.exception("Could not look for stalled tasks.")
            finally:
                connection.close()  # this thread's own connection
