"""The public sitemap (every language, hreflang alternates, on the requested host) and robots.txt."""

from collections import Counter
from urllib.parse import urlsplit

import pytest
from defusedxml import ElementTree
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, Page, PageViewRestriction

from communities.models import CommunityHubPage
from stories.models import StoryPage
from tests.factories import StoryPageFactory
from townsquare.sitemaps import TranslatedPagesSitemap

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
# In the test settings' ALLOWED_HOSTS ("*"), and not the Wagtail Site record's host (localhost).
HOST = "community.example.org"
ORIGIN = f"https://{HOST}"
LANGUAGES = [code for code, _name in settings.LANGUAGES]
# The demo's pages, one URL each: the home page, hubs and stories in six languages (see test_demo.py).
DEMO_MINIMUM_URLS = 30


def get_sitemap(client, query=""):
    response = client.get(f"/sitemap.xml{query}", HTTP_HOST=HOST, secure=True)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/xml"
    return response


def parse(response):
    """{loc: {"lastmod": text or None, "alternates": {hreflang: href}}}, in document order."""
    # defusedxml: the standard library's parser with entity expansion refused (ruff S314).
    root = ElementTree.fromstring(response.content)
    assert root.tag == f"{{{NS['sm']}}}urlset"
    urls = {}
    for url in root.findall("sm:url", NS):
        loc = url.findtext("sm:loc", namespaces=NS)
        assert loc not in urls, f"{loc} listed twice"
        alternates = {}
        for link in url.findall("xhtml:link", NS):
            assert link.get("rel") == "alternate"
            assert link.get("hreflang") not in alternates, f"{loc}: {link.get('hreflang')} twice"
            alternates[link.get("hreflang")] = link.get("href")
        urls[loc] = {"lastmod": url.findtext("sm:lastmod", namespaces=NS), "alternates": alternates}
    return urls


def language_of(url):
    return urlsplit(url).path.split("/")[1]


def absolute(page):
    return ORIGIN + page.url


def test_every_language_on_the_requested_host(client, shared_demo, db):
    urls = parse(get_sitemap(client))

    per_language = Counter(language_of(loc) for loc in urls)
    assert set(per_language) == set(LANGUAGES)
    assert len(urls) >= DEMO_MINIMUM_URLS
    # Every live, public page under the tree root's home pages, and only those, per language.
    expected = Counter(
        Page.objects.live().public().filter(depth__gte=2).values_list("locale__language_code", flat=True).order_by()
    )
    assert per_language == expected
    assert per_language[settings.LANGUAGE_CODE] > per_language["fr"] > per_language["de"] >= 2

    # The hub that exists in French only, and its story.
    local_hub = CommunityHubPage.objects.get(slug="velotaf-lyon")
    assert local_hub.get_translations().count() == 0
    assert absolute(local_hub) in urls
    assert urls[absolute(local_hub)]["alternates"] == {}, "an untranslated page has no alternates"
    assert any(loc.startswith(absolute(local_hub)) and loc != absolute(local_hub) for loc in urls)

    for loc, url in urls.items():
        assert loc.startswith(f"{ORIGIN}/"), loc
        assert all(href.startswith(f"{ORIGIN}/") for href in url["alternates"].values()), loc
        assert url["lastmod"], f"{loc} has no lastmod"


def test_alternates_are_reciprocal_with_x_default(client, shared_demo, db):
    urls = parse(get_sitemap(client))

    translated = {loc: url["alternates"] for loc, url in urls.items() if url["alternates"]}
    # Every page with a live translation, and only those, carries alternates.
    grouped = Counter(Page.objects.live().public().filter(depth__gte=2).values_list("translation_key", flat=True))
    assert len(translated) == sum(size for size in grouped.values() if size > 1)
    assert len(translated) >= 6 * 2, "the home page and at least one hub or story in six languages"
    assert any(set(alternates) == {*LANGUAGES, "x-default"} for alternates in translated.values())

    for loc, alternates in translated.items():
        own = language_of(loc)
        assert alternates[own] == loc, f"{loc} does not list itself"
        assert "x-default" in alternates, loc
        assert alternates["x-default"] == alternates.get(settings.LANGUAGE_CODE, loc), loc
        for hreflang, href in alternates.items():
            if hreflang == "x-default":
                continue
            assert language_of(href) == hreflang, href
            assert href in urls, f"{loc} lists {href}, which is not in the sitemap"
            assert urls[href]["alternates"].get(own) == loc, f"{href} does not list {loc} back"
            assert urls[href]["alternates"]["x-default"] == alternates["x-default"]


