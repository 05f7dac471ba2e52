"""A new comment enters here: sanitized once, its state decided by ``moderation.policy``."""

from django.conf import settings
from django.db import transaction
from django.db.models import F, Max, Min, Q, Subquery
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_comments_xtd.models import XtdComment

from moderation import policy, response_times
from moderation.lifecycle.transitions import _announce, _entry, write_log
from moderation.models import Comment
from moderation.sanitize import render_comment


def staff_role_for(user, hub, *, on_team=None):
    """The role shown on a team answer, or "" when ``user`` is not on the hub's team.

    ``on_team``: whether they are, when already known (``policy.read_commenter``)."""
    if user is None or not user.is_authenticated:
        return ""
    if not (policy.is_on_team(user, hub) if on_team is None else on_team):
        return ""
    profile = user.author_profiles.only("role").first()
    if profile and profile.role:
        return profile.role
    return gettext("Community team")


def place_in_thread(comment, parent):
    """Give the new reply ``comment`` its place under ``parent`` before it is inserted.

    A thread is kept in depth-first ``order`` (what the thread listing and ``descendants()``
    read): the reply goes right after ``parent``'s last descendant, and the comments after it
    move down by one. The thread's first comment is locked first, so that replies to one thread
    are placed one at a time; ``parent``'s order is read after the lock, as a concurrent reply
    may have moved it.
    """
    list(XtdComment.norel_objects.select_for_update().filter(pk=parent.thread_id).order_by().values_list("pk"))
    thread = XtdComment.norel_objects.filter(thread_id=parent.thread_id).order_by()
    parent_order = thread.filter(pk=parent.pk).values("order")
    bounds = thread.aggregate(
        # The first comment after the parent's subtree, and the thread's last.
        after=Min("order", filter=Q(order__gt=Subquery(parent_order), level__lte=parent.level)),
        last=Max("order"),
    )
    if bounds["after"] is not None:
        thread.filter(order__gte=bounds["after"]).update(order=F("order") + 1)
        comment.order = bounds["after"]
    else:
        comment.order = bounds["last"] + 1
    comment.thread_id, comment.parent_id, comment.level = parent.thread_id, parent.pk, parent.level + 1


def looks_like_a_question(text):
    return "?" in text


# No savepoint of its own inside a caller's transaction (two statements saved): an error here
# undoes the caller's transaction too, and no caller carries on after one.
@transaction.atomic(savepoint=False)
def create_comment(
    *,
    story,
    hub,
    parent,
    user,
    name,
    email,
    text,
    followup,
    ip_address,
    site_id,
    submit_date=None,
    commenter=None,
    unchallenged=False,
    remote_author="",
    remote_id="",
    author_url="",
):
    """Store a new comment on ``story`` (a reply when ``parent`` is given) and return it.

    ``commenter``: the ``policy.Commenter`` when the caller read it already (for the rate
    limit); else it is read here, in one statement. ``unchallenged``: posted without a solution
    of the form's challenge (no JavaScript); the policy holds it. ``remote_author`` and
    ``remote_id``: the actor and the note of a reply from the fediverse (``federation.inbox``),
    ``author_url`` its author's profile.
    """
    if commenter is None:
        commenter = policy.read_commenter(
            hub=hub, user=user, email=email, ip_address=ip_address or "", remote_author=remote_author
        )
    staff_role = staff_role_for(user, hub, on_team=commenter.on_team)
    language = story.locale.language_code
    # Reasons are stored for moderators: in the site's language, whatever the visitor's.
    with translation.override(settings.LANGUAGE_CODE):
        decision = policy.decide(
            hub=hub,
            user=user,
            email=email,
            ip_address=ip_address or "",
            text=text,
            language=language,
            is_staff_answer=bool(staff_role),
            commenter=commenter,
            unchallenged=unchallenged,
        )
    comment = Comment(
        content_object=story,
        page=story,
        hub=hub,
        site_id=site_id,
        user=user if user is not None and user.is_authenticated else None,
        user_name=name[:50],
        user_email=email,
        user_url=author_url[:200],
        remote_author=remote_author,
        remote_id=remote_id,
        comment=text,
        html=render_comment(text),
        submit_date=submit_date or timezone.now(),
        ip_address=ip_address,
        followup=followup,
        language=language,
        is_staff_answer=bool(staff_role),
        staff_role=staff_role,
        is_question=not staff_role and looks_like_a_question(text),
        state=decision.state,
        reasons=decision.reasons,
        scores=decision.scores,
    )
    if comment.is_question:
        comment.respond_by = response_times.deadline_for(hub, comment.submit_date)
    if parent is not None:
        place_in_thread(comment, parent)
    comment.save()
    if staff_role and parent is not None and comment.state == Comment.State.PUBLISHED:
        # A team answer answers the question it replies to (and the thread's opening question);
        # one held for review answers them when it is published (set_state).
        Comment.objects.filter(
            pk__in={parent.pk, parent.thread_id}, is_question=True, is_staff_answer=False, answered_at=None
        ).update(answered_at=comment.submit_date)
    write_log(
        [(comment, f"townsquare_comment.{comment.state}", _entry(None, comment.state, ""))],
        comment.user,
        comment.submit_date,
    )
    _announce(comment, None, comment.state, user)
    return comment
