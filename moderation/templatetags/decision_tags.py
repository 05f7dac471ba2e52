"""Template tags of the moderators' screens about decisions (``moderation.decisions``)."""

from django import template

from moderation.decisions import reason_labels

register = template.Library()


@register.inclusion_tag("moderation/includes/reason_list.html", takes_context=True)
def reason_list(context):
    """The ``reject-reasons`` suggestions of the reason fields: the reasons of the user's hubs."""
    request = context.get("request")
    return {"labels": reason_labels(request.user) if request is not None else []}
