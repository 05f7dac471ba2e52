"""Background tasks of event sign-ups (``django.tasks``; inline in tests and ``make run``).

A mail server that is down gets the message again later (``townsquare.task_runs.retry_later``,
as every e-mail of the site); the sign-up itself is already stored.
"""

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from events import mail
from events.models import EventPage, Registration
from townsquare.mail import MAIL_ERRORS
from townsquare.task_runs import retry_later

logger = logging.getLogger("townsquare.events")
Status = Registration.Status


def _send(task_function, registration_id, attempt, kind, wanted):
    registration = Registration.objects.select_related("event").filter(pk=registration_id).first()
    if registration is None or registration.status not in wanted:  # changed before the task ran
        return False
    try:
        return mail.send(registration, kind)
    except MAIL_ERRORS as error:
        what = f"{kind} for sign-up {registration_id}"
        retry_later(task_function, attempt, what, error, registration_id=registration_id)
        return False


@task()
def send_confirmation_request(registration_id, attempt=0):
    return _send(send_confirmation_request, registration_id, attempt, "confirm", {Status.UNCONFIRMED})


@task()
def send_registration_status(registration_id, attempt=0):
    counted = {Status.CONFIRMED, Status.WAITLISTED}
    return _send(send_registration_status, registration_id, attempt, "status", counted)


@task()
def send_promotion(registration_id, attempt=0):
    return _send(send_promotion, registration_id, attempt, "promoted", {Status.CONFIRMED})


@task()
def send_cancellation(registration_id, attempt=0):
    return _send(send_cancellation, registration_id, attempt, "cancelled", set(Status) - {Status.CANCELLED})


@task()
def send_change(registration_id, attempt=0):
    counted = {Status.CONFIRMED, Status.WAITLISTED}
    return _send(send_change, registration_id, attempt, "changed", counted)


@task()
def send_reminders(now=None):
    """Remind everyone with a place at an event starting within the next day, once each
    (``reminded_at``). Run every hour (``manage.py send_event_reminders``, cron or a scheduler)."""
    now = timezone.now() if now is None else now
    due = Registration.objects.filter(
        status=Status.CONFIRMED,
        reminded_at=None,
        event__live=True,
        event__cancelled=False,
        event__starts_at__gt=now,
        event__starts_at__lte=now + timedelta(days=1),
    ).select_related("event")
    sent = 0
    for registration in due:
        try:
            with transaction.atomic():
                # Claimed first: two schedulers running at once remind nobody twice; a message the
                # mail server refuses leaves it unclaimed, for the next run.
                if not Registration.objects.filter(pk=registration.pk, reminded_at=None).update(reminded_at=now):
                    continue
                mail.send(registration, "reminder")
        except MAIL_ERRORS as error:
            logger.warning(
                "Reminder for sign-up %s not sent (%s): trying again at the next run.", registration.pk, error
            )
            continue
        sent += 1
    return sent


def event_cancelled(sender, instance, **kwargs):
    """``page_published`` receiver: an event published cancelled tells everyone signed up, once
    (``cancellation_sent_at``: set beforehand, nobody is told)."""
    if not instance.cancelled or instance.cancellation_sent_at is not None:
        return 0
    if not EventPage.objects.filter(pk=instance.pk, cancellation_sent_at=None).update(
        cancellation_sent_at=timezone.now()
    ):
        return 0  # another publication got there first
    live = list(
        Registration.objects.filter(event=instance).exclude(status=Status.CANCELLED).values_list("pk", flat=True)
    )
    for registration_id in live:
        transaction.on_commit(lambda pk=registration_id: send_cancellation.enqueue(registration_id=pk))
    return len(live)


def event_changed(sender, instance, **kwargs):
    """``page_published`` receiver: an event published with a new time or place (``details_key``)
    e-mails everyone with a place or on the waitlist, once per change, with the new details and
    calendar file; a reminder already sent goes again for the new time. The first publication
    only records what people will be told; a cancelled event says so instead (``event_cancelled``)."""
    key = instance.details_key()
    told = instance.announced_details
    if key == told:
        return 0
    # Recorded first, from what was stored: of two publications at once, one tells people.
    if not EventPage.objects.filter(pk=instance.pk, announced_details=told).update(announced_details=key):
        return 0
    instance.announced_details = key
    if not told or instance.cancelled:
        return 0
    counted = Registration.objects.filter(event=instance, status__in=[Status.CONFIRMED, Status.WAITLISTED])
    counted.filter(reminded_at__isnull=False).update(reminded_at=None)
    told_now = list(counted.values_list("pk", flat=True))
    for registration_id in told_now:
        transaction.on_commit(lambda pk=registration_id: send_change.enqueue(registration_id=pk))
    return len(told_now)
