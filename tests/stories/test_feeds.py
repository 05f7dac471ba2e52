"""RSS and Atom feeds per hub and for the site parse as XML and list live stories."""

import pytest
from defusedxml import ElementTree

from tests.factories import StoryPageFactory

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def stories(hub):
    live = [StoryPageFactory(parent=hub, title=f"Story {n}", slug=f"story-{n}") for n in range(3)]
    draft = StoryPageFactory(parent=hub, title="Draft", slug="draft", live=False)
    return live, draft


def test_hub_rss(client, stories):
    response = client.get("/en/gardening/feed/rss/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ElementTree.fromstring(response.content).find("channel")
    assert channel.findtext("title") == "Gardening — latest stories"
    titles = {item.findtext("title") for item in channel.findall("item")}
    assert titles == {"Story 0", "Story 1", "Story 2"}
    links = {item.findtext("link") for item in channel.findall("item")}
    assert "http://testserver/en/gardening/story-0/" in links


def test_site_atom(client, stories):
    response = client.get("/en/feed/atom/")
    assert response.status_code == 200
    feed = ElementTree.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 3
    assert "Draft" not in {entry.findtext(f"{ATOM}title") for entry in entries}


def test_hub_page_advertises_its_feeds(client, stories):
    from wagtail.test.utils import WagtailTestUtils

    soup = WagtailTestUtils.get_soup(client.get("/en/gardening/").content)
    types = {link["type"]: link["href"] for link in soup.select('link[rel="alternate"]')}
    assert types == {
        "application/rss+xml": "/en/gardening/feed/rss/",
        "application/atom+xml": "/en/gardening/feed/atom/",
    }


@pytest.mark.parametrize("url", ["/en/gardening/feed/", "/en/gardening/feed/json/", "/en/gardening/feed/rss/x/"])
def test_malformed_feed_urls_are_404(client, hub, url):
    assert client.get(url).status_code == 404
