"""Serializer fields the page models' ``api_fields`` use: each reads what the API's querysets
prefetch (``townsquare.api.views``), so a listing costs the same for 2 pages or 50.

No model imports here: model modules import this one."""

import zoneinfo

from rest_framework.fields import Field


class TopicsField(Field):
    """A page's topics as a sorted list of tag names, from the prefetched ``tagged_items``
    (Wagtail's own ``TagsField`` runs a query per page)."""

    def __init__(self, **kwargs):
        super().__init__(source="tagged_items", read_only=True, **kwargs)

    def to_representation(self, tagged_items):
        return sorted(item.tag.name for item in tagged_items.all())


class PrefetchedTagsField(Field):
    """Tag names, sorted, from prefetched ``tags`` (Wagtail's ``TagsField`` runs a query per object)."""

    def to_representation(self, tags):
        return sorted(tag.name for tag in tags.all())


def author_summary(author):
    """What the API shows of an author's public profile: the name, and the slug of the author page."""
    return {"name": author.name, "slug": author.slug}


class AuthorsField(Field):
    """A story's authors in their order: name and slug, from the prefetched ``story_authors``."""

    def __init__(self, **kwargs):
        super().__init__(source="story_authors", read_only=True, **kwargs)

    def to_representation(self, story_authors):
        return [author_summary(link.author) for link in story_authors.all()]


class AuthorField(Field):
    """One author (an event's organiser): name and slug, never the linked user account."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, author):
        return author_summary(author)


class LocalDateTimeField(Field):
    """An instant stored in UTC, in ISO 8601 with the offset of the page's ``time_zone``
    (``2025-06-01T09:00:00+02:00``): the wall-clock time people there read, and still one instant.

    DRF's own ``DateTimeField`` would convert it to the server's time zone."""

    def __init__(self, instant, zone_field="time_zone", **kwargs):
        self.instant, self.zone_field = instant, zone_field
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, page):
        instant = getattr(page, self.instant)
        if instant is None:
            return None
        return instant.astimezone(zoneinfo.ZoneInfo(getattr(page, self.zone_field))).isoformat()
