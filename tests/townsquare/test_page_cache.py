"""Anonymous visitors get public pages from the cache; a change purges the pages it affects, and only those."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from communities.models import CommunityHubPage
from listening import workflow
from moderation import lifecycle
from moderation.models import Comment
from tests.factories import AuthorFactory, CommunityHubPageFactory, StoryPageFactory, UserFactory
from tests.stories.comment_helpers import add_comment, form_post
from townsquare.cache import PAGE_KEY_PREFIX, PATH_VERSION_PREFIX

LANGUAGES = ("en", "fr", "de", "es", "ja", "ar")
EMBEDDED = {"townsquare": {"BACKEND": "townsquare.cache.EmbeddedPageCacheBackend"}}


@pytest.fixture(autouse=True)
def empty_cache(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    settings.WAGTAILFRONTENDCACHE = EMBEDDED
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def story(hub):
    return StoryPageFactory(parent=hub, title="Seeds", slug="seeds")


@pytest.fixture
def other_story(hub):
    return StoryPageFactory(parent=hub, title="Compost", slug="compost")


@pytest.fixture
def premoderated(hub):
    """Every new comment in the hub is held for review."""
    hub.premoderation = CommunityHubPage.Premoderation.ALL
    hub.save(update_fields=["premoderation"])  # the instance too: the stories' factory keeps it as their parent


@pytest.fixture
def moderator():
    return UserFactory(is_superuser=True)


def get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)


def cache_status(url):
    """``hit`` or ``miss`` for a fresh anonymous visitor (no cookie of an earlier request)."""
    response = Client().get(url)
    assert response.status_code == 200, url
    return response["X-Page-Cache"]


def warm(*urls):
    for url in urls:
        cache_status(url)
        assert cache_status(url) == "hit", url


STORY = "/en/gardening/seeds/"
OTHER_STORY = "/en/gardening/compost/"
HUB = "/en/gardening/"
HOME = "/en/"
HUB_FEEDS = ("/en/gardening/feed/rss/", "/en/gardening/feed/atom/")


def test_second_anonymous_view_is_served_from_the_cache(client, story):
    first, first_queries = get(client, STORY)
    assert first["X-Page-Cache"] == "miss"
    assert "public" in first["Cache-Control"] and "s-maxage=60" in first["Cache-Control"]
    assert "max-age=0" in first["Cache-Control"]
    second, second_queries = get(Client(), STORY)
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert first_queries > 5 and second_queries == 0


def test_a_held_comment_purges_nothing_and_its_approval_purges_its_story(
    premoderated, story, other_story, moderator, django_capture_on_commit_callbacks
):
    warm(STORY, f"{STORY}?sort=liked", OTHER_STORY, HUB, HOME)
    with django_capture_on_commit_callbacks(execute=True):
        comment = add_comment(story, "Fresh news", state=Comment.State.HELD)
    assert Comment.objects.get(pk=comment.pk).moderated_at is None  # held when written, never published
    assert [cache_status(url) for url in (STORY, OTHER_STORY, HUB, HOME)] == ["hit"] * 4

    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.set_state(comment, Comment.State.PUBLISHED, actor=moderator)
    response = Client().get(STORY)
    assert response["X-Page-Cache"] == "miss"
    assert "Fresh news" in response.text
    assert cache_status(f"{STORY}?sort=liked") == "miss"  # every query-string variant of the page goes
    # The hub and the home page show no comments: they stay.
    assert [cache_status(url) for url in (OTHER_STORY, HUB, HOME)] == ["hit"] * 3


def test_the_apps_own_cache_is_purged_at_once_without_a_worker(
    story, moderator, settings, django_capture_on_commit_callbacks
):
    """Tasks queued for a worker that has not run yet: the page is fresh all the same, and nothing
    was queued for it (a CDN, when configured, hears through Wagtail's task)."""
    from django_tasks import default_task_backend

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    default_task_backend.clear()
    warm(STORY)
    with django_capture_on_commit_callbacks(execute=True):
        add_comment(story, "Seen at once")
    assert cache_status(STORY) == "miss"
    assert "Seen at once" in Client().get(STORY).text
    queued = [result.task.name for result in default_task_backend.results]
    assert "purge_urls_from_cache_task" not in queued and queued, queued  # the search update is queued


def test_a_spam_comment_purges_nothing(client, hub, story, other_story, moderator, django_capture_on_commit_callbacks):
    hub.premoderation = CommunityHubPage.Premoderation.ALL
    hub.save(update_fields=["premoderation"])  # the instance too: the stories' factory keeps it as their parent
    client.force_login(UserFactory())
    warm(STORY, OTHER_STORY, HUB, HOME)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/comments/post/", form_post(story, comment="Cheap watches here"))
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.state == Comment.State.HELD
    with django_capture_on_commit_callbacks(execute=True):
        assert lifecycle.set_state(comment, Comment.State.SPAM, actor=moderator)
    assert [cache_status(url) for url in (STORY, OTHER_STORY, HUB, HOME)] == ["hit"] * 4


def test_hiding_a_published_comment_purges_its_story(story, moderator, django_capture_on_commit_callbacks):
    comment = add_comment(story, "Soon gone")
    warm(STORY, HUB)
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.set_state(comment, Comment.State.REJECTED, actor=moderator)
    response = Client().get(STORY)
    assert response["X-Page-Cache"] == "miss" and "Soon gone" not in response.text
    assert cache_status(HUB) == "hit"


def test_a_like_purges_only_its_story(story, other_story, django_capture_on_commit_callbacks):
    comment = add_comment(story, "Worth a like")
    warm(STORY, OTHER_STORY, HUB, HOME, *HUB_FEEDS)
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(f"/en/comments/like/{comment.pk}/", HTTP_ACCEPT="application/json")
    assert response.json() == {"liked": True, "likes": 1}
    page = Client().get(STORY)
    assert page["X-Page-Cache"] == "miss"
    assert [count.text for count in BeautifulSoup(page.content, "html.parser").select(".like-count")] == ["1"]
    assert [cache_status(url) for url in (OTHER_STORY, HUB, HOME, *HUB_FEEDS)] == ["hit"] * 5


def test_a_feedback_response_purges_its_story(story, other_story, moderator, django_capture_on_commit_callbacks):
    comment = add_comment(story, "Please add a seed calendar")
    with django_capture_on_commit_callbacks(execute=True):
        item = workflow.mark(comment, moderator, "idea")
    warm(STORY, OTHER_STORY, HUB)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.respond(item, moderator, "A calendar is on its way.")
    response = Client().get(STORY)
    assert response["X-Page-Cache"] == "miss"
    assert "A calendar is on its way." in response.text
    assert [cache_status(url) for url in (OTHER_STORY, HUB)] == ["hit"] * 2


def test_marking_feedback_shows_nothing_and_purges_nothing(story, moderator, django_capture_on_commit_callbacks):
    comment = add_comment(story, "An idea")
    warm(STORY)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.mark(comment, moderator, "idea")
    assert cache_status(STORY) == "hit"


def test_publishing_a_story_purges_it_and_the_listings_above(
    home, hub, story, other_story, django_capture_on_commit_callbacks
):
    author = AuthorFactory(name="Ada Green", slug="ada-green")
    story_author_page = f"{HOME}authors/ada-green/"
    StoryPageFactory(parent=hub, title="Bulbs", slug="bulbs", authors=[author])
    warm(STORY, OTHER_STORY, HUB, HOME, *HUB_FEEDS, story_author_page)
    story.title = "Seeds in spring"
    with django_capture_on_commit_callbacks(execute=True):
        story.save_revision().publish()
    response = Client().get(STORY)
    assert response["X-Page-Cache"] == "miss" and "Seeds in spring" in response.text
    assert [cache_status(url) for url in (HUB, HOME, *HUB_FEEDS)] == ["miss"] * 4
    assert cache_status(OTHER_STORY) == "hit"
    assert cache_status(story_author_page) == "hit"  # not one of this story's authors

    bulbs = hub.get_children().get(slug="bulbs").specific
    with django_capture_on_commit_callbacks(execute=True):
        bulbs.unpublish()
    assert cache_status(story_author_page) == "miss"
    assert Client().get("/en/gardening/bulbs/").status_code == 404


def test_moving_a_story_purges_its_old_address_and_both_hubs(
    home, story, other_story, django_capture_on_commit_callbacks
):
    CommunityHubPageFactory(parent=home, title="Cycling", slug="cycling")
    cycling = home.get_children().get(slug="cycling")
    warm(STORY, OTHER_STORY, HUB, "/en/cycling/")
    with django_capture_on_commit_callbacks(execute=True):
        story.move(cycling, pos="last-child")
    old = Client().get(STORY)
    assert old.status_code == 301 and "X-Page-Cache" not in old  # Wagtail's redirect, no longer the page
    assert cache_status("/en/cycling/seeds/") == "miss"
    assert [cache_status(url) for url in (HUB, "/en/cycling/")] == ["miss"] * 2
    assert cache_status(OTHER_STORY) == "hit"


def test_deleting_a_story_purges_it_and_its_hub(story, other_story, django_capture_on_commit_callbacks):
    warm(STORY, OTHER_STORY, HUB)
    with django_capture_on_commit_callbacks(execute=True):
        story.delete()
    assert Client().get(STORY).status_code == 404
    assert cache_status(HUB) == "miss"
    assert cache_status(OTHER_STORY) == "hit"


def test_a_page_with_letters_outside_ascii_in_its_address_is_purged(
    hub, moderator, django_capture_on_commit_callbacks
):
    story = StoryPageFactory(parent=hub, title="Graines d’été", slug="graines-été")
    comment = add_comment(story, "Merci", state=Comment.State.HELD)
    url = "/en/gardening/graines-été/"
    warm(url)
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.set_state(comment, Comment.State.PUBLISHED, actor=moderator)
    assert cache_status(url) == "miss"


def test_keys_stay_short_whatever_the_url(story):
    long_url = f"{STORY}?utm_source={'x' * 5000}"
    warm(long_url)
    keys = [key for key in cache._cache if PAGE_KEY_PREFIX in key or PATH_VERSION_PREFIX in key]
    assert len(keys) == 2  # the path's version and the page
    assert all(len(key) < 100 for key in keys)


def test_switched_off_when_the_setting_is_zero(client, story, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    client.get(STORY)
    assert "X-Page-Cache" not in client.get(STORY)


def test_visitors_with_a_session_bypass_the_cache(client, story):
    client.get(STORY)
    client.force_login(UserFactory())
    response = client.get(STORY)
    assert "X-Page-Cache" not in response
    assert "public" not in response.get("Cache-Control", "")


@pytest.mark.parametrize("url", ["/admin/login/", "/healthz", "/en/comments/form-data/{pk}/", "/en/no-such-page/"])
def test_other_responses_are_not_cached(client, story, url):
    client.get(url.format(pk=story.pk))
    response = client.get(url.format(pk=story.pk))
    assert response.get("X-Page-Cache") != "hit"


# A caching proxy configured in WAGTAILFRONTENDCACHE -------------------------


class PurgeRecorder(BaseHTTPRequestHandler):
    """A caching proxy's purge endpoint: records each PURGE request's path and host."""

    def do_PURGE(self):  # noqa: N802 - the HTTP method's name
        self.server.purged.append((self.headers["Host"], self.path))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def proxy(settings, monkeypatch):
    for name in ("http_proxy", "HTTP_PROXY", "no_proxy", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
    server = ThreadingHTTPServer(("127.0.0.1", 0), PurgeRecorder)
    server.purged = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.WAGTAILFRONTENDCACHE = {
        **EMBEDDED,
        "proxy": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_address[1]}",
        },
    }
    yield server
    server.shutdown()
    server.server_close()


def in_every_language(path):
    return {("localhost", f"/{code}{path}") for code in LANGUAGES}


def test_a_proxy_hears_an_approval_for_its_story_in_every_language(
    proxy, story, other_story, moderator, django_capture_on_commit_callbacks
):
    comment = add_comment(story, "Fresh news", state=Comment.State.HELD)  # created outside the capture: no purge
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.set_state(comment, Comment.State.PUBLISHED, actor=moderator)
    assert set(proxy.purged) == in_every_language("/gardening/seeds/")
    assert len(proxy.purged) == len(LANGUAGES)  # once per batch


def test_a_proxy_hears_nothing_of_a_like_nor_of_a_held_comment(
    proxy, story, premoderated, django_capture_on_commit_callbacks
):
    comment = add_comment(story, "Worth a like")
    with django_capture_on_commit_callbacks(execute=True):
        assert Client().post(f"/en/comments/like/{comment.pk}/").status_code == 302
        held = add_comment(story, "Waiting", state=Comment.State.HELD)
    assert Comment.objects.filter(pk=held.pk, state=Comment.State.HELD, moderated_at=None).exists()
    assert proxy.purged == []


def test_a_proxy_hears_a_publication_for_the_story_and_the_listings_above(
    proxy, story, other_story, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        story.save_revision().publish()
    purged = set(proxy.purged)
    for path in ("/gardening/seeds/", "/gardening/", "/", "/gardening/feed/rss/", "/gardening/feed/atom/"):
        assert in_every_language(path) <= purged, path
    assert not {path for _host, path in purged if "compost" in path}
