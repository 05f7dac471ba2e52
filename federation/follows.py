"""Following a hub: a ``Follow`` is accepted at once, or waits for a moderator of the hub when
the hub approves its followers; either answer goes back to the follower's server."""

from django.db import transaction
from wagtail.log_actions import log

from federation import activities, delivery
from federation.models import Follower


@transaction.atomic
def request(hub_actor, remote_actor, follow_id):
    """Record ``remote_actor``'s follow of ``hub_actor``; accepted unless the hub approves followers."""
    follower, created = Follower.objects.get_or_create(
        hub_actor=hub_actor, actor=remote_actor, defaults={"follow_id": follow_id}
    )
    if not created:
        follower.follow_id = follow_id
        follower.save(update_fields=["follow_id"])
    if follower.status == Follower.Status.ACCEPTED or not hub_actor.approve_followers:
        accept(follower)
    return follower


def _answer(follower, kind):
    follow = {
        "id": follower.follow_id,
        "type": "Follow",
        "actor": follower.actor.uri,
        "object": activities.actor_id(follower.hub_actor),
    }
    activity = activities.wrap(kind, follower.hub_actor, follow, to=[follower.actor.uri], cc=[])
    delivery.to_actor(follower.hub_actor, follower.actor, activity)


@transaction.atomic
def accept(follower, user=None):
    """Accept ``follower``'s request (again, when they asked again): they receive the hub's posts."""
    Follower.objects.filter(pk=follower.pk).update(status=Follower.Status.ACCEPTED)
    follower.status = Follower.Status.ACCEPTED
    _answer(follower, "Accept")
    if user is not None:
        log(
            follower.hub_actor,
            "townsquare_federation.follower_accepted",
            user=user,
            data={"actor": follower.actor.uri},
        )


@transaction.atomic
def refuse(follower, user=None):
    """Refuse ``follower``'s request: they are told, and receive nothing."""
    Follower.objects.filter(pk=follower.pk).update(status=Follower.Status.REJECTED)
    follower.status = Follower.Status.REJECTED
    _answer(follower, "Reject")
    if user is not None:
        log(
            follower.hub_actor, "townsquare_federation.follower_refused", user=user, data={"actor": follower.actor.uri}
        )


def undo(hub_actor, remote_actor):
    """``remote_actor`` stops following ``hub_actor``."""
    return Follower.objects.filter(hub_actor=hub_actor, actor=remote_actor).delete()[0]
