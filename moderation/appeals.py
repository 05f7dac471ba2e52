"""Appeals: a commenter contests one decision about their comment, once, and another moderator
decides.

- ``appeal_key(entry)`` signs the decision's audit entry and its comment: the link of the
  notice. ``open_decision(key)`` reads it back and says why it no longer works (forged, for
  another comment, too late, already appealed, superseded by a later decision).
- ``submit(decision, statement)`` stores the appeal (one per decision: the database refuses a
  second) and the audit entry; it lands in the Appeals queue.
- ``may_decide(user, appeal)`` is the rule of who decides: a moderator of the hub other than the
  one who made the decision, unless nobody else moderates the hub (then the same moderator).
- ``decide(appeal, user, reverse, reason)``: upheld, or reversed through ``lifecycle.transition``
  (audited like any change, the commenter's usual notice replaced by the outcome e-mail).
"""

from dataclasses import dataclass
from datetime import timedelta

from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from moderation import decisions, lifecycle
from moderation.models import Appeal, Comment, ModerationSettings
from moderation.permissions import MODERATE, comment_moderation_policy

APPEAL_SALT = "townsquare.comments.appeal"
STATEMENT_MAX_LENGTH = 2000

# What each appealable decision becomes when reversed: a rejected or hidden comment is published.
REVERSAL = {Comment.State.REJECTED: Comment.State.PUBLISHED, Comment.State.HELD: Comment.State.PUBLISHED}


class AppealRefused(Exception):
    """The appeal cannot be made or decided; the message says why. ``status``: the HTTP answer."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.status = status


def appeal_key(entry):
    """The signed key of the appeal link for the decision logged as ``entry``."""
    return signing.dumps({"d": entry.pk, "c": int(entry.object_id)}, salt=APPEAL_SALT, compress=True)


def decision_entries(comment):
    """The audit entries that are decisions about ``comment`` which its author may appeal, those
    ``decisions.notice_kind`` restricts: a rejection, or hiding a published comment (a comment
    held as it was posted waits for its first decision)."""
    return ModelLogEntry.objects.for_instance(comment).filter(
        Q(action="townsquare_comment.rejected")
        | Q(action="townsquare_comment.held", data__old_state=Comment.State.PUBLISHED)
    )


def latest_decision(comment):
    """The audit entry of ``comment``'s current decision, if it is one that can be appealed."""
    return decision_entries(comment).filter(data__new_state=comment.state).order_by("-timestamp", "-pk").first()


def deadline(entry):
    return entry.timestamp + timedelta(days=ModerationSettings.load().appeal_days)


@dataclass
class Decision:
    """A decision that can be appealed now: its comment, its audit entry and the appeal deadline."""

    comment: Comment
    entry: ModelLogEntry
    deadline: object


