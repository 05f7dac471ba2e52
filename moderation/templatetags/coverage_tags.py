"""What a visitor whose comment waits for review is told about the team: ``moderation.coverage``."""

from django import template

from communities.models import CommunityHubPage
from moderation.coverage import coverage_note as note_for_hub

register = template.Library()

# Pre-moderations that hold some comments from a guest who just wrote one.
HOLDING = {
    CommunityHubPage.Premoderation.ALL,
    CommunityHubPage.Premoderation.FIRST_TIME,
    CommunityHubPage.Premoderation.WHEN_AWAY,
}


@register.simple_tag(takes_context=True)
def coverage_note(context, story, *, holding_only=False):
    """ "The team is away until Monday 9:00 ..." for ``story``'s hub, or "" while its team is there.

    Read once per rendering (a thread shows the visitor's held comments with one note each): the hub
    is one query, its coverage at most one more (cached for a minute).
    ``holding_only``: say nothing in a hub that publishes first comments at once."""
    key = ("coverage_note", story.pk)
    cache = context.render_context
    if key not in cache:
        hub = CommunityHubPage.objects.filter(path=story.path[: -story.steplen]).first()
        if hub is None or (holding_only and hub.premoderation not in HOLDING):
            cache[key] = ""
        else:
            cache[key] = note_for_hub(hub)
    return cache[key]
