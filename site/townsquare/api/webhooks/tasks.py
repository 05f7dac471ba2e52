"""Background tasks of webhooks (``django.tasks``; inline in tests).

``deliver`` makes one attempt of a delivery (``delivery.attempt``); a failed attempt queues the
next one for when it is due, where the task backend can defer a task (the database queue of
``manage.py db_worker`` can). ``send_due_webhooks`` is the sweep that ``manage.py send_webhooks``
runs every minute: overdue questions announced, due attempts queued, old log entries deleted.
"""

from django_tasks import task, task_backends

from townsquare.api.webhooks import delivery, dispatch


@task()
def deliver(delivery_id, attempt=0):
    """Attempt number ``attempt + 1`` of the delivery ``delivery_id``; its status afterwards, or
    None when another run made that attempt already."""
    result = delivery.attempt(delivery_id, attempt)
    return result.status if result is not None else None


@task()
def send_due_webhooks():
    return sweep()


def sweep(now=None):
    """Announce overdue questions, queue the attempts due at ``now``, delete old log entries."""
    return {
        "questions": dispatch.announce_overdue_questions(now),
        "queued": delivery.send_due(now),
        "pruned": delivery.prune(now) + dispatch.forget_old_announcements(now),
    }


def can_defer():
    """Whether the task backend can run a task later (``run_after``)."""
    return task_backends[deliver.backend].supports_defer