def open_decision(key):
    """The ``Decision`` an appeal key points to; raises ``AppealRefused`` saying why not."""
    try:
        data = signing.loads(key, salt=APPEAL_SALT)
        entry_id, comment_id = int(data["d"]), int(data["c"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise AppealRefused(
            _("This appeal link is not valid. Use the link in the e-mail you received."), 404
        ) from None
    comment = Comment.objects.filter(pk=comment_id).select_related("page").first()
    entry = decision_entries(comment).filter(pk=entry_id).first() if comment is not None else None
    if entry is None:
        raise AppealRefused(_("This appeal link is not valid. Use the link in the e-mail you received."), 404)
    if Appeal.objects.filter(decision=entry.pk).exists():
        raise AppealRefused(_("This decision has already been appealed; you will hear about the outcome."), 409)
    current = latest_decision(comment)
    if current is None or current.pk != entry.pk:
        raise AppealRefused(_("This decision no longer stands: your comment has been decided again since."), 410)
    if timezone.now() > deadline(entry):
        raise AppealRefused(
            _("The time to appeal this decision ended on %(date)s.") % {"date": deadline(entry).date().isoformat()},
            410,
        )
    return Decision(comment, entry, deadline(entry))


def submit(decision, statement, language=""):
    """Store the appeal of ``decision`` (a ``Decision``) with the commenter's ``statement``."""
    statement = (statement or "").strip()
    if not statement:
        raise AppealRefused(_("Say why you think the decision is wrong."))
    if len(statement) > STATEMENT_MAX_LENGTH:
        raise AppealRefused(
            _("Your appeal can be at most %(max)s characters long; it has %(length)s.")
            % {"max": STATEMENT_MAX_LENGTH, "length": len(statement)}
        )
    try:
        with transaction.atomic():
            appeal = Appeal.objects.create(
                comment=decision.comment,
                hub_id=decision.comment.hub_id,
                decision=decision.entry.pk,
                decided_state=decision.entry.data.get("new_state", decision.comment.state),
                decided_by_id=decision.entry.user_id,
                statement=statement,
                language=language or decision.comment.language,
            )
            log(decision.comment, "townsquare_comment.appealed", data={"appeal": appeal.pk})
    except IntegrityError:  # two submissions at once: the first one stands
        raise AppealRefused(
            _("This decision has already been appealed; you will hear about the outcome."), 409
        ) from None
    return appeal


def other_moderators(appeal):
    """Moderators of the appeal's hub other than the one who made the decision."""
    users = comment_moderation_policy.users_with_any_permission_for_instance([MODERATE], appeal.comment)
    return users.exclude(pk=appeal.decided_by_id) if appeal.decided_by_id else users


def may_decide(user, appeal):
    """Whether ``user`` may decide ``appeal``: they moderate its hub and did not make the decision,
    unless nobody else moderates the hub. Nobody decides an appeal whose comment is gone."""
    if appeal.comment is None:
        return False
    moderators = comment_moderation_policy.users_with_any_permission_for_instance([MODERATE], appeal.comment)
    if not moderators.filter(pk=user.pk).exists():
        return False
    return user.pk != appeal.decided_by_id or not other_moderators(appeal).exists()


@transaction.atomic
def decide(appeal, user, *, reverse, reason):
    """Uphold or reverse ``appeal``; the outcome is e-mailed to the commenter once committed."""
    from moderation import tasks

    # The appeal alone is locked: PostgreSQL refuses FOR UPDATE on the nullable side of a join.
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    if appeal.status == Appeal.Status.WITHDRAWN:
        raise AppealRefused(_("This appeal is closed: the comment was removed."), 410)
    if appeal.status != Appeal.Status.OPEN:
        raise AppealRefused(_("This appeal has already been decided."), 409)
    if not may_decide(user, appeal):
        raise AppealRefused(_("Another moderator decides this appeal: you made the decision it contests."), 403)
    reason = (reason or "").strip()
    if not reason:
        raise AppealRefused(_("Say why: the commenter is told the reason for the outcome."))
    comment = appeal.comment
    if reverse:
        outcome = lifecycle.transition(
            [comment],
            REVERSAL[appeal.decided_state],
            actor=user,
            reason=_("Appeal %(number)s: %(reason)s") % {"number": appeal.pk, "reason": reason},
            expected_state=appeal.decided_state,
            notify=False,
        )
        if comment.pk in outcome.refused:
            raise AppealRefused(outcome.refused[comment.pk], 409)
    appeal.status = Appeal.Status.REVERSED if reverse else Appeal.Status.UPHELD
    appeal.outcome_reason = reason[:500]
    appeal.handled_by = user
    appeal.handled_at = timezone.now()
    appeal.save(update_fields=["status", "outcome_reason", "handled_by", "handled_at"])
    log(comment, f"townsquare_comment.appeal_{appeal.status}", user=user, data={"appeal": appeal.pk, "reason": reason})
    transaction.on_commit(lambda: tasks.send_appeal_outcome.enqueue(appeal.pk))
    return appeal


def appealable(kind):
    """Whether a notice of ``kind`` carries an appeal link."""
    return kind in decisions.RESTRICTIONS
