"""Which pages a hub actor publishes, read in a constant number of queries.

A hub's stories and events, live and public, in any of the hub's translations, grouped by
``translation_key``: one article each (``activities.article``).
"""

from django.db.models import Min

from communities.models import CommunityHubPage
from events.models import EventPage
from federation.models import HubActor
from stories.models import StoryPage

PAGE_MODELS = (StoryPage, EventPage)
FIELDS = (
    "id",
    "title",
    "url_path",
    "path",
    "depth",
    "translation_key",
    "locale__language_code",
    "first_published_at",
    "last_published_at",
    "search_description",
)


def is_federated_type(page):
    return isinstance(page, PAGE_MODELS)


def hub_of(page):
    """The hub ``page`` is in (itself for a hub), or None: one query."""
    steplen = page.steplen
    ancestors = [page.path[:end] for end in range(steplen, len(page.path) + 1, steplen)]
    return CommunityHubPage.objects.filter(path__in=ancestors).order_by("-depth").first()


def actor_of_hub(hub, *, enabled=True):
    """The ``HubActor`` of ``hub`` or of the hub it is a translation of, or None: one query."""
    actors = HubActor.objects.filter(hub__translation_key=hub.translation_key).select_related("hub")
    if enabled:
        actors = actors.filter(enabled=True)
    return actors.first()


def actor_of_page(page):
    """The enabled ``HubActor`` publishing ``page``, or None."""
    hub = hub_of(page)
    return actor_of_hub(hub) if hub is not None else None


def _hub_paths(hub_actor):
    return list(
        CommunityHubPage.objects.filter(translation_key=hub_actor.hub.translation_key).values_list("path", flat=True)
    )


def _under(queryset, paths):
    from django.db.models import Q

    condition = Q()
    for path in paths:
        condition |= Q(path__startswith=path)
    return queryset.filter(condition).exclude(path__in=paths)


def translations(translation_keys, paths=None):
    """{translation_key: [specific live public page, ...]} of stories and events: one query per type."""
    found = {}
    for model in PAGE_MODELS:
        pages = model.objects.live().public().filter(translation_key__in=translation_keys).select_related("locale")
        if paths is not None:
            pages = _under(pages, paths)
        for page in pages.order_by("locale__language_code"):
            found.setdefault(page.translation_key, []).append(page)
    return found


def outbox(hub_actor, offset, limit):
    """(total, [(translation_key, [pages])]) of the hub's articles, newest first."""
    paths = _hub_paths(hub_actor)
    keyed = []
    total = 0
    for model in PAGE_MODELS:
        rows = (
            _under(model.objects.live().public(), paths)
            .values("translation_key")
            .annotate(first=Min("first_published_at"))
        )
        keyed.extend(rows)
    total = len(keyed)
    keyed.sort(key=lambda row: (row["first"], str(row["translation_key"])), reverse=True)
    chosen = [row["translation_key"] for row in keyed[offset : offset + limit]]
    by_key = translations(chosen, paths)
    return total, [(key, by_key[key]) for key in chosen if key in by_key]
