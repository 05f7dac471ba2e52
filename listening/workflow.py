"""Every change to a feedback item happens here: marking, status, assignment, public response.

Each change writes an audit entry on the comment (Wagtail's log, actions
``townsquare_feedback.<marked|status|assigned|responded>``) and, once the transaction
commits, announces itself through ``feedback_changed`` (the commenter's e-mail listens).
A change that cannot apply raises ``FeedbackRefused`` with a message for the moderator;
``FeedbackConflict`` when someone else changed the item first.
"""

from django.db import IntegrityError, transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from listening.models import MAX_RESPONSE_LENGTH, FeedbackItem
from moderation.models import Comment
from moderation.permissions import can_moderate

Status = FeedbackItem.Status
Kind = FeedbackItem.Kind

# Sent once the transaction commits. Arguments: item, action ("marked", "status", "assigned",
# "responded"), old_status, new_status, response_set (a non-empty public response was written), actor.
feedback_changed = Signal()

ALLOWED = {
    Status.NEW: {Status.ACKNOWLEDGED, Status.DECLINED},
    Status.ACKNOWLEDGED: {Status.PLANNED, Status.DONE, Status.DECLINED},
    Status.PLANNED: {Status.DONE, Status.DECLINED},
    Status.DONE: set(),
    Status.DECLINED: {Status.ACKNOWLEDGED},  # reopening a declined item
}
# The statuses the commenter hears about (every one after "new").
PUBLIC_STATUSES = {Status.ACKNOWLEDGED, Status.PLANNED, Status.DONE, Status.DECLINED}


class FeedbackRefused(Exception):
    """The change cannot apply; the message says why, for the moderator."""


class FeedbackConflict(FeedbackRefused):
    """Someone (or an earlier click) already changed the item: a conflict, not a mistake."""


def next_statuses(status):
    """The statuses an item in ``status`` may move to, in the order of the workflow."""
    return [choice for choice in Status if choice in ALLOWED.get(status, set())]


def _label(status):
    return Status(status).label.lower()


def _out_of_order_hint(old, new):
    if new == Status.NEW:
        return _("feedback never goes back to new.")
    if old == Status.DONE:
        return _("it is finished.")
    if old == Status.DECLINED:
        return _("reopen it first by acknowledging it again.")
    if old == Status.NEW:
        return _("acknowledge it first.")
    return _("it is already past that step.")


def check_text(text):
    """The public response as it will be stored (trimmed); refuses what cannot be stored whole."""
    text = (text or "").strip()
    if "\x00" in text:
        raise FeedbackRefused(
            _("The text contains a character that cannot be stored (a null byte). Remove it and try again.")
        )
    if len(text) > MAX_RESPONSE_LENGTH:
        raise FeedbackRefused(
            _("This text can be at most %(max)s characters long; it has %(length)s.")
            % {"max": MAX_RESPONSE_LENGTH, "length": len(text)}
        )
    return text


def team_ids(hub):
    """Ids of ``hub``'s team groups (editors, moderators, owners)."""
    if hub is None:
        return set()
    return {hub.editors_group_id, hub.moderators_group_id, hub.owners_group_id} - {None}


def assignable_for(hub):
    """Who a feedback item of ``hub`` can be assigned to: those who may moderate it (one query)."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    condition = Q(is_superuser=True)
    if hub is not None:
        condition |= Q(groups__in=[pk for pk in (hub.moderators_group_id, hub.owners_group_id) if pk])
    return get_user_model().objects.filter(condition, is_active=True).distinct().order_by("first_name", "username")


def check_routing(hub, comment, team, assignee):
    """Refuse a team that is not one of the hub's, or an assignee who cannot moderate the comment."""
    if team is not None:
        hub_teams = team_ids(hub)
        if team.pk not in hub_teams:
            raise FeedbackRefused(_("Choose one of this hub's teams."))
    if assignee is not None and not (assignee.is_active and can_moderate(assignee, comment)):
        raise FeedbackRefused(_("Choose a colleague who moderates this hub."))


def _person(user):
    return (user.get_full_name() or user.get_username()) if user is not None else ""


def _announce(item, action, actor, old_status=None, new_status=None, response_set=False):
    transaction.on_commit(
        lambda: feedback_changed.send(
            sender=FeedbackItem,
            item=item,
            action=action,
            old_status=old_status,
            new_status=new_status,
            response_set=response_set,
            actor=actor,
        )
    )


