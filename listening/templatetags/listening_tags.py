"""Feedback on the comment's moderation page (``feedback_panel``) and under the comment on the
story page (``public_feedback``)."""

from django import template
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _
from wagtail.models import ModelLogEntry

from listening import workflow
from listening.models import MAX_RESPONSE_LENGTH, FeedbackItem
from moderation.models import Comment

register = template.Library()

Status = FeedbackItem.Status

# What the button moving an item to each status says.
STATUS_ACTIONS = {
    Status.ACKNOWLEDGED: _("Acknowledge"),
    Status.PLANNED: _("Plan"),
    Status.DONE: _("Mark as done"),
    Status.DECLINED: _("Decline"),
}
REOPEN = _("Reopen")


@register.inclusion_tag("listening/includes/feedback_panel.html", takes_context=True)
def feedback_panel(context, comment):
    """Mark ``comment`` as feedback, or move, assign and answer the feedback it already is."""
    item = (
        FeedbackItem.objects.filter(comment=comment).select_related("team", "assignee", "public_response_by").first()
    )
    hub = comment.hub
    buttons, entries = [], []
    if item is not None:
        for status in workflow.next_statuses(item.status):
            reopen = item.status == Status.DECLINED and status == Status.ACKNOWLEDGED
            buttons.append((status, REOPEN if reopen else STATUS_ACTIONS[status]))
        entries = (
            ModelLogEntry.objects.for_instance(comment)
            .filter(action__startswith="townsquare_feedback.")
            .select_related("user")
            .order_by("-timestamp", "-pk")
        )
    return {
        "request": context.get("request"),
        "csrf_token": context.get("csrf_token"),
        "comment": comment,
        "item": item,
        "kinds": FeedbackItem.Kind.choices,
        "buttons": buttons,
        "teams": Group.objects.filter(pk__in=workflow.team_ids(hub)).order_by("name"),
        "colleagues": workflow.assignable_for(hub),
        "entries": entries,
        "max_response": MAX_RESPONSE_LENGTH,
        "can_mark": comment.state == Comment.State.PUBLISHED,
    }


def attached_feedback(comment):
    """``comment``'s feedback item, or None. Free when the comment was read with
    ``select_related("feedback")`` (the story's thread); one query otherwise."""
    relation = Comment.feedback.related
    if relation.is_cached(comment):
        return relation.get_cached_value(comment)
    return FeedbackItem.objects.filter(comment_id=comment.pk).first()


@register.filter
def public_feedback(comment):
    """``comment``'s feedback item when the story page shows it (a status past "new" or a public
    response), else None. A filter, not an inclusion tag: a thread calls it for every comment, and
    only the few with feedback render ``listening/includes/team_response.html``."""
    item = attached_feedback(comment)
    return item if item is not None and item.is_shown_publicly else None
