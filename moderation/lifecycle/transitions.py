"""Every change to a comment's existence or state happens here.

``create_comment`` stores a new comment (sanitized once, its state decided by
``moderation.policy``); ``set_state`` is the single function that moves a
comment between states. Both write the audit entry (Wagtail's log, action
``townsquare_comment.<state>``) and, once the transaction commits, announce
the change through ``comment_state_changed`` (follow-up e-mails, page cache,
search index listen to it).

Hiding a comment hides its published replies with it, and publishing it again
brings back exactly those replies: a fixed number of queries however large
the subtree (django-comments-xtd's own helper issues two per descendant).
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, Min, OuterRef, Q
from django.dispatch import Signal
from django.utils import timezone
from django_comments.models import Comment as BaseComment
from wagtail.log_actions import log

from moderation.models import Comment

# Sent after a comment is created or changes state, once the transaction commits.
# Arguments: comment, old_state (None when new), new_state, actor.
comment_state_changed = Signal()

# Sent once per batch of changes (a new comment, or one transition of any number of comments,
# the replies hidden or restored with them included), once the transaction commits.
# Arguments: changes (a list of ``Change``), actor. Receivers do their work once per batch:
# the search index, the page cache, e-mails.
comments_changed = Signal()


@dataclass(frozen=True)
class Change:
    """One comment's move: ``old_state`` is None for a new comment; ``cascaded`` for a reply
    hidden or restored along with an ancestor."""

    comment: Comment
    old_state: str | None
    new_state: str
    cascaded: bool = False

    @property
    def public_changed(self):
        """Whether visitors see something different: the comment entered or left the published state."""
        return (self.old_state == Comment.State.PUBLISHED) != (self.new_state == Comment.State.PUBLISHED)


HIDDEN_STATES = (Comment.State.HELD, Comment.State.REJECTED, Comment.State.SPAM)


def _entry(old_state, new_state, reason, **extra):
    return {"old_state": old_state, "new_state": new_state, "reason": reason, **extra}


def _announce(comment, old_state, new_state, actor):
    # The states are bound now: the comment may change again before the transaction commits.
    transaction.on_commit(
        lambda: comment_state_changed.send(
            sender=Comment, comment=comment, old_state=old_state, new_state=new_state, actor=actor
        )
    )
    change = Change(comment, old_state, new_state)
    transaction.on_commit(lambda: comments_changed.send(sender=Comment, changes=[change], actor=actor))


def descendants(comment):
    """The replies below ``comment`` in its thread (xtd keeps each thread in depth-first ``order``)."""
    if comment.level == 0:
        return Comment.objects.filter(thread_id=comment.thread_id, level__gt=0)
    thread = Comment.objects.filter(thread_id=comment.thread_id)
    end = thread.filter(order__gt=comment.order, level__lte=comment.level).aggregate(end=Min("order"))["end"]
    subtree = thread.filter(order__gt=comment.order)
    return subtree.filter(order__lt=end) if end is not None else subtree


def _sync_xtd_flags(queryset, state):
    # xtd's is_public/is_removed live on the parent table: one UPDATE with a subquery.
    BaseComment.objects.filter(pk__in=queryset.values("pk")).update(
        is_public=state == Comment.State.PUBLISHED,
        is_removed=state in (Comment.State.REJECTED, Comment.State.SPAM),
    )


def mark_answered_by(published, when):
    """The questions that the team answers among ``published`` (comments just published) answer
    are answered at ``when``: each answer's parent and its thread's opening question. One UPDATE.

    Questions already answered keep the time of their first answer."""
    staff = published.filter(is_staff_answer=True)
    return (
        Comment.objects.filter(is_question=True, is_staff_answer=False, answered_at=None)
        .filter(Q(pk__in=staff.values("parent_id")) | Q(pk__in=staff.values("thread_id")))
        .update(answered_at=when)
    )


def unmark_answered_by(staff_pks, unpublished_pks):
    """Questions answered by the team answers ``staff_pks``, which just left the published state
    with the comments ``unpublished_pks``, wait for an answer again, unless another published
    team answer still answers them. One UPDATE.

    A question that left the published state along with its answer keeps its answer: it
    comes back answered when it is published again. A question also marked answered by hand
    is reopened all the same: the mark is not told apart from an answer's."""
    staff = Comment.objects.filter(pk__in=staff_pks)
    published_staff = Comment.objects.filter(state=Comment.State.PUBLISHED, is_staff_answer=True).exclude(
        pk=OuterRef("pk")
    )
    return (
        Comment.objects.filter(is_question=True, is_staff_answer=False, answered_at__isnull=False)
        .filter(Q(pk__in=staff.values("parent_id")) | Q(pk__in=staff.values("thread_id")))
        .exclude(pk__in=unpublished_pks)
        .exclude(Exists(published_staff.filter(parent_id=OuterRef("pk"))))
        .exclude(Q(level=0) & Exists(published_staff.filter(thread_id=OuterRef("pk"))))
        .update(answered_at=None)
    )


@transaction.atomic
def set_state(comment, new_state, *, actor=None, reason="", expected_state=None):
    """Move ``comment`` to ``new_state``; return False when another change got there first.

    The update is conditional on the state the caller saw (``expected_state``,
    default: the comment's current state), so of two moderators acting at once
    exactly one succeeds. Published replies are hidden along with the comment,
    and come back when it is published again.
    """
    old_state = expected_state or comment.state
    if old_state == new_state:
        return False
    now = timezone.now()
    fields = {"state": new_state, "moderated_at": now, "hidden_with": None}
    if actor is not None and getattr(actor, "is_authenticated", False):
        fields["moderated_by"] = actor
    # The reason belongs to the rejection: it goes when the comment leaves that state (the log keeps it).
    fields["rejection_reason"] = reason[:500] if new_state == Comment.State.REJECTED else ""
    # One UPDATE ... WHERE state = old_state decides who wins.
    if not Comment.objects.filter(pk=comment.pk, state=old_state).update(**fields):
        return False
    _sync_xtd_flags(Comment.objects.filter(pk=comment.pk), new_state)

    if new_state == Comment.State.PUBLISHED:
        restored = Comment.objects.filter(hidden_with=comment.pk)
        # Before the replies come back, while they can still be told apart by hidden_with.
        mark_answered_by(Comment.objects.filter(Q(pk=comment.pk) | Q(hidden_with=comment.pk)), now)
        _sync_xtd_flags(restored, Comment.State.PUBLISHED)
        restored.update(state=Comment.State.PUBLISHED, hidden_with=None)
    elif old_state == Comment.State.PUBLISHED:
        rows = descendants(comment).filter(state=Comment.State.PUBLISHED).values_list("pk", "is_staff_answer")
        pks = []
        staff_pks = [comment.pk] if comment.is_staff_answer else []
        for pk, is_staff_answer in rows:
            pks.append(pk)
            if is_staff_answer:
                staff_pks.append(pk)
        hidden = Comment.objects.filter(pk__in=pks)
        hidden.update(state=Comment.State.HELD, hidden_with=comment.pk)
        _sync_xtd_flags(hidden, Comment.State.HELD)
        if staff_pks:
            unmark_answered_by(staff_pks, [comment.pk, *pks])

    for name, value in fields.items():
        setattr(comment, name, value)
    comment.is_public = new_state == Comment.State.PUBLISHED
    comment.is_removed = new_state in (Comment.State.REJECTED, Comment.State.SPAM)
    log(comment, f"townsquare_comment.{new_state}", user=actor, data=_entry(old_state, new_state, reason))
    _announce(comment, old_state, new_state, actor)
    return True
