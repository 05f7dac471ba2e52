"""The RSS and Atom feeds of a hub and of the site list its published events beside its stories:
newest publication first, each event saying when (in its own time zone), where, and whether it
is cancelled; a translation's feed lists that language's events; the cost does not grow."""

import datetime
import email.utils

import pytest
from defusedxml import ElementTree
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, Page
from wagtail.test.utils import WagtailTestUtils

from communities import feeds
from tests.factories import AuthorFactory, CommunityHubPageFactory, EventPageFactory, StoryPageFactory

ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/elements/1.1/}"  # Django writes a name without an e-mail as dc:creator
NOON = datetime.datetime(2030, 5, 1, 12, tzinfo=datetime.UTC)


def published(page, hours):
    """Say ``page`` was first published ``hours`` after a fixed noon: the feeds' order is known."""
    when = NOON + datetime.timedelta(hours=hours)
    Page.objects.filter(pk=page.pk).update(first_published_at=when, last_published_at=when)
    return page


def event(parent, title, hours, **fields):
    return published(EventPageFactory(parent=parent, title=title, **fields), hours)


def story(parent, title, hours, **fields):
    return published(StoryPageFactory(parent=parent, title=title, **fields), hours)


def rss(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    return ElementTree.fromstring(response.content).find("channel")


def rss_items(channel):
    return {item.findtext("title"): item for item in channel.findall("item")}


def description(item):
    """The paragraphs of an item's description, as a reader renders its HTML."""
    return [p.get_text() for p in WagtailTestUtils.get_soup(item.findtext("description")).select("p")]


@pytest.fixture
def organiser(db):
    return AuthorFactory(name="Rosa Park")


def test_the_hub_feed_merges_stories_and_events_newest_publication_first(client, hub, organiser):
    story(hub, "Old story", 0)
    event(hub, "Seed swap", 1, slug="seed-swap", organiser=organiser)
    story(hub, "New story", 2)
    event(hub, "Draft walk", 3).unpublish()
    StoryPageFactory(parent=CommunityHubPageFactory(parent=hub.get_parent(), slug="other"), title="Elsewhere")

    channel = rss(client, "/en/gardening/feed/rss/")
    assert channel.findtext("title") == "Gardening — latest stories and events"
    assert [item.findtext("title") for item in channel.findall("item")] == ["New story", "Seed swap", "Old story"]
    item = rss_items(channel)["Seed swap"]
    assert [category.text for category in item.findall("category")] == ["Event"]
    assert item.findtext("link") == item.findtext("guid") == "http://testserver/en/gardening/seed-swap/"
    assert email.utils.parsedate_to_datetime(item.findtext("pubDate")) == NOON + datetime.timedelta(hours=1)
    assert item.findtext(f"{DC}creator") == "Rosa Park"
    assert rss_items(channel)["Old story"].findall("category") == []  # a story is not an event


def test_an_event_says_when_in_its_own_time_zone_and_where(client, hub):
    # 21:30 in New York is 01:30 the next day in UTC: the feed gives New York's date and time.
    event(
        hub,
        "Evening talk",
        0,
        start_date=datetime.date(2031, 3, 14),
        start_time=datetime.time(21, 30),
        end_date=datetime.date(2031, 3, 14),
        end_time=datetime.time(23, 0),
        time_zone="America/New_York",
        place="The library",
        summary="Composting in small flats.",
    )
    event(hub, "Online clinic", 1, attendance="online", online_url="https://meet.example.org/x", place="")

    items = rss_items(rss(client, "/en/gardening/feed/rss/"))
    assert description(items["Evening talk"]) == [
        "March 14, 2031, 9:30 p.m. (America/New_York) — The library",
        "Composting in small flats.",
    ]
    when_where, summary = description(items["Online clinic"])
    assert when_where.endswith("(Europe/Paris) — Online")
    assert "9 a.m." in when_where
    assert "meet.example.org" not in items["Online clinic"].findtext("description")  # the link is for attendees


def test_a_cancelled_event_says_so_and_why(client, hub):
    event(hub, "Seed swap", 0, cancelled=True, cancellation_reason="The hall is flooded.")
    item = rss_items(rss(client, "/en/gardening/feed/rss/"))["Seed swap"]
    assert description(item)[0] == "Cancelled: The hall is flooded."


def test_an_event_without_an_organiser_has_no_author(client, hub):
    swap = event(hub, "Seed swap", 0)
    swap.organiser.delete()  # the event keeps going without one
    item = rss_items(rss(client, "/en/gardening/feed/rss/"))["Seed swap"]
    assert item.find(f"{DC}creator") is None


def test_the_site_atom_feed_lists_every_hubs_events(client, home, hub):
    lens = CommunityHubPageFactory(parent=home, title="Through the Lens", slug="lens")
    event(hub, "Seed swap", 0)
    event(lens, "Photo walk", 1, slug="photo-walk")
    story(lens, "Light", 2)

    response = client.get("/en/feed/atom/")
    assert response.status_code == 200
    feed = ElementTree.fromstring(response.content)
    assert feed.findtext(f"{ATOM}title") == "Home — latest stories and events"
    assert feed.findtext(f"{ATOM}subtitle") == "Latest stories and events"
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == ["Light", "Photo walk", "Seed swap"]
    walk = entries[1]
    assert walk.find(f"{ATOM}category").get("term") == "Event"
    assert walk.find(f"{ATOM}summary").get("type") == "html"
    assert "The bridge café" in walk.findtext(f"{ATOM}summary")
    assert walk.findtext(f"{ATOM}id") == "http://testserver/en/lens/photo-walk/"


def test_without_events_the_feed_still_says_latest_stories(client, hub):
    story(hub, "Seeds", 0)
    assert rss(client, "/en/gardening/feed/rss/").findtext("title") == "Gardening — latest stories"


def test_the_feed_holds_feed_length_items_in_all(client, hub, monkeypatch):
    monkeypatch.setattr(feeds, "FEED_LENGTH", 3)
    for hours in range(4):
        story(hub, f"Story {hours}", 2 * hours)
        event(hub, f"Event {hours}", 2 * hours + 1)
    titles = [item.findtext("title") for item in rss(client, "/en/gardening/feed/rss/").findall("item")]
    assert titles == ["Event 3", "Story 3", "Event 2"]


def test_a_translations_feed_lists_the_events_in_its_language(client, home, hub):
    french = Locale.objects.get_or_create(language_code="fr")[0]
    home.copy_for_translation(french).save_revision().publish()
    hub.copy_for_translation(french).save_revision().publish()
    online = {"attendance": "online", "online_url": "https://meet.example.org/x", "place": ""}
    swap = EventPageFactory(parent=hub, title="Seed swap", slug="swap", **online)
    swap.save_revision().publish()
    translation = swap.copy_for_translation(french)
    translation.title = "Troc de graines"
    translation.save_revision().publish()

    channel = rss(client, "/fr/gardening/feed/rss/")
    items = rss_items(channel)
    assert list(items) == ["Troc de graines"]
    item = items["Troc de graines"]
    assert item.findtext("link") == "http://testserver/fr/gardening/swap/"
    assert [category.text for category in item.findall("category")] == ["Événement"]
    assert description(item)[0].endswith("(Europe/Paris) — En ligne")
    assert list(rss_items(rss(client, "/fr/feed/rss/"))) == ["Troc de graines"]
    assert list(rss_items(rss(client, "/en/gardening/feed/rss/"))) == ["Seed swap"]


def fill(hub, stories, events):
    """``stories`` stories and ``events`` events, with authors, topics, organisers; some online or cancelled."""
    authors = [AuthorFactory() for _ in range(3)]
    for n in range(stories):
        story(hub, f"Story {n}", 2 * n, slug=f"story-{n}", authors=authors[: 1 + n % 3], topics=[f"t{n % 4}"])
    for n in range(events):
        online = {"attendance": "online", "online_url": "https://meet.example.org/x"} if n % 2 else {}
        cancelled = {"cancelled": True, "cancellation_reason": "Rain."} if n % 3 == 0 else {}
        event(hub, f"Event {n}", 2 * n + 1, slug=f"event-{n}", organiser=authors[n % 3], **online, **cancelled)


def count_queries(client, url):
    client.get(url)  # warm up the per-site caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", ["/en/gardening/feed/rss/", "/en/feed/atom/"])
def test_feed_queries_do_not_grow_with_stories_or_events(client, home, url):
    counts = []
    for stories, events in ((2, 2), (2, 12), (12, 12)):
        hub = CommunityHubPageFactory(parent=home, title="Gardening", slug="gardening")
        fill(hub, stories, events)
        counts.append(count_queries(client, url))
        hub.delete()
    assert len(set(counts)) == 1, counts
    assert counts[0] <= 20