@transaction.atomic
def mark(comment, user, kind, team=None, assignee=None):
    """Mark a published ``comment`` as feedback of ``kind``; return the new ``FeedbackItem``."""
    if kind not in Kind.values:
        raise FeedbackRefused(_("Choose feedback, idea, question or complaint."))
    if comment.state != Comment.State.PUBLISHED:
        raise FeedbackRefused(_("Only a published comment can be marked as feedback."))
    hub = comment.hub
    check_routing(hub, comment, team, assignee)
    try:
        with transaction.atomic():
            item = FeedbackItem.objects.create(
                comment=comment,
                hub=hub,
                kind=kind,
                team=team,
                assignee=assignee,
                status_changed_at=timezone.now(),
                created_by=user,
            )
    except IntegrityError:
        raise FeedbackConflict(_("Nothing changed: this comment is already marked as feedback.")) from None
    log(
        comment,
        "townsquare_feedback.marked",
        user=user,
        data={
            "kind": kind,
            "team": team.pk if team else None,
            "team_name": team.name if team else "",
            "assignee": assignee.pk if assignee else None,
            "assignee_name": _person(assignee),
        },
    )
    _announce(item, "marked", user, new_status=Status.NEW)
    return item


def _already_message(item):
    item.refresh_from_db(fields=["status"])
    return _("Nothing changed: this feedback item is already %(status)s.") % {"status": _label(item.status)}


@transaction.atomic
def move(item, user, new_status, response=None, expected_status=None):
    """Move ``item`` to ``new_status``, optionally setting its public response at the same time.

    The update is conditional on the status the caller saw (``expected_status``, default the
    item's current one), so of two moderators acting at once exactly one succeeds.
    """
    if new_status not in Status.values:
        raise FeedbackRefused(_("Unknown status."))
    if expected_status is not None and expected_status not in Status.values:
        raise FeedbackRefused(_("Unknown status."))
    old_status = expected_status or item.status
    if new_status == old_status:
        raise FeedbackConflict(_already_message(item))
    if new_status not in ALLOWED[old_status]:
        raise FeedbackRefused(
            _("A feedback item that is %(old)s cannot become %(new)s: %(hint)s")
            % {
                "old": _label(old_status),
                "new": _label(new_status),
                "hint": _out_of_order_hint(old_status, new_status),
            }
        )
    fields = {"status": new_status, "status_changed_at": timezone.now()}
    if response is not None:
        text = check_text(response)
        fields.update(public_response=text, public_response_by=user if text else None)
    # One UPDATE ... WHERE status = old_status decides who wins.
    if not FeedbackItem.objects.filter(pk=item.pk, status=old_status).update(**fields):
        raise FeedbackConflict(_already_message(item))
    response_set = bool(response is not None and fields["public_response"])
    for name, value in fields.items():
        setattr(item, name, value)
    data = {"old_status": old_status, "new_status": new_status}
    if response is not None:
        data["response"] = fields["public_response"]
    log(item.comment, "townsquare_feedback.status", user=user, data=data)
    _announce(item, "status", user, old_status, new_status, response_set)
    return item


@transaction.atomic
def assign(item, user, team=None, assignee=None):
    """Route ``item`` to ``team`` and/or ``assignee`` (None clears either)."""
    check_routing(item.hub, item.comment, team, assignee)
    FeedbackItem.objects.filter(pk=item.pk).update(team=team, assignee=assignee)
    item.team, item.assignee = team, assignee
    log(
        item.comment,
        "townsquare_feedback.assigned",
        user=user,
        data={
            "team": team.pk if team else None,
            "team_name": team.name if team else "",
            "assignee": assignee.pk if assignee else None,
            "assignee_name": _person(assignee),
        },
    )
    _announce(item, "assigned", user)
    return item


@transaction.atomic
def respond(item, user, text):
    """Set the public response shown under the comment ("We heard you: ..."); empty text clears it."""
    text = check_text(text)
    if text == item.public_response:
        raise FeedbackConflict(_("Nothing changed: the public response is already this text."))
    FeedbackItem.objects.filter(pk=item.pk).update(public_response=text, public_response_by=user if text else None)
    item.public_response, item.public_response_by = text, user if text else None
    log(item.comment, "townsquare_feedback.responded", user=user, data={"response": text})
    _announce(item, "responded", user, response_set=bool(text))
    return item
