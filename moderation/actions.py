"""What moderators do to comments: one function per action, each undoable and audited.

Views and bulk actions call these after checking ``moderation.permissions``;
state changes go through ``lifecycle.set_state`` (single) or
``set_state_many`` (bulk, a fixed number of queries for any number of comments).
"""

import hashlib

from django.db import transaction
from django.db.models import Case, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django_comments.models import Comment as BaseComment
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from moderation import lifecycle, policy
from moderation.lifecycle import transitions
from moderation.models import BlockedCommenter, Comment

State = Comment.State


class ActionRefused(Exception):
    """The action cannot apply; the message says why, for the moderator."""


class AlreadyDone(ActionRefused):
    """Someone (or an earlier click) already made this change: a conflict, not a mistake."""


def already_done_message(comment):
    comment.refresh_from_db(fields=["state", "moderated_by"])
    who = comment.moderated_by.get_full_name() or comment.moderated_by.get_username() if comment.moderated_by else ""
    state = comment.get_state_display().lower()
    if who:
        return _("Nothing changed: this comment is already %(state)s, by %(who)s.") % {"state": state, "who": who}
    return _("Nothing changed: this comment is already %(state)s.") % {"state": state}


def change_state(comment, new_state, *, user, reason="", expected_state=None):
    if not lifecycle.set_state(comment, new_state, actor=user, reason=reason, expected_state=expected_state):
        raise AlreadyDone(already_done_message(comment))


def approve(comment, user, expected_state=None):
    change_state(comment, State.PUBLISHED, user=user, expected_state=expected_state)


def reject(comment, user, reason="", expected_state=None):
    from moderation.models import ModerationSettings

    if not reason.strip() and ModerationSettings.load().require_rejection_reason:
        raise ActionRefused(_("Say why this comment is rejected: the reason is kept in its history."))
    change_state(comment, State.REJECTED, user=user, reason=reason.strip(), expected_state=expected_state)


def mark_spam(comment, user, expected_state=None):
    change_state(comment, State.SPAM, user=user, expected_state=expected_state)


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
    change_state(comment, entry.data["old_state"], user=user, reason=_("Undone"))


def dismiss_reports(comment, user):
    """Keep a reported comment: its report count goes back to zero (the reports stay on record)."""
    reports = comment.flag_count
    Comment.objects.filter(pk=comment.pk).update(flag_count=0)
    comment.flag_count = 0
    log(comment, "townsquare_comment.reports_dismissed", user=user, data={"reports": reports})


def mark_answered(comment, user, answered=True):
    Comment.objects.filter(pk=comment.pk).update(answered_at=timezone.now() if answered else None)
    log(comment, "townsquare_comment.answered" if answered else "townsquare_comment.unanswered", user=user)


def assign(comment, user, assignee, note=""):
    Comment.objects.filter(pk=comment.pk).update(assigned_to=assignee, assignment_note=note[:500])
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
    """Block the comment's author (by hashed e-mail and IP) and reject the comment."""
    entry, _created = BlockedCommenter.objects.get_or_create(
        email_hash=policy.hash_identifier(comment.user_email),
        ip_hash=policy.hash_identifier(comment.ip_address or ""),
        defaults={"label": comment.user_name, "reason": reason, "blocked_by": user},
    )
    log(comment, "townsquare_comment.blocked", user=user, data={"block": entry.pk, "reason": reason})
    if comment.state != State.REJECTED:
        lifecycle.set_state(comment, State.REJECTED, actor=user, reason=reason or _("Commenter blocked"))
    return entry


@transaction.atomic
def erase_commenter(email, user):
    """Privacy request: delete every comment written with ``email`` and anonymise the audit trail.

    Superusers only (checked by the view). Returns how many comments were deleted."""
    comments = Comment.objects.filter(user_email__iexact=email)
    count = comments.count()
    pks = list(comments.values_list("pk", flat=True))
    BaseComment.objects.filter(pk__in=pks).delete()
    log_entries = ModelLogEntry.objects.filter(
        content_type__app_label="moderation", content_type__model="comment", object_id__in=[str(pk) for pk in pks]
    )
    log_entries.update(label=_("erased comment"), data={})
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:12]
    log(user, "townsquare_comment.erased", user=user, data={"email_digest": digest, "comments": count})
    return count


