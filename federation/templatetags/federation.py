"""How a hub page tells visitors they can follow it from the fediverse.

``{% fediverse_follow page %}``: the hub's handle to copy, and a link to its actor, when the hub
(or the hub ``page`` is a translation of) has an enabled fediverse account.
``{% fediverse_link page %}``: the ``<link rel="alternate" type="application/activity+json">``
of the same account, for the page's head. One query for both, none when the page is no hub.
"""

from django import template

from communities.models import CommunityHubPage
from federation import activities, conf, pages

register = template.Library()


def _enabled_actor(page):
    if not isinstance(page, CommunityHubPage):
        return None
    # Kept on the page for the request: the head's link and the body's block share one query.
    if not hasattr(page, "_fediverse_actor"):
        page._fediverse_actor = pages.actor_of_hub(page)
    return page._fediverse_actor


@register.inclusion_tag("federation/follow.html")
def fediverse_follow(page):
    actor = _enabled_actor(page)
    if actor is None:
        return {"actor": None}
    return {"actor": actor, "handle": activities.handle(actor), "actor_url": activities.actor_id(actor)}


@register.inclusion_tag("federation/link.html")
def fediverse_link(page):
    actor = _enabled_actor(page)
    if actor is None:
        return {"actor_url": ""}
    return {"actor_url": activities.actor_id(actor), "content_type": conf.CONTENT_TYPE}
