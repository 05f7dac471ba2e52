"""RSS 2.0 and Atom 1.0 feeds of stories, for a hub or for a whole site.

The page that serves a feed (see ``communities.models.StoryFeedsMixin``)
passes itself in; its ``feed_stories()`` says which stories belong. It lives
here, beside the pages that serve it, because stories build on communities and
not the reverse: the feed reads its items' fields and needs no import of them.
"""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from communities.topics import topic_names

FEED_LENGTH = 30


class StoryRssFeed(Feed):
    feed_type = Rss201rev2Feed

    def __init__(self, source_page):
        super().__init__()
        self.source_page = source_page

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return _("%(title)s — latest stories") % {"title": self.source_page.title}

    def absolute(self, page):
        # The host the reader used (validated by ALLOWED_HOSTS), like the pages' canonical links.
        return self.request.build_absolute_uri(page.get_url(self.request))

    def link(self):
        return self.absolute(self.source_page)

    def description(self):
        return getattr(self.source_page, "topic_statement", "") or _("Latest stories")

    def feed_url(self):
        return self.request.build_absolute_uri()

    def items(self):
        items = list(self.source_page.feed_stories().prefetch_related("story_authors__author", "topics")[:FEED_LENGTH])
        # The topics' names in the feed's language: one query for every item's topics.
        topics = [topic for item in items for topic in item.topics.all()]
        self.topic_names = topic_names(topics, self.source_page.locale_id)
        return items

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.standfirst

    def item_link(self, item):
        return self.absolute(item)

    def item_guid(self, item):
        return self.absolute(item)

    def item_pubdate(self, item):
        return item.first_published_at or item.last_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_author_name(self, item):
        return ", ".join(link.author.name for link in item.story_authors.all()) or None

    def item_categories(self, item):
        return [self.topic_names.get(topic.pk, topic.name) for topic in item.topics.all()]


class StoryAtomFeed(StoryRssFeed):
    feed_type = Atom1Feed
    subtitle = StoryRssFeed.description
