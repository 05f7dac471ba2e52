"""Sending a delivery: one signed POST per attempt, retried with backoff, recorded in the log.

``attempt(delivery_id, attempts_made)`` is what the ``deliver`` task runs. It claims the delivery
(only a pending one still at that attempt: a task queued twice, by the retry and the sweep,
sends once), checks the address again (``addresses.resolve``), POSTs the body with a fresh
signature, and records the attempt:

- a 2xx answer: delivered, and the webhook's count of failures starts again;
- 410 Gone: the receiver asks to hear no more: failed, and the webhook is switched off;
- another answer, a redirect (never followed), a timeout or a connection error: tried again
  after the next of ``conf.RETRY_DELAYS`` (1 min, 5 min, 30 min, 2 h, 12 h), given up after
  ``conf.MAX_ATTEMPTS``; a webhook given up on ``conf.DEACTIVATE_AFTER`` times in a row is
  switched off;
- an address no longer allowed: refused, nothing sent, not tried again;
- a webhook switched off meanwhile: cancelled.

``send_due`` (the sweep) queues the attempts that are due: retries where the task backend cannot
defer a task, and those of a worker that died.
"""

import logging
import time

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from townsquare import outbound
from townsquare.api.webhooks import addresses, conf, signing
from townsquare.api.webhooks.models import Delivery, DeliveryAttempt, Webhook

logger = logging.getLogger("townsquare.webhooks")

USER_AGENT = "Townsquare-Webhooks/1"
Status = Delivery.Status


def post(target, body, headers):
    """POST ``body`` to ``target`` (``addresses.Target``); returns (HTTP status or None, error text)."""
    response = outbound.exchange(
        "POST", target, body=body, headers=headers, timeout=conf.TIMEOUT, max_bytes=conf.MAX_RESPONSE_BYTES
    )
    status = response.status
    if status is None:
        return None, response.error
    if 200 <= status < 300:
        return status, ""
    if 300 <= status < 400:
        location = response.headers.get("location", "")
        return status, _("Redirects are not followed (to %(location)s).") % {"location": location[:200] or "?"}
    return status, _("The receiver answered HTTP %(status)s.") % {"status": status}


def headers_for(delivery, body):
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        signing.EVENT_HEADER: delivery.event,
        signing.DELIVERY_HEADER: str(delivery.uuid),
        signing.SIGNATURE_HEADER: signing.signature_header(delivery.webhook.secret, body),
    }


def _claim(delivery_id, attempts_made, now):
    return outbound.claim(Delivery.objects, delivery_id, attempts_made, now, conf.CLAIM_FOR)


def attempt(delivery_id, attempts_made=0):
    """Make attempt number ``attempts_made + 1`` of the delivery ``delivery_id`` if it is still
    pending at that attempt; returns the delivery as it is afterwards, or None when there was
    nothing to do (another run made that attempt, or the delivery is finished)."""
    now = timezone.now()
    if not _claim(delivery_id, attempts_made, now):
        return None
    delivery = Delivery.objects.select_related("webhook").get(pk=delivery_id)
    webhook = delivery.webhook
    if not webhook.is_active:
        return _finish(delivery, Status.CANCELLED, now, error=_("The webhook was switched off."), record=False)
    started = time.monotonic()
    try:
        target = addresses.resolve(webhook.url)
    except addresses.AddressRefused as refusal:
        return _finish(delivery, Status.REFUSED, now, error=str(refusal))
    body = delivery.body.encode()
    status, error = post(target, body, headers_for(delivery, body))
    duration = int((time.monotonic() - started) * 1000)
    if status is not None and 200 <= status < 300:
        return _finish(delivery, Status.DELIVERED, now, status=status, duration=duration)
    if status == 410:
        delivery = _finish(delivery, Status.FAILED, now, status=status, error=error, duration=duration)
        _switch_off(webhook, _("The receiver answered 410 Gone."))
        return delivery
    if delivery.attempts + 1 < conf.MAX_ATTEMPTS:
        return _retry_later(delivery, now, status=status, error=error, duration=duration)
    delivery = _finish(delivery, Status.FAILED, now, status=status, error=error, duration=duration)
    if Webhook.objects.filter(pk=webhook.pk).update(failures=F("failures") + 1):
        webhook.refresh_from_db(fields=["failures"])
        if webhook.failures >= conf.DEACTIVATE_AFTER:
            _switch_off(
                webhook,
                _("%(count)s deliveries in a row failed.") % {"count": webhook.failures},
            )
    return delivery


