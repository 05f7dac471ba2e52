"""Listings run a number of queries that does not grow with the number of items."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail_factories import ImageFactory

from tests.factories import AuthorFactory, CommunityHubPageFactory, StoryPageFactory


def count_queries(client, url):
    client.get(url)  # warm up: renditions are generated on the first view
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def fill_hub(hub, n):
    authors = [AuthorFactory(photo=ImageFactory()) for _ in range(3)]
    for i in range(n):
        StoryPageFactory(
            parent=hub, slug=f"story-{i}", authors=authors[: 1 + i % 3], topics=[f"topic {i % 5}", "shared"]
        )


@pytest.mark.parametrize("url", ["/en/gardening/", "/en/gardening/?topic=shared", "/en/gardening/feed/rss/"])
def test_hub_listing_queries_do_not_grow(client, home, url):
    small = CommunityHubPageFactory(parent=home, title="Small", slug="gardening")
    fill_hub(small, 4)
    few = count_queries(client, url)

    small.delete()
    big = CommunityHubPageFactory(parent=home, title="Big", slug="gardening")
    fill_hub(big, 100)
    many = count_queries(client, url)

    assert few == many
    assert many <= 20


def test_home_listing_queries_do_not_grow(client, home):
    for n in range(2):
        CommunityHubPageFactory(parent=home, slug=f"hub-{n}", hero_image=ImageFactory(), hero_image_alt="x")
    few = count_queries(client, "/en/")
    for n in range(2, 30):
        CommunityHubPageFactory(parent=home, slug=f"hub-{n}", hero_image=ImageFactory(), hero_image_alt="x")
    assert count_queries(client, "/en/") == few


def test_author_page_queries_do_not_grow(client, hub):
    author = AuthorFactory(name="Rosa Park")
    StoryPageFactory(parent=hub, slug="first", authors=[author])
    few = count_queries(client, "/en/authors/rosa-park/")
    for n in range(20):
        StoryPageFactory(parent=hub, slug=f"more-{n}", authors=[author], topics=["a", "b"])
    assert count_queries(client, "/en/authors/rosa-park/") == few
