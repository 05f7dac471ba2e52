"""Sending activities to other servers: one signed POST per inbox, retried with backoff.

``to_followers`` fans an activity out to a hub's accepted followers, **one delivery per inbox**:
a server's shared inbox takes it once for all its accounts (1,000 followers on 100 servers are
100 requests). ``to_actor`` sends to one account (an ``Accept``, a team's answer).

``attempt(delivery_id, attempts_made)`` (the ``deliver`` task) claims a pending delivery, waits
its turn for the server (at most ``conf.PER_DOMAIN_PER_MINUTE`` requests a minute per domain),
checks the address (``townsquare.outbound``), POSTs with a fresh signature and records the
answer: a 2xx delivered; 410 Gone, or a blocked server: finished; anything else tried again
after the next of ``conf.RETRY_DELAYS`` and given up after ``conf.MAX_ATTEMPTS``.
"""

import json
import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from federation import blocks, conf, signatures
from federation.models import Delivery, Follower
from townsquare import outbound
from townsquare.rate_limits import count_attempt

logger = logging.getLogger("townsquare.federation")
Status = Delivery.Status
USER_AGENT = "Townsquare-Federation/1"


def _domain(url):
    from federation.remote import domain_of

    return domain_of(url)


def follower_inboxes(hub_actor):
    """The inboxes that reach every accepted follower of ``hub_actor``, once each: one query."""
    rows = Follower.objects.filter(hub_actor=hub_actor, status=Follower.Status.ACCEPTED).values_list(
        "actor__shared_inbox", "actor__inbox"
    )
    return sorted({shared or inbox for shared, inbox in rows})


def _queue(hub_actor, activity, inboxes):
    """Store one delivery of ``activity`` per inbox (blocked servers left out) and queue them
    when the transaction commits; returns the deliveries."""
    from federation import tasks

    if not inboxes:
        return []
    blocked = blocks.blocked_among({_domain(inbox) for inbox in inboxes})
    body = json.dumps(activity, separators=(",", ":"))
    obj = activity.get("object")
    object_id = obj.get("id", "") if isinstance(obj, dict) else (obj or "")
    deliveries = Delivery.objects.bulk_create(
        [
            Delivery(
                hub_actor=hub_actor,
                inbox=inbox,
                domain=_domain(inbox),
                activity_type=activity["type"],
                object_id=object_id[:500],
                body=body,
            )
            for inbox in inboxes
            if _domain(inbox) not in blocked
        ]
    )
    pks = [delivery.pk for delivery in deliveries]
    transaction.on_commit(lambda: [tasks.deliver.enqueue(delivery_id=pk, attempt=0) for pk in pks])
    return deliveries


def to_followers(hub_actor, activity, *, also=()):
    """Deliver ``activity`` to every accepted follower of ``hub_actor`` (and to the actors
    ``also``, e.g. the author a reply answers), once per inbox."""
    inboxes = set(follower_inboxes(hub_actor))
    inboxes.update(actor.delivery_inbox for actor in also)
    return _queue(hub_actor, activity, sorted(inboxes))


def to_actor(hub_actor, remote_actor, activity):
    """Deliver ``activity`` to ``remote_actor``'s own inbox."""
    return _queue(hub_actor, activity, [remote_actor.inbox])


def _claim(delivery_id, attempts_made, now):
    return outbound.claim(Delivery.objects, delivery_id, attempts_made, now, conf.CLAIM_FOR)


def _finish(delivery, status, now, *, response_status=None, error="", count=True):
    fields = {
        "status": status,
        "response_status": response_status,
        "error": error[:500],
        "finished_at": now,
        "next_attempt_at": None,
        "claimed_until": None,
        "body": "",
    }
    if count:
        fields["attempts"] = delivery.attempts + 1
    Delivery.objects.filter(pk=delivery.pk).update(**fields)
    for name, value in fields.items():
        setattr(delivery, name, value)
    return delivery


def _later(delivery, when, *, response_status=None, error="", count=True):
    from federation import tasks

    fields = {"next_attempt_at": when, "claimed_until": None, "response_status": response_status, "error": error[:500]}
    if count:
        fields["attempts"] = delivery.attempts + 1
    Delivery.objects.filter(pk=delivery.pk).update(**fields)
    for name, value in fields.items():
        setattr(delivery, name, value)
    if tasks.can_defer():
        tasks.deliver.using(run_after=when).enqueue(delivery_id=delivery.pk, attempt=delivery.attempts)
    return delivery


def attempt(delivery_id, attempts_made=0):
    """Make attempt ``attempts_made + 1`` of a pending delivery; the delivery afterwards, or None
    when another run took it."""
    now = timezone.now()
    if not _claim(delivery_id, attempts_made, now):
        return None
    delivery = Delivery.objects.select_related("hub_actor").get(pk=delivery_id)
    if not delivery.hub_actor.enabled:
        return _finish(delivery, Status.CANCELLED, now, error="The hub was switched off.", count=False)
    if blocks.is_blocked(delivery.domain):
        return _finish(delivery, Status.CANCELLED, now, error="The server is blocked.", count=False)
    if count_attempt(f"federation:domain:{delivery.domain}", 60) > conf.PER_DOMAIN_PER_MINUTE:
        # The server's turn comes in the next minute; waiting is no failed attempt.
        return _later(delivery, now + timedelta(minutes=1), error="Waiting for the server's turn.", count=False)
    try:
        target = outbound.resolve(delivery.inbox, allow_private=conf.allow_private_addresses())
    except outbound.AddressRefused as refusal:
        return _finish(delivery, Status.REFUSED, now, error=str(refusal))
    body = delivery.body.encode()
    headers = signatures.sign(
        delivery.hub_actor,
        "POST",
        delivery.inbox,
        body=body,
        headers={"Content-Type": conf.CONTENT_TYPE, "User-Agent": USER_AGENT, "Accept": conf.CONTENT_TYPE},
    )
    response = outbound.exchange("POST", target, body=body, headers=headers, timeout=conf.TIMEOUT)
    status = response.status
    if status is not None and 200 <= status < 300:
        return _finish(delivery, Status.DELIVERED, now, response_status=status)
    error = response.error or f"The server answered HTTP {status}."
    if status == 410 or delivery.attempts + 1 >= conf.MAX_ATTEMPTS:
        logger.info("Federation delivery %s to %s given up: %s", delivery.pk, delivery.inbox, error)
        return _finish(delivery, Status.FAILED, now, response_status=status, error=error)
    return _later(delivery, now + conf.RETRY_DELAYS[delivery.attempts], response_status=status, error=error)


def send_due(now=None):
    """Queue an attempt of each pending delivery due at ``now`` and not under way; how many."""
    from federation import tasks

    due = outbound.due(Delivery.objects, now or timezone.now(), conf.SWEEP_BATCH)
    for pk, attempts in due:
        tasks.deliver.enqueue(delivery_id=pk, attempt=attempts)
    return len(due)


def prune(now=None):
    """Delete the log of deliveries finished more than ``conf.LOG_RETENTION`` ago; how many."""
    cutoff = (now or timezone.now()) - conf.LOG_RETENTION
    deleted, _rows = Delivery.objects.exclude(status=Status.PENDING).filter(created_at__lt=cutoff).delete()
    return deleted
