"""An author edits their comment: the new text goes through the policy again.

Edits are open for ``EDIT_WINDOW`` after the comment was stored (the views check it). The text
before each edit is kept (``CommentEdit``) for moderators, on the comment's history page, until
the comment is removed. An edit can hold a published comment (the policy decides as for a new
one; a change of state goes through ``transition``, with its rules), never publish a held one.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext
from django_comments.models import Comment as BaseComment

from moderation import policy
from moderation.lifecycle.transitions import Change, announce_changes, transition
from moderation.models import Comment, CommentEdit
from moderation.sanitize import render_comment

EDIT_WINDOW = timedelta(minutes=15)
EDITABLE_STATES = (Comment.State.PUBLISHED, Comment.State.HELD)


class EditRefused(Exception):
    """The comment cannot be edited any more (removed, rejected or spam); the message says so."""


@transaction.atomic
def edit_comment(comment, text, *, actor=None):
    """Replace ``comment``'s text with ``text`` (already checked for length); returns the
    ``CommentEdit`` recording the text before it, with the state the comment is in after it."""
    # Lock the comment's own rows first: PostgreSQL refuses FOR UPDATE across the outer join
    # to a guest's (null) user that the read below needs.
    list(Comment.objects.select_for_update().filter(pk=comment.pk).values_list("pk", flat=True))
    row = (
        Comment.objects.filter(pk=comment.pk)
        .select_related("hub", "user")
        .only("pk", "state", "comment", "hub", "user", "user_email", "ip_address", "language", "is_staff_answer")
        .first()
    )
    if row is None or row.state not in EDITABLE_STATES:
        raise EditRefused(gettext("This comment can no longer be edited."))
    commenter = policy.read_commenter(
        hub=row.hub, user=row.user, email=row.user_email, ip_address=row.ip_address or ""
    )
    # Reasons are stored for moderators: in the site's language, whatever the visitor's.
    with translation.override(settings.LANGUAGE_CODE):
        decision = policy.decide(
            hub=row.hub,
            user=row.user,
            email=row.user_email,
            ip_address=row.ip_address or "",
            text=text,
            language=row.language,
            is_staff_answer=row.is_staff_answer,
            commenter=commenter,
        )
    new_state = row.state if decision.state == Comment.State.PUBLISHED else decision.state
    edit = CommentEdit.objects.create(comment_id=row.pk, previous_text=row.comment, new_state=new_state)
    html = render_comment(text)
    BaseComment.objects.filter(pk=row.pk).update(comment=text)
    fields = {"html": html, "scores": decision.scores}
    if new_state != Comment.State.PUBLISHED:
        fields["reasons"] = decision.reasons
    Comment.objects.filter(pk=row.pk).update(**fields)
    comment.comment, comment.html = text, html
    if new_state != row.state:
        comment.state = row.state
        transition([comment], new_state, actor=actor, reason=gettext("Edited by its author"))
    else:
        # No change of state, but new text: the index and the page cache are told all the same.
        announce_changes([Change(comment, row.state, row.state, edited=True)], actor)
    return edit
