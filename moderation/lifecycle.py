"""Every change to a comment's existence or state happens here.

``create_comment`` stores a new comment (sanitized once, its state decided by
``moderation.policy``); ``set_state`` is the single function that moves a
comment between states. Both tell the rest of the system (follow-up e-mails;
the search index and audit log hook in here too) through ``comment_state_changed``.
"""

from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django_comments_xtd.models import XtdComment

from moderation import policy
from moderation.models import Comment
from moderation.sanitize import render_comment

# Sent after a comment is created or changes state, once the transaction commits.
# Arguments: comment, old_state (None when new), new_state, actor.
comment_state_changed = Signal()


def staff_role_for(user, hub):
    """The role shown on a team answer, or "" when ``user`` is not on the hub's team."""
    if user is None or not user.is_authenticated:
        return ""
    team_group_ids = {hub.editors_group_id, hub.moderators_group_id, hub.owners_group_id} - {None}
    if not (user.is_superuser or user.groups.filter(pk__in=team_group_ids).exists()):
        return ""
    profile = user.author_profiles.only("role").first()
    if profile and profile.role:
        return profile.role
    from django.utils.translation import gettext

    return gettext("Community team")


@transaction.atomic
def create_comment(*, story, hub, parent, user, name, email, text, followup, ip_address, site_id, submit_date=None):
    """Store a new comment on ``story`` (a reply when ``parent`` is given) and return it."""
    if parent is not None:
        # Serialise replies into one thread: xtd renumbers the thread's order on insert.
        Comment.objects.select_for_update().filter(pk=parent.thread_id).first()
    staff_role = staff_role_for(user, hub)
    decision = policy.decide(hub=hub, user=user, email=email, is_staff_answer=bool(staff_role))
    comment = Comment(
        content_object=story,
        page=story,
        site_id=site_id,
        user=user if user is not None and user.is_authenticated else None,
        user_name=name[:50],
        user_email=email,
        comment=text,
        html=render_comment(text),
        submit_date=submit_date or timezone.now(),
        ip_address=ip_address,
        followup=followup,
        parent_id=parent.pk if parent is not None else 0,
        language=story.locale.language_code,
        is_staff_answer=bool(staff_role),
        staff_role=staff_role,
        state=decision.state,
        reasons=decision.reasons,
    )
    comment.save()
    _announce(comment, None, comment.state, user)
    return comment


def _announce(comment, old_state, new_state, actor):
    # The states are bound now: the comment may change again before the transaction commits.
    transaction.on_commit(
        lambda: comment_state_changed.send(
            sender=Comment, comment=comment, old_state=old_state, new_state=new_state, actor=actor
        )
    )


@transaction.atomic
def set_state(comment, new_state, *, actor=None, expected_state=None):
    """Move ``comment`` to ``new_state``; return False when another change got there first.

    The update is conditional on the state read by the caller (``expected_state``,
    default: the comment's current state), so two moderators acting at once
    cannot both apply.
    """
    old_state = expected_state or comment.state
    # One UPDATE ... WHERE state = old_state on the comment's own table decides who wins.
    if not Comment.objects.filter(pk=comment.pk, state=old_state).update(state=new_state):
        return False
    # xtd's flags live on the parent tables; keep them in step, in the same transaction.
    XtdComment.objects.filter(pk=comment.pk).update(
        is_public=new_state == Comment.State.PUBLISHED,
        is_removed=new_state in (Comment.State.REJECTED, Comment.State.SPAM),
    )
    comment.state = new_state
    comment.is_public = new_state == Comment.State.PUBLISHED
    _announce(comment, old_state, new_state, actor)
    return True
