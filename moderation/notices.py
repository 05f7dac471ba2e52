"""Notices of illegal content: the one place for their rules.

A visitor who thinks a comment is illegal sends a notice from the report form (``reason``
"illegal"), with what the EU's Digital Services Act (article 16) expects of one: why the content is
illegal, where exactly it is, the sender's name and e-mail, and a statement of good faith
(``discussion.forms.ReportForm`` asks for them). Then:

- ``receive`` stores the notice with its deadline (``ModerationSettings.notice_hours`` after it was
  received), logs it on the comment and e-mails the sender an acknowledgement with its number.
  A notice does not hide the comment: a person decides, in the Illegal content queue.
- ``decide``: a moderator of the comment's hub removes the comment (a rejection through
  ``lifecycle.transition``, so the commenter gets the usual notice and may appeal) or keeps it,
  with a reason; the decision is audited and the sender is told the outcome. A notice whose
  comment was erased since is decided all the same (it stays counted).

One notice per sender and comment; a second one is refused with a message.
"""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from moderation import lifecycle
from moderation.models import Comment, IllegalContentNotice, ModerationSettings

State = Comment.State


class NoticeRefused(Exception):
    """The notice cannot be stored or decided; the message says why. ``status``: the HTTP answer."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.status = status


def receive(comment, *, explanation, location, reporter_name, reporter_email, good_faith, language="", notify=True):
    """Store a notice of illegal content about ``comment`` and acknowledge it (unless ``notify`` is
    False: the demo's notice); returns the notice.

    The fields come validated from ``ReportForm``; ``good_faith`` must be True."""
    from moderation import tasks

    if not good_faith:
        raise NoticeRefused(_("A notice of illegal content needs your statement of good faith."))
    now = timezone.now()
    try:
        with transaction.atomic():
            notice = IllegalContentNotice.objects.create(
                comment=comment,
                hub_id=comment.hub_id,
                explanation=explanation.strip(),
                location=location.strip(),
                reporter_name=reporter_name.strip(),
                reporter_email=reporter_email.strip().lower(),
                good_faith=True,
                language=language,
                deadline=now + timedelta(hours=ModerationSettings.load().notice_hours),
            )
            log(comment, "townsquare_comment.notice_received", data={"notice": notice.pk})
    except IntegrityError:
        raise NoticeRefused(
            _("You have already sent a notice about this comment; you will be told the outcome."), 409
        ) from None
    if notify:
        transaction.on_commit(lambda: tasks.send_notice_receipt.enqueue(notice.pk))
    return notice


@transaction.atomic
def decide(notice, user, *, remove, reason):
    """Remove the comment of ``notice`` (a rejection) or keep it, with ``reason``; the sender is
    e-mailed the outcome once committed. Every open notice about the comment is decided with it."""
    from moderation import tasks

    # The notice alone is locked: its comment may be gone (PostgreSQL locks no outer join's null side).
    notice = IllegalContentNotice.objects.select_for_update().get(pk=notice.pk)
    if notice.status != IllegalContentNotice.Status.OPEN:
        raise NoticeRefused(_("This notice has already been decided."), 409)
    reason = (reason or "").strip()
    if not reason:
        raise NoticeRefused(_("Say why: the person who sent the notice is told the reason."))
    comment = notice.comment
    if remove and comment is not None and comment.state != State.REJECTED:
        outcome = lifecycle.transition(
            [comment],
            State.REJECTED,
            actor=user,
            reason=_("Notice of illegal content %(number)s: %(reason)s") % {"number": notice.pk, "reason": reason},
        )
        if comment.pk in outcome.refused:
            raise NoticeRefused(outcome.refused[comment.pk], 409)
    status = IllegalContentNotice.Status.REMOVED if remove else IllegalContentNotice.Status.KEPT
    same_comment = {"comment": comment} if comment is not None else {"pk": notice.pk}
    decided = list(
        IllegalContentNotice.objects.select_for_update()
        .filter(status=IllegalContentNotice.Status.OPEN, **same_comment)
        .values_list("pk", flat=True)
    )
    IllegalContentNotice.objects.filter(pk__in=decided).update(
        status=status, outcome_reason=reason[:500], handled_by=user, handled_at=timezone.now()
    )
    if comment is not None:
        log(comment, f"townsquare_comment.notice_{status}", user=user, data={"notices": decided, "reason": reason})
    transaction.on_commit(lambda: [tasks.send_notice_outcome.enqueue(pk) for pk in decided])
    notice.refresh_from_db()
    return notice