def test_drafts_and_private_pages_are_left_out(client, demo):
    hub = CommunityHubPage.objects.get(slug="workshifting", locale__language_code=settings.LANGUAGE_CODE)
    draft = StoryPageFactory(parent=hub, slug="not-yet", live=False)
    unpublished = StoryPage.objects.live().child_of(hub).exclude(pk=draft.pk).first()
    unpublished.unpublish()
    # A translated story made private in French only: gone from the sitemap and from its group.
    story = StoryPage.objects.get(slug="five-rituals-distributed-team", locale__language_code="en")
    french = story.get_translation(Locale.objects.get(language_code="fr"))
    PageViewRestriction.objects.create(page=french, restriction_type=PageViewRestriction.LOGIN)
    # A private hub hides the pages under it as well.
    private_hub = CommunityHubPage.objects.get(slug="velotaf-lyon")
    PageViewRestriction.objects.create(page=private_hub, restriction_type=PageViewRestriction.PASSWORD, password="x")

    urls = parse(get_sitemap(client))

    assert len(urls) >= DEMO_MINIMUM_URLS - 5
    listed_paths = {urlsplit(loc).path for loc in urls}
    for page in (draft, unpublished, french, private_hub):
        assert page.url not in listed_paths, page.url
    assert not any(path.startswith(private_hub.url) for path in listed_paths)
    # The demo's story awaiting review, and its French translation in review with it.
    for pending in StoryPage.objects.filter(slug="quiet-hours-experiment").select_related("locale"):
        code = pending.locale.language_code
        assert not pending.live and not any(path.endswith(f"/{pending.slug}/") for path in listed_paths), code
    alternates = urls[absolute(story)]["alternates"]
    assert "fr" not in alternates and {"en", "de", "x-default"} <= set(alternates)


def test_paging_keeps_groups_whole(client, shared_demo, db, monkeypatch):
    everything = parse(get_sitemap(client))
    monkeypatch.setattr(TranslatedPagesSitemap, "limit", 10)

    pages = []
    number = 1
    while number < 20:
        response = client.get(f"/sitemap.xml?p={number}", HTTP_HOST=HOST, secure=True)
        if response.status_code == 404:
            break
        pages.append(parse(response))
        number += 1
    assert len(pages) == -(-len(everything) // 10) >= 3
    assert all(len(page) == 10 for page in pages[:-1])
    merged = {loc: url for page in pages for loc, url in page.items()}
    assert merged == everything, "the same URLs and alternates, whichever page they are on"


@pytest.fixture
def more_stories():
    """Adds ``count`` live stories to an English hub, each translated into French and German."""

    def add(count):
        hub = CommunityHubPage.objects.get(slug="workshifting", locale__language_code=settings.LANGUAGE_CODE)
        locales = list(Locale.objects.filter(language_code__in=["fr", "de"]))
        for index in range(count):
            story = StoryPageFactory(parent=hub, slug=f"more-{index}")
            story.save_revision().publish()
            for locale in locales:
                story.copy_for_translation(locale).save_revision().publish()

    return add


def test_queries_do_not_grow_with_pages(client, demo, more_stories):
    def measure():
        with CaptureQueriesContext(connection) as queries:
            urls = parse(get_sitemap(client))
        return len(urls), len(queries)

    get_sitemap(client)  # Django's current Site and Wagtail's site root paths are cached once per process.
    before_urls, before_queries = measure()
    more_stories(10)
    after_urls, after_queries = measure()

    assert before_urls >= DEMO_MINIMUM_URLS
    assert after_urls == before_urls + 30
    assert after_queries == before_queries <= 10


def test_robots_txt(client, db):
    response = client.get("/robots.txt", HTTP_HOST=HOST)

    assert response.status_code == 200, "served as it is, not redirected under a language prefix"
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines == ["User-agent: *", "Disallow: /admin/", f"Sitemap: http://{HOST}/sitemap.xml"]
    cache_control = response["Cache-Control"]
    assert "public" in cache_control and "max-age=86400" in cache_control
    # The CSP of public pages is harmless on plain text and does not stop a crawler reading it.
    assert response["X-Content-Type-Options"] == "nosniff"
    assert client.get("/en/robots.txt").status_code == 404
    assert client.post("/robots.txt").status_code == 405
