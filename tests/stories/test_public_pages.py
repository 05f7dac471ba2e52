"""The public hub and story pages: content, filters, meta tags, bad input."""

import pytest
from wagtail.test.utils import WagtailTestUtils

from tests.factories import AuthorFactory, StoryPageFactory


def soup_of(response):
    return WagtailTestUtils.get_soup(response.content)


@pytest.fixture
def story(hub):
    author = AuthorFactory(name="Rosa Park", role="Gardener", team="Grounds", region="Leeds")
    other = StoryPageFactory(parent=hub, title="Compost basics", slug="compost")
    story = StoryPageFactory(
        parent=hub, title="Seeds in spring", slug="seeds", authors=[author], topics=["seeds", "spring"]
    )
    story.related_stories.create(related=other)
    story.save_revision().publish()
    return story


def test_story_page(client, story):
    response = client.get("/en/gardening/seeds/")
    assert response.status_code == 200
    soup = soup_of(response)
    assert soup.h1.get_text(strip=True) == "Seeds in spring"
    assert soup.select_one(".author-card__name").get_text(strip=True) == "Rosa Park"
    assert [a.get_text(strip=True) for a in soup.select(".tag-list .tag")] == ["seeds", "spring"]
    assert [a.get_text(strip=True) for a in soup.select("#related-heading ~ ul a")] == ["Compost basics"]
    # The thread has its region, even before anyone comments.
    assert soup.select_one("section#comments")
    # Share links are plain links: no third-party script on the page.
    hrefs = [a["href"] for a in soup.select(".share a")]
    assert any(
        h.startswith("https://www.linkedin.com/sharing/share-offsite/?url=http%3A%2F%2Ftestserver") for h in hrefs
    )
    assert any(h.startswith("mailto:?subject=Seeds%20in%20spring") for h in hrefs)
    assert all(not s.get("src", "").startswith("http") for s in soup.select("script"))


def test_meta_tags(client, story):
    soup = soup_of(client.get("/en/gardening/seeds/"))
    assert soup.select_one('link[rel="canonical"]')["href"] == "http://testserver/en/gardening/seeds/"
    assert soup.select_one('meta[property="og:title"]')["content"] == "Seeds in spring"
    assert soup.select_one('meta[property="og:type"]')["content"] == "article"
    assert soup.select_one('meta[property="og:image"]')["content"].startswith("http://testserver/")
    assert soup.select_one('meta[name="description"]')["content"] == "A story worth reading."


def test_hub_filter_by_topic(client, story):
    soup = soup_of(client.get("/en/gardening/?topic=seeds"))
    assert [a.get_text(strip=True) for a in soup.select(".story-card .card__title a")] == ["Seeds in spring"]
    assert soup.select_one('.tag[aria-current="true"]').get_text(strip=True) == "seeds"
    soup = soup_of(client.get("/en/gardening/"))
    assert len(soup.select(".story-card")) == 2


@pytest.mark.parametrize("query", ["?page=abc", "?page=0", "?page=99", "?page=-1", "?topic=no-such-topic"])
def test_bad_list_parameters_are_404(client, story, query):
    assert client.get(f"/en/gardening/{query}").status_code == 404


def test_pagination(client, hub):
    for n in range(14):
        StoryPageFactory(parent=hub, slug=f"s-{n}")
    soup = soup_of(client.get("/en/gardening/"))
    assert len(soup.select(".story-card")) == 12
    assert soup.select_one('.pagination a[rel="next"]')["href"] == "?page=2"
    soup = soup_of(client.get("/en/gardening/?page=2"))
    assert len(soup.select(".story-card")) == 2


def test_author_page_lists_their_stories(client, story):
    response = client.get("/en/authors/rosa-park/")
    assert response.status_code == 200
    soup = soup_of(response)
    assert [a.get_text(strip=True) for a in soup.select(".story-card .card__title a")] == ["Seeds in spring"]
    assert client.get("/en/authors/nobody/").status_code == 404


def test_draft_story_is_not_public(client, hub):
    StoryPageFactory(parent=hub, slug="secret", live=False)
    assert client.get("/en/gardening/secret/").status_code == 404


def test_sitemap_lists_live_pages(client, story):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    from defusedxml import ElementTree

    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    urls = {loc.text for loc in ElementTree.fromstring(response.content).iter(f"{ns}loc")}
    assert "http://testserver/en/gardening/seeds/" in urls