@transaction.atomic
def set_state_many(comments, new_state, *, user, reason=""):
    """Bulk state change in a fixed number of queries; returns how many comments changed.

    Comments already in ``new_state`` are skipped. Replies hidden with a comment
    come back when it is published; published replies are hidden with it."""
    pks = [c.pk for c in comments if c.state != new_state]
    if not pks:
        return 0
    locked = list(
        Comment.objects.select_for_update()
        .filter(pk__in=pks)
        .exclude(state=new_state)
        .values("pk", "state", "thread_id", "order", "level")
    )
    if not locked:
        return 0
    pks = [row["pk"] for row in locked]
    now = timezone.now()
    fields = {"state": new_state, "moderated_at": now, "hidden_with": None, "moderated_by": user}
    fields["rejection_reason"] = reason[:500] if new_state == State.REJECTED else ""
    Comment.objects.filter(pk__in=pks).update(**fields)
    transitions._sync_xtd_flags(Comment.objects.filter(pk__in=pks), new_state)

    if new_state == State.PUBLISHED:
        restored = Comment.objects.filter(hidden_with__in=pks)
        # Team answers among them answer their questions; before the replies lose hidden_with.
        lifecycle.mark_answered_by(Comment.objects.filter(Q(pk__in=pks) | Q(hidden_with__in=pks)), now)
        transitions._sync_xtd_flags(restored, State.PUBLISHED)
        restored.update(state=State.PUBLISHED, hidden_with=None)
    else:
        were_published = [row for row in locked if row["state"] == State.PUBLISHED]
        hidden = _published_descendants(were_published)
        if hidden:
            Comment.objects.filter(pk__in=hidden).update(
                state=State.HELD,
                hidden_with=Case(*[When(pk=pk, then=Value(root)) for pk, root in hidden.items()]),
            )
            transitions._sync_xtd_flags(Comment.objects.filter(pk__in=hidden), State.HELD)
        if were_published:
            # Questions answered only by team answers that just left the published state wait again.
            unpublished = [row["pk"] for row in were_published] + list(hidden)
            lifecycle.unmark_answered_by(
                Comment.objects.filter(pk__in=unpublished, is_staff_answer=True).values("pk"), unpublished
            )

    # One audit entry per comment, written in one query.
    by_pk = {c.pk: c for c in comments}
    ModelLogEntry.objects.bulk_create(
        [
            ModelLogEntry(
                content_type_id=_comment_content_type_id(),
                object_id=str(row["pk"]),
                label=str(by_pk[row["pk"]]),
                action=f"townsquare_comment.{new_state}",
                data=transitions._entry(row["state"], new_state, reason, bulk=True),
                timestamp=now,
                user=user,
            )
            for row in locked
        ]
    )
    for row in locked:
        transitions._announce(by_pk[row["pk"]], row["state"], new_state, user)
    return len(locked)


def _comment_content_type_id():
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(Comment).pk


def _published_descendants(roots):
    """{reply pk: pk of the root being hidden} for the published replies below ``roots``: one query."""
    if not roots:
        return {}
    rows = list(
        Comment.objects.filter(thread_id__in={r["thread_id"] for r in roots})
        .order_by("thread_id", "order")
        .values("pk", "thread_id", "order", "level", "state")
    )
    result = {}
    by_thread = {}
    for row in rows:
        by_thread.setdefault(row["thread_id"], []).append(row)
    for root in roots:
        for row in by_thread.get(root["thread_id"], []):
            if row["order"] <= root["order"]:
                continue
            if row["level"] <= root["level"]:
                break
            if row["state"] == State.PUBLISHED and row["pk"] not in result:
                result[row["pk"]] = root["pk"]
    return result
