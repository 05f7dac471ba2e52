"""Background tasks of federation (``django.tasks``; inline in tests).

``deliver`` makes one attempt of a delivery (``delivery.attempt``); a failed one queues the next
for when it is due where the backend can defer a task. ``send_due_deliveries`` is the sweep that
``manage.py send_federation`` runs every minute: due attempts queued, old log entries deleted.
"""

from django_tasks import task, task_backends

from federation import delivery


@task()
def deliver(delivery_id, attempt=0):
    result = delivery.attempt(delivery_id, attempt)
    return result.status if result is not None else None


@task()
def send_due_deliveries():
    return sweep()


def sweep(now=None):
    """Queue the deliveries due at ``now``; delete old log entries and the record of activities
    received long ago (a replayed signature is stale after ``conf.CLOCK_SKEW`` anyway)."""
    return {"queued": delivery.send_due(now), "pruned": delivery.prune(now) + forget_received(now)}


def forget_received(now=None):
    from django.utils import timezone

    from federation import conf
    from federation.models import ReceivedActivity

    cutoff = (now or timezone.now()) - conf.LOG_RETENTION
    return ReceivedActivity.objects.filter(received_at__lt=cutoff).delete()[0]


def can_defer():
    return task_backends[deliver.backend].supports_defer
