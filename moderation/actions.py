"""What moderators do to comments: one function per action, each undoable and audited.

Views, keyboard triage and bulk actions call these after checking
``moderation.permissions``. Every state change goes through
``lifecycle.transition``, which holds the rules (an approval dismisses reports,
replies follow their parent, audit, index, cache): a single action is a
transition of one comment, a bulk action one transition of the whole selection.
"""

import hashlib

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from moderation import commenters, lifecycle, policy
from moderation.models import BlockedCommenter, Comment, IllegalContentNotice
from townsquare.mail import normalise_email

State = Comment.State


class ActionRefused(Exception):
    """The action cannot apply; the message says why, for the moderator."""


class AlreadyDone(ActionRefused):
    """Someone (or an earlier click) already made this change: a conflict, not a mistake."""


def change_state(comment, new_state, *, user, reason="", expected_state=None):
    """Move one comment; raises ``AlreadyDone`` (naming who got there first) when nothing changed.

    Returns the ``Outcome`` (``reports_dismissed`` tells an approval that only dismissed reports)."""
    outcome = lifecycle.transition([comment], new_state, actor=user, reason=reason, expected_state=expected_state)
    if comment.pk in outcome.refused:
        raise AlreadyDone(outcome.refused[comment.pk])
    return outcome


def change_states(comments, new_state, *, user, reason=""):
    """Move a selection of comments at once (bulk actions); returns the ``Outcome``: each comment
    moved, had its reports dismissed, or is refused with a message naming it."""
    return lifecycle.transition(comments, new_state, actor=user, reason=reason)


def check_rejection_reason(reason):
    """The rejection reason as stored; refuses an empty one when the settings require a reason."""
    from moderation.models import ModerationSettings

    reason = (reason or "").strip()
    if not reason and ModerationSettings.load().require_rejection_reason:
        raise ActionRefused(_("Say why this comment is rejected: the reason is kept in its history."))
    return reason


def approve(comment, user, expected_state=None):
    return change_state(comment, State.PUBLISHED, user=user, expected_state=expected_state)


def reject(comment, user, reason="", expected_state=None):
    return change_state(
        comment, State.REJECTED, user=user, reason=check_rejection_reason(reason), expected_state=expected_state
    )


def mark_spam(comment, user, expected_state=None):
    return change_state(comment, State.SPAM, user=user, expected_state=expected_state)


def restore(comment, user):
    """Undo the last state change: back to the state the comment had before it."""
    entry = (
        ModelLogEntry.objects.for_instance(comment)
        .filter(action__startswith="townsquare_comment.", data__new_state=comment.state)
        .exclude(data__old_state=None)
        .order_by("-timestamp", "-pk")
        .first()
    )
    if entry is None:
        raise ActionRefused(_("There is no earlier state to go back to."))
    return change_state(comment, entry.data["old_state"], user=user, reason=_("Undone"))


def mark_answered(comment, user, answered=True):
    Comment.objects.filter(pk=comment.pk).update(answered_at=timezone.now() if answered else None)
    log(comment, "townsquare_comment.answered" if answered else "townsquare_comment.unanswered", user=user)


def assign(comment, user, assignee, note=""):
    Comment.objects.filter(pk=comment.pk).update(assignee=assignee, assignment_note=note[:500])
    log(
        comment,
        "townsquare_comment.assigned",
        user=user,
        data={"assignee": assignee.pk if assignee else None, "assignee_name": str(assignee or ""), "note": note},
    )


@transaction.atomic
def answer_as_team(comment, user, text):
    """Publish a reply from the team under ``comment`` (it carries the Team badge)."""
    story = comment.page.specific
    hub = story.get_parent().specific
    if not text.strip():
        raise ActionRefused(_("Write the answer first."))
    if comment.state != State.PUBLISHED:
        raise ActionRefused(_("Publish the comment before answering it in public."))
    if comment.level + 1 > max(hub.max_reply_depth, 1):
        raise ActionRefused(_("This conversation is as deep as the hub allows: answer an earlier comment."))
    return lifecycle.create_comment(
        story=story,
        hub=hub,
        parent=comment,
        user=user,
        name=user.get_full_name() or user.get_username(),
        email=user.email,
        text=text.strip(),
        followup=False,
        ip_address=None,
        site_id=comment.site_id,
    )


def block_commenter(comment, user, reason=""):
    """Block the comment's author (by hashed e-mail and IP) and reject the comment.

    The e-mail is blocked as the mailbox it reaches (``townsquare.mail.normalise_email``): blocking
    "Troll+spam@x.org" also blocks "troll@x.org" and its other +tags. An author from the fediverse
    is blocked by their account's address (``remote_author``), in the e-mail's place."""
    identity = comment.remote_author or normalise_email(comment.user_email)
    entry, _created = BlockedCommenter.objects.get_or_create(
        email_hash=policy.hash_identifier(identity),
        ip_hash=policy.hash_identifier(comment.ip_address or ""),
        defaults={"label": comment.user_name, "reason": reason, "blocked_by": user},
    )
    log(comment, "townsquare_comment.blocked", user=user, data={"block": entry.pk, "reason": reason})
    if comment.state != State.REJECTED:
        lifecycle.transition([comment], State.REJECTED, actor=user, reason=reason or _("Commenter blocked"))
    return entry


@transaction.atomic
def erase_commenter(email, user):
    """Privacy request: remove every comment written with ``email``, kill the commenter's
    confirmation links and anonymise the audit trail.

    Superusers only (checked by the view). Returns how many comments were erased.

    Through ``lifecycle.remove``: a comment with replies becomes a tombstone ("removed at the
    author's request"), wiped but in place, so that other people's replies stay published where
    they were; one without replies is deleted. The search index and the page cache are told.
    The commenter's confirmation links, used or not, are deleted: opening one again answers
    "no longer valid" and restores nothing."""
    from moderation.discussion.confirmation import forget_links_of

    comments = list(Comment.objects.filter(user_email__iexact=email).exclude(state=State.REMOVED).only(*REMOVABLE))
    count = len(comments)
    pks = [comment.pk for comment in comments]
    lifecycle.remove(comments, actor=user, removal=Comment.Removal.ERASURE)
    forget_links_of(email)
    commenters.forget(email)  # the moderators' notes about them, and their pre-moderation
    # The notices of illegal content the commenter sent stay counted, without who sent them or their words.
    IllegalContentNotice.objects.filter(reporter_email__iexact=email).update(
        reporter_name="", reporter_email="", explanation="", location=""
    )
    log_entries = ModelLogEntry.objects.filter(
        content_type__app_label="moderation", content_type__model="comment", object_id__in=[str(pk) for pk in pks]
    )
    log_entries.update(label=_("erased comment"), data={})
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:12]
    log(user, "townsquare_comment.erased", user=user, data={"email_digest": digest, "comments": count})
    return count


# What ``lifecycle.remove`` needs of a comment: its state (the race guard) and its page (the cache).
REMOVABLE = ("pk", "state", "page_id", "user_name", "comment")
