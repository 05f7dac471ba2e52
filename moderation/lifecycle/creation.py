"""A new comment enters here: sanitized once, its state decided by ``moderation.policy``."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from wagtail.log_actions import log

from moderation import policy, response_times
from moderation.lifecycle.transitions import _announce, _entry
from moderation.models import Comment
from moderation.sanitize import render_comment


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
    return gettext("Community team")


def looks_like_a_question(text):
    return "?" in text


@transaction.atomic
def create_comment(*, story, hub, parent, user, name, email, text, followup, ip_address, site_id, submit_date=None):
    """Store a new comment on ``story`` (a reply when ``parent`` is given) and return it."""
    if parent is not None:
        # Serialise replies into one thread: xtd renumbers the thread's order on insert.
        Comment.objects.select_for_update().filter(pk=parent.thread_id).first()
    staff_role = staff_role_for(user, hub)
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
        )
    comment = Comment(
        content_object=story,
        page=story,
        hub=hub,
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
    comment.save()
    if staff_role and parent is not None and comment.state == Comment.State.PUBLISHED:
        # A team answer answers the question it replies to (and the thread's opening question);
        # one held for review answers them when it is published (set_state).
        Comment.objects.filter(
            pk__in={parent.pk, parent.thread_id}, is_question=True, is_staff_answer=False, answered_at=None
        ).update(answered_at=comment.submit_date)
    log(comment, f"townsquare_comment.{comment.state}", user=comment.user, data=_entry(None, comment.state, ""))
    _announce(comment, None, comment.state, user)
    return comment