def _record(delivery, now, status, error, duration):
    number = delivery.attempts + 1
    DeliveryAttempt.objects.create(
        delivery=delivery,
        number=number,
        attempted_at=now,
        response_status=status,
        error=error[:500],
        duration_ms=duration,
    )
    return number


def _finish(delivery, final_status, now, *, status=None, error="", duration=0, record=True):
    """Close ``delivery`` in ``final_status``; its body goes (it names the comment's author)."""
    with transaction.atomic():
        fields = {
            "status": final_status,
            "error": error[:500],
            "next_attempt_at": None,
            "claimed_until": None,
            "body": "",
        }
        if record:
            fields["attempts"] = _record(delivery, now, status, error, duration)
            fields["response_status"] = status
        Delivery.objects.filter(pk=delivery.pk).update(**fields)
        if final_status == Status.DELIVERED:
            Webhook.objects.filter(pk=delivery.webhook_id).exclude(failures=0).update(failures=0)
    for name, value in fields.items():
        setattr(delivery, name, value)
    return delivery


def _retry_later(delivery, now, *, status, error, duration):
    from townsquare.api.webhooks import tasks

    delay = conf.RETRY_DELAYS[delivery.attempts]
    with transaction.atomic():
        fields = {
            "attempts": _record(delivery, now, status, error, duration),
            "response_status": status,
            "error": error[:500],
            "next_attempt_at": now + delay,
            "claimed_until": None,
        }
        Delivery.objects.filter(pk=delivery.pk).update(**fields)
        if tasks.can_defer():
            # A worker runs it when due; where the backend cannot wait (tasks run inline), the sweep does.
            transaction.on_commit(
                lambda: tasks.deliver.using(run_after=fields["next_attempt_at"]).enqueue(
                    delivery_id=delivery.pk, attempt=fields["attempts"]
                )
            )
    for name, value in fields.items():
        setattr(delivery, name, value)
    logger.info("Webhook delivery %s failed (%s): trying again in %s.", delivery.uuid, error, delay)
    return delivery


def _switch_off(webhook, reason):
    """Switch ``webhook`` off, saying why in its record and in its history."""
    if not Webhook.objects.filter(pk=webhook.pk, is_active=True).update(is_active=False, deactivated_reason=reason):
        return
    webhook.is_active, webhook.deactivated_reason = False, reason
    log(webhook, "townsquare_webhook.switched_off", data={"reason": reason})
    logger.warning("Webhook %s (%s) switched off: %s", webhook.pk, webhook.url, reason)


def send_due(now=None):
    """Queue an attempt of each pending delivery due at ``now`` (default: now) and not under way;
    returns how many (at most ``conf.SWEEP_BATCH``)."""
    from townsquare.api.webhooks import tasks

    due = outbound.due(Delivery.objects, now or timezone.now(), conf.SWEEP_BATCH)
    for pk, attempts in due:
        tasks.deliver.enqueue(delivery_id=pk, attempt=attempts)
    return len(due)


def prune(now=None):
    """Delete the log of deliveries finished more than ``conf.LOG_RETENTION`` ago; returns how many."""
    cutoff = (now or timezone.now()) - conf.LOG_RETENTION
    _total, by_model = Delivery.objects.exclude(status=Status.PENDING).filter(occurred_at__lt=cutoff).delete()
    return by_model.get(Delivery._meta.label, 0)
