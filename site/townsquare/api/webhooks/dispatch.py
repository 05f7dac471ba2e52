"""From the site's events to deliveries: which webhooks hear of what, and queuing their tasks.

Events come from the lifecycle of comments (``moderation.lifecycle.comments_changed``: a comment
held or published, new or moved there, replies hidden or restored with it included), from the
feedback workflow (``listening.workflow.feedback_changed``: an item marked, or moved to another
status) and from the sweep (``announce_overdue_questions``: a question still unanswered past
its hub's answer target).

An event goes to the active webhooks of its hub that chose it; a hub and its translations
share one team, so a webhook registered on any language of a hub hears of all of them. The
deliveries are stored in one transaction, and their tasks queued once it commits: a worker
never looks for a delivery that is not there yet.
"""

import uuid
from datetime import timedelta

from django.core.cache import cache
from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone

from communities.models import CommunityHubPage
from moderation.models import Comment
from townsquare.api.webhooks import conf, payloads
from townsquare.api.webhooks.models import Delivery, Event, OverdueQuestion, Webhook

STATE_EVENTS = {Comment.State.HELD: Event.COMMENT_HELD, Comment.State.PUBLISHED: Event.COMMENT_PUBLISHED}


# The hubs with an active webhook (each hub and its translations), kept in the shared cache so
# that a comment posted where no webhook listens costs no query: forgotten when a webhook is
# saved or deleted (``forget_listening_hubs``), and after a few minutes at most (a hub
# translated since, a webhook switched off by an update).
LISTENING_HUBS_KEY = "townsquare:webhooks:listening-hubs"
LISTENING_HUBS_SECONDS = 300


def listening_hubs():
    """The ids of the hubs (in every language) that have at least one active webhook."""
    hub_ids = cache.get(LISTENING_HUBS_KEY)
    if hub_ids is None:
        keys = Webhook.objects.filter(is_active=True).values("hub__translation_key")
        hub_ids = frozenset(CommunityHubPage.objects.filter(translation_key__in=keys).values_list("pk", flat=True))
        cache.set(LISTENING_HUBS_KEY, hub_ids, LISTENING_HUBS_SECONDS)
    return hub_ids


def forget_listening_hubs(**kwargs):
    """A webhook was saved or deleted: the hubs listening are read again on the next event (once
    now, and once more when the change commits, in case another request read the old list meanwhile)."""
    cache.delete(LISTENING_HUBS_KEY)
    transaction.on_commit(lambda: cache.delete(LISTENING_HUBS_KEY))


def subscribed_webhooks(hub_ids, events):
    """{hub id: [active webhooks of that hub, or of one of its translations, that chose one of
    ``events``]} for the hubs ``hub_ids``, and those hubs (with their locale): two queries,
    the second only when some webhook is active there."""
    hub_ids = set(hub_ids) & listening_hubs()
    if not hub_ids:
        return {}, {}
    keys = CommunityHubPage.objects.filter(pk__in=hub_ids).values("translation_key")
    webhooks = [
        webhook
        for webhook in Webhook.objects.filter(is_active=True, hub__translation_key__in=keys)
        .annotate(translation_key=F("hub__translation_key"))
        .order_by("pk")
        if any(event in webhook.events for event in events)
    ]
    if not webhooks:
        return {}, {}
    hubs = {hub.pk: hub for hub in CommunityHubPage.objects.filter(pk__in=hub_ids).select_related("locale")}
    by_hub = {}
    for hub_id, hub in hubs.items():
        matching = [webhook for webhook in webhooks if webhook.translation_key == hub.translation_key]
        if matching:
            by_hub[hub_id] = matching
    return by_hub, hubs


def queue(events):
    """Store a delivery for each ``(event, hub, objects)`` of ``events`` to each webhook of
    ``hub`` that chose ``event``, and queue their tasks once stored. Returns the deliveries.

    ``events``: ``[(event, hub, objects, webhooks)]``, ``objects`` the payload's own part
    (``{"comment": {...}}``), ``webhooks`` those of the hub."""
    from townsquare.api.webhooks import tasks

    now = timezone.now()
    deliveries = []
    for event, hub, objects, webhooks in events:
        event_id = uuid.uuid4()
        body = payloads.dumps(payloads.envelope(event, event_id, now, hub, **objects))
        for webhook in webhooks:
            if webhook.wants(event):
                deliveries.append(
                    Delivery(
                        webhook=webhook,
                        event=event,
                        event_id=event_id,
                        occurred_at=now,
                        body=body,
                        next_attempt_at=now,
                    )
                )
    if not deliveries:
        return []
    with transaction.atomic():
        Delivery.objects.bulk_create(deliveries)
        ids = [delivery.pk for delivery in deliveries]
        if None in ids:  # a database that does not return ids from a bulk insert
            ids = list(Delivery.objects.filter(uuid__in=[d.uuid for d in deliveries]).values_list("pk", flat=True))
        transaction.on_commit(lambda: [tasks.deliver.enqueue(delivery_id=pk, attempt=0) for pk in ids])
    return deliveries


