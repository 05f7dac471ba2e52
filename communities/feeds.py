"""RSS 2.0 and Atom 1.0 feeds of stories and events, for a hub or for a whole site.

The page that serves a feed (see ``communities.models.StoryFeedsMixin``) passes itself in; its
``feed_stories()`` and ``feed_events()`` say which items belong. It lives here, beside the pages
that serve it, because stories and events build on communities and not the reverse: the feed reads
its items' fields and needs no import of them.

Items are stories and events together, the newest publication first: both lists are read in that
order (one query each), then merged and cut to ``FEED_LENGTH``.
"""

import datetime
import zoneinfo

from django.contrib.syndication.views import Feed
from django.db.models.functions import Coalesce
from django.utils import formats
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.functional import cached_property
from django.utils.html import format_html_join
from django.utils.translation import gettext as _

from communities.topics import topic_names

FEED_LENGTH = 30

# The instant an item shows as its publication date; the same order in the database and when merging.
PUBLISHED = Coalesce("first_published_at", "last_published_at")
NEVER = datetime.datetime.min.replace(tzinfo=datetime.UTC)


def published(item):
    return item.first_published_at or item.last_published_at


def newest_first(item):
    # Page ids are unique across stories and events: a total order, as in the queries' "-pk".
    return (published(item) or NEVER, item.pk)


def event_place(event):
    """Where an event happens, on one line; an online event's link is for the people signed up only."""
    if event.attendance == "online":
        return _("Online")
    return event.place or " ".join(event.address.split())


def in_feed_order(queryset):
    return queryset.order_by(PUBLISHED.desc(nulls_last=True), "-pk")


class StoryRssFeed(Feed):
    feed_type = Rss201rev2Feed

    def __init__(self, source_page):
        super().__init__()
        self.source_page = source_page

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    @cached_property
    def feed_items(self):
        """The merged items, and whether the page has events at all (the feed's title says so)."""
        stories = self.source_page.feed_stories().prefetch_related("story_authors__author", "topics")
        stories = list(in_feed_order(stories)[:FEED_LENGTH])
        events_queryset = self.source_page.feed_events().select_related("organiser")
        self.event_model = events_queryset.model
        events = list(in_feed_order(events_queryset)[:FEED_LENGTH])
        # The topics' names in the feed's language: one query for every item's topics.
        topics = [topic for story in stories for topic in story.topics.all()]
        self.topic_names = topic_names(topics, self.source_page.locale_id)
        items = sorted(stories + events, key=newest_first, reverse=True)[:FEED_LENGTH]
        return items, bool(events)

    def has_events(self):
        return self.feed_items[1]

    def is_event(self, item):
        return isinstance(item, self.event_model)

    def title(self):
        if self.has_events():
            return _("%(title)s — latest stories and events") % {"title": self.source_page.title}
        return _("%(title)s — latest stories") % {"title": self.source_page.title}

    def absolute(self, page):
        # The host the reader used (validated by ALLOWED_HOSTS), like the pages' canonical links.
        return self.request.build_absolute_uri(page.get_url(self.request))

    def link(self):
        return self.absolute(self.source_page)

    def description(self):
        statement = getattr(self.source_page, "topic_statement", "")
        if statement:
            return statement
        return _("Latest stories and events") if self.has_events() else _("Latest stories")

    def feed_url(self):
        return self.request.build_absolute_uri()

    def items(self):
        return self.feed_items[0]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        if self.is_event(item):
            return self.event_description(item)
        return item.standfirst

    def event_description(self, item):
        """HTML (as RSS and Atom readers read a description): whether it is cancelled and why,
        when it starts where it happens (the time it has there, and that time zone), its summary."""
        paragraphs = []
        if item.cancelled and item.cancellation_reason.strip():
            paragraphs.append(_("Cancelled: %(reason)s") % {"reason": item.cancellation_reason.strip()})
        elif item.cancelled:
            paragraphs.append(_("Cancelled"))
        if item.starts_at is not None:
            starts = item.starts_at.astimezone(zoneinfo.ZoneInfo(item.time_zone))
            paragraphs.append(
                # Translators: when and where an event starts, e.g. "May 12, 2030, 9 a.m. (Europe/Paris) — The café".
                _("%(starts)s (%(time_zone)s) — %(place)s")
                % {
                    "starts": formats.date_format(starts, "DATETIME_FORMAT"),
                    "time_zone": item.time_zone,
                    "place": event_place(item),
                }
            )
        paragraphs.append(item.summary)
        return format_html_join("", "<p>{}</p>", ((paragraph,) for paragraph in paragraphs if paragraph))

    def item_link(self, item):
        return self.absolute(item)

    def item_guid(self, item):
        return self.absolute(item)

    def item_pubdate(self, item):
        return published(item)

    def item_updateddate(self, item):
        return item.last_published_at

    def item_author_name(self, item):
        if self.is_event(item):
            return item.organiser.name if item.organiser_id else None
        return ", ".join(link.author.name for link in item.story_authors.all()) or None

    def item_categories(self, item):
        if self.is_event(item):
            return [_("Event")]
        return [self.topic_names.get(topic.pk, topic.name) for topic in item.topics.all()]


class StoryAtomFeed(StoryRssFeed):
    feed_type = Atom1Feed
    subtitle = StoryRssFeed.description
