"""Removing comments at their author's request: their own deletion, or the erasure of a commenter.

A removed comment that has replies becomes a tombstone (``transition`` to ``removed``: wiped, in
place, "removed at the author's request") so that the replies keep their parent and position; one
without any reply keeps nothing in place, and its row is deleted once it has been wiped.
"""

from django.db import transaction
from django.db.models import F
from django_comments.models import Comment as BaseComment

from moderation.lifecycle.transitions import transition
from moderation.models import Comment


@transaction.atomic
def remove(comments, *, actor=None, removal=Comment.Removal.AUTHOR):
    """Remove ``comments`` (from any state but ``removed``); returns the ``Outcome`` of the transition.

    The index and the page cache are told through ``transition`` (a tombstone leaves the
    published comments); rows without replies are then deleted, in one query."""
    outcome = transition(comments, Comment.State.REMOVED, actor=actor, removal=removal)
    removed = [change.comment.pk for change in outcome.moved]
    if removed:
        # A top-level comment is its own parent in xtd's threads: that is not a reply.
        with_replies = set(
            Comment.objects.filter(parent_id__in=removed)
            .exclude(pk=F("parent_id"))
            .values_list("parent_id", flat=True)
        )
        BaseComment.objects.filter(pk__in=[pk for pk in removed if pk not in with_replies]).delete()
    return outcome