# -- Receivers (connected in ``WebhooksConfig.ready``) --------------------------------------------


def on_comments_changed(sender, changes, **kwargs):
    """Comments that entered the held or the published state (not an author's edit that left
    the state as it was)."""
    moves = [
        change
        for change in changes
        if not change.edited and change.old_state != change.new_state and change.new_state in STATE_EVENTS
    ]
    if not moves:
        return []
    by_hub, hubs = subscribed_webhooks({change.comment.hub_id for change in moves}, set(STATE_EVENTS.values()))
    moves = [change for change in moves if change.comment.hub_id in by_hub]
    if not moves:
        return []
    # Read again, with their pages: a cascaded reply was loaded with a few fields only.
    comments = Comment.objects.select_related("page").in_bulk([change.comment.pk for change in moves])
    events = []
    for change in moves:
        comment = comments.get(change.comment.pk)
        if comment is None:
            continue
        data = payloads.comment_data(comment, state=change.new_state)
        hub = hubs[comment.hub_id]
        events.append((STATE_EVENTS[change.new_state], hub, {"comment": data}, by_hub[comment.hub_id]))
    return queue(events)


def on_feedback_changed(sender, item, action, old_status, new_status, **kwargs):
    """A feedback item marked (its status becomes "new") or moved to another status."""
    if action not in ("marked", "status"):
        return []
    by_hub, hubs = subscribed_webhooks({item.hub_id}, {Event.FEEDBACK_STATUS_CHANGED})
    if item.hub_id not in by_hub:
        return []
    data = {"feedback": payloads.feedback_data(item, old_status, new_status)}
    return queue([(Event.FEEDBACK_STATUS_CHANGED, hubs[item.hub_id], data, by_hub[item.hub_id])])


def announce_overdue_questions(now=None):
    """Announce the questions waiting for the team's answer past their deadline (the
    needs-response queue's questions with ``respond_by`` passed) to the webhooks that chose
    ``question.overdue``: once per question and deadline, deadlines of the last
    ``conf.OVERDUE_LOOKBACK`` only. Returns how many questions were announced."""
    from moderation.queues import QUEUES

    now = now or timezone.now()
    keys = Webhook.objects.filter(is_active=True).values_list("events", "hub__translation_key")
    keys = {key for events, key in keys if Event.QUESTION_OVERDUE in events}
    if not keys:
        return 0
    hub_ids = CommunityHubPage.objects.filter(translation_key__in=keys).values("pk")
    questions = list(
        Comment.objects.filter(
            QUEUES["needs-response"].condition,
            hub_id__in=hub_ids,
            respond_by__lt=now,
            respond_by__gte=now - conf.OVERDUE_LOOKBACK,
        )
        .exclude(Exists(OverdueQuestion.objects.filter(comment_id=OuterRef("pk"), respond_by=OuterRef("respond_by"))))
        .select_related("page")
        .order_by("respond_by", "pk")[: conf.SWEEP_BATCH]
    )
    if not questions:
        return 0
    by_hub, hubs = subscribed_webhooks({question.hub_id for question in questions}, {Event.QUESTION_OVERDUE})
    announced = []
    with transaction.atomic():
        for question in questions:
            # One at a time: of two sweeps running at once, only the one that records it announces it.
            _, created = OverdueQuestion.objects.get_or_create(comment_id=question.pk, respond_by=question.respond_by)
            if created:
                announced.append(question)
        queue(
            [
                (
                    Event.QUESTION_OVERDUE,
                    hubs[question.hub_id],
                    {"comment": payloads.comment_data(question)},
                    by_hub[question.hub_id],
                )
                for question in announced
                if question.hub_id in by_hub
            ]
        )
    return len(announced)


def forget_old_announcements(now=None):
    """Forget the announcements of deadlines older than ``conf.OVERDUE_LOOKBACK``: those
    questions are never announced again anyway. Returns how many."""
    cutoff = (now or timezone.now()) - conf.OVERDUE_LOOKBACK - timedelta(days=1)
    deleted, _by_model = OverdueQuestion.objects.filter(respond_by__lt=cutoff).delete()
    return deleted
