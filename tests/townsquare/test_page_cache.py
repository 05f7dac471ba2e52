"""Anonymous visitors get public pages from the cache until something on them changes."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from moderation import lifecycle
from moderation.models import Comment
from tests.factories import StoryPageFactory, UserFactory
from tests.stories.comment_helpers import add_comment


@pytest.fixture(autouse=True)
def empty_cache(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def story(hub):
    return StoryPageFactory(parent=hub, title="Seeds", slug="seeds")


def get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)


def test_second_anonymous_view_is_served_from_the_cache(client, story):
    first, first_queries = get(client, "/en/gardening/seeds/")
    assert first["X-Page-Cache"] == "miss"
    assert "public" in first["Cache-Control"] and "s-maxage=60" in first["Cache-Control"]
    assert "max-age=0" in first["Cache-Control"]
    second, second_queries = get(Client(), "/en/gardening/seeds/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert first_queries > 5 and second_queries == 0


def test_a_published_comment_invalidates(client, story, django_capture_on_commit_callbacks):
    client.get("/en/gardening/seeds/")
    with django_capture_on_commit_callbacks(execute=True):
        comment = add_comment(story, "Fresh news", state=Comment.State.HELD)
    response = client.get("/en/gardening/seeds/")
    assert response["X-Page-Cache"] == "miss"
    assert b"Fresh news" not in response.content
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.set_state(comment, Comment.State.PUBLISHED)
    response = client.get("/en/gardening/seeds/")
    assert response["X-Page-Cache"] == "miss" and b"Fresh news" in response.content


def test_publishing_invalidates(client, story):
    client.get("/en/gardening/seeds/")
    story.title = "Seeds in spring"
    story.save_revision().publish()
    response = client.get("/en/gardening/seeds/")
    assert response["X-Page-Cache"] == "miss" and b"Seeds in spring" in response.content


def test_switched_off_when_the_setting_is_zero(client, story, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    client.get("/en/gardening/seeds/")
    assert "X-Page-Cache" not in client.get("/en/gardening/seeds/")


def test_visitors_with_a_session_bypass_the_cache(client, story):
    client.get("/en/gardening/seeds/")
    client.force_login(UserFactory())
    response = client.get("/en/gardening/seeds/")
    assert "X-Page-Cache" not in response
    assert "public" not in response.get("Cache-Control", "")


@pytest.mark.parametrize("url", ["/admin/login/", "/healthz", "/en/comments/form-data/{pk}/", "/en/no-such-page/"])
def test_other_responses_are_not_cached(client, story, url):
    client.get(url.format(pk=story.pk))
    response = client.get(url.format(pk=story.pk))
    assert response.get("X-Page-Cache") != "hit"
