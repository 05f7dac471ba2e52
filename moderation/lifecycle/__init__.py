"""Every change to a comment's existence or state happens in this package.

``create_comment`` (``creation``) stores a new comment, sanitized once, its
state decided by ``moderation.policy``; ``transitions`` moves comments
between states; ``removal`` turns comments into tombstones (or deletes them) at
their author's request; ``editing`` changes an author's text, through the policy
again. Nothing outside this package writes a comment's ``state`` (nor xtd's
``is_public``/``is_removed``): a test reads the code base to keep it that way.
"""

from moderation.lifecycle.creation import create_comment, looks_like_a_question, staff_role_for
from moderation.lifecycle.editing import EDIT_WINDOW, EditRefused, edit_comment
from moderation.lifecycle.removal import remove
from moderation.lifecycle.transitions import (
    HIDDEN_STATES,
    Change,
    Outcome,
    comment_state_changed,
    comments_changed,
    descendants,
    mark_answered_by,
    set_state,
    transition,
    unmark_answered_by,
)

__all__ = [
    "EDIT_WINDOW",
    "EditRefused",
    "edit_comment",
    "HIDDEN_STATES",
    "Change",
    "Outcome",
    "comment_state_changed",
    "comments_changed",
    "create_comment",
    "descendants",
    "looks_like_a_question",
    "mark_answered_by",
    "remove",
    "set_state",
    "transition",
    "staff_role_for",
    "unmark_answered_by",
]
