"""The open read API at /api/v2/ (docs/api.md), talked to over HTTP as its clients do.

Only live pages without view restrictions, the fields each page type chooses (never an event's
online link), locale filters, the limit, bad input answered 4xx, and listings whose queries do
not grow with their length."""

import datetime
import zoneinfo

import pytest
import requests
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, PageViewRestriction

from tests.factories import AuthorFactory, EventPageFactory, StoryPageFactory, UserFactory

API = "/api/v2"


@pytest.fixture
def api(live_server):
    """GET a path of the API on the live server: the response, redirects not followed."""
    session = requests.Session()

    def get(path, **params):
        return session.get(live_server.url + API + path, params=params, allow_redirects=False, timeout=10)

    yield get
    session.close()


@pytest.fixture
def world(hub, story):
    """The hub and its published story, a draft story, a story behind a login, and an event."""
    author = AuthorFactory(name="Ada Gardener")
    story.story_authors.create(author=author)
    story.topics.add("seed saving", "compost")
    story.save_revision().publish()
    draft = StoryPageFactory(parent=hub, title="Not yet", slug="not-yet", live=False)
    private = StoryPageFactory(parent=hub, title="Team only", slug="team-only")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    event = EventPageFactory(
        parent=hub,
        title="Seed swap",
        slug="seed-swap",
        online_url="https://meet.example.org/secret-room",
        organiser=author,
    )
    event.save_revision().publish()
    return {"hub": hub, "story": story, "draft": draft, "private": private, "event": event, "author": author}


def titles(response):
    assert response.status_code == 200, response.text
    return sorted(item["title"] for item in response.json()["items"])


def test_listings_show_live_public_pages_only(api, world):
    assert titles(api("/pages/", type="stories.StoryPage")) == ["Seeds"]
    assert titles(api("/pages/")) == ["Gardening", "Home", "Seed swap", "Seeds"]
    response = api(f"/pages/{world['story'].pk}/")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"


@pytest.mark.parametrize("page", ["draft", "private"])
def test_a_draft_or_restricted_page_is_not_found(api, world, page):
    response = api(f"/pages/{world[page].pk}/")
    assert response.status_code == 404
    assert response.headers["Content-Type"] == "application/problem+json"
    assert response.json() == {
        "type": "about:blank",
        "title": "Not Found",
        "status": 404,
        "detail": "No Page matches the given query.",
    }


def test_a_signed_in_user_gets_the_same_public_pages(client, world):
    """Wagtail's default lets a signed-in user see login-restricted pages; this API does not."""
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    response = client.get(f"{API}/pages/", {"type": "stories.StoryPage"})
    assert titles(response) == ["Seeds"]


def test_story_fields(api, world):
    story = world["story"]
    data = api(f"/pages/{story.pk}/").json()
    assert data["meta"]["type"] == "stories.StoryPage"
    assert data["meta"]["locale"] == "en"
    assert data["standfirst"] == "A story worth reading."
    assert data["publication_date"] == story.publication_date.isoformat()
    assert data["body"] == []
    assert data["authors"] == [{"name": "Ada Gardener", "slug": "ada-gardener"}]
    assert data["topics"] == ["compost", "seed saving"]
    assert data["reading_minutes"] == 1
    assert data["hero_image"]["id"] == story.hero_image_id
    assert data["hero_image_alt"] == "A description of the picture"
    assert data["hero_image_card"]["url"].startswith("/media/images/")
    assert data["hero_image_card"]["width"] <= 640  # the factory's image is smaller: not enlarged
    assert "comments_closed" not in data


def test_event_fields_never_include_the_online_link(api, world):
    event = world["event"]
    data = api(f"/pages/{event.pk}/").json()
    paris = zoneinfo.ZoneInfo("Europe/Paris")
    starts = datetime.datetime.combine(event.start_date, datetime.time(9), tzinfo=paris)
    assert data["starts_at"] == starts.isoformat()  # e.g. 2025-06-01T09:00:00+02:00
    assert datetime.datetime.fromisoformat(data["ends_at"]) - starts == datetime.timedelta(hours=3)
    assert data["time_zone"] == "Europe/Paris"
    assert data["attendance"] == "in_person"
    assert data["place"] == "The bridge café"
    assert data["capacity"] == 10
    assert data["cancelled"] is False
    assert data["organiser"] == {"name": "Ada Gardener", "slug": "ada-gardener"}
    listing = api("/pages/", type="events.EventPage", fields="*").json()["items"]
    for answer in (data, *listing):
        assert "online_url" not in answer
        assert "secret-room" not in str(answer)
    assert api("/pages/", type="events.EventPage", fields="online_url").status_code == 400


def test_hub_fields_leave_out_the_team_and_its_settings(api, world):
    data = api(f"/pages/{world['hub'].pk}/").json()
    assert data["topic_statement"] == "A topic people care about."
    internal = {"product_terms", "editors_group", "moderators_group", "owners_group", "collection", "premoderation"}
    assert not internal & set(data)
    for name in sorted(internal):
        assert api("/pages/", type="communities.CommunityHubPage", fields=name).status_code == 400


def test_bodies_are_in_a_page_answer_only(api, world):
    assert api("/pages/", type="stories.StoryPage", fields="body").status_code == 400
    items = api("/pages/", type="stories.StoryPage", fields="*").json()["items"]
    assert "body" not in items[0]
    assert items[0]["authors"] == [{"name": "Ada Gardener", "slug": "ada-gardener"}]


def test_locale_and_translation_filters(api, world):
    french = Locale.objects.get_or_create(language_code="fr")[0]
    hub = world["hub"]
    hub.get_parent().copy_for_translation(french)
    hub.copy_for_translation(french)
    graines = world["story"].copy_for_translation(french)
    graines.title = "Graines"
    graines.save_revision().publish()
    assert titles(api("/pages/", type="stories.StoryPage", locale="fr")) == ["Graines"]
    assert titles(api("/pages/", type="stories.StoryPage", locale="en")) == ["Seeds"]
    assert titles(api("/pages/", translation_of=world["story"].pk)) == ["Graines"]
    assert titles(api("/pages/", translation_of=graines.pk)) == ["Seeds"]
    assert api(f"/pages/{graines.pk}/").json()["meta"]["locale"] == "fr"


def test_images_are_those_of_public_pages(api, world):
    listed = {item["id"] for item in api("/images/").json()["items"]}
    assert listed == {world["story"].hero_image_id}
    assert api(f"/images/{world['story'].hero_image_id}/").status_code == 200
    for page in ("draft", "private"):
        assert api(f"/images/{world[page].hero_image_id}/").status_code == 404


def test_find_redirects_to_the_page(api, world):
    response = api("/pages/find/", html_path="/gardening/seeds/")
    assert response.status_code == 302
    assert response.headers["Location"].split("?")[0].endswith(f"{API}/pages/{world['story'].pk}/")


def test_the_limit_is_capped(api, world):
    assert titles(api("/pages/", limit=50)) == ["Gardening", "Home", "Seed swap", "Seeds"]
    response = api("/pages/", limit=51)
    assert response.status_code == 400
    assert response.json()["detail"] == "limit cannot be higher than 50"


BAD_QUERIES = [
    {"limit": "-1"},
    {"limit": "abc"},
    {"offset": "-5"},
    {"offset": "abc"},
    {"type": "nonexistent.Model"},
    {"type": "stories.Author"},
    {"fields": "secret_field"},
    {"fields": "title(id"},
    {"type": "communities.CommunityHubPage", "fields": "product_terms"},
    {"order": "product_terms"},
    {"child_of": "abc"},
    {"translation_of": "-3"},
    {"secret_field": "1"},
    {"type": "stories.StoryPage", "publication_date": "yesterday"},
    {"type": "events.EventPage", "starts_at": "soon"},
    {"type": "events.EventPage", "capacity": "many"},
    {"type": "events.EventPage", "registration_closes": "2025-02-30"},
    {"type": "stories.StoryPage", "hero_image": "abc"},
    {"search": "seeds", "search_operator": "bogus"},
]


@pytest.mark.parametrize("query", BAD_QUERIES, ids=lambda query: "&".join(f"{k}={v}" for k, v in query.items()))
def test_bad_queries_are_answered_400(api, world, query):
    response = api("/pages/", **query)
    assert response.status_code == 400, response.text
    assert response.headers["Content-Type"] == "application/problem+json"
    assert response.json()["detail"]


@pytest.mark.parametrize(
    "path",
    [
        "/pages/-1/",
        "/pages/99999999999999999999/",
        "/pages/abc/",
        "/images/99999999999999999999/",
        "/pages/find/",
        "/pages/find/?id=99999999999999999999",
        "/pages/?locale=xx",
    ],
)
def test_unknown_objects_are_not_found(api, world, path):
    """A 404, never a 500, and not redirected to a language prefix (/en/api/... is no API)."""
    response = api(path)
    assert response.status_code == 404, response.text


def test_filters_that_match_nothing_are_empty(api, world):
    assert titles(api("/pages/", type="events.EventPage", capacity="99999999999999999999")) == []
    assert titles(api("/pages/", type="stories.StoryPage", publication_date="2000-01-01")) == []
    assert titles(api("/pages/", type="stories.StoryPage", topics="compost")) == ["Seeds"]


# ---------------------------------------------------------------------------------------------
# Query counts: in-process (the live server's queries run on another connection on PostgreSQL)
# ---------------------------------------------------------------------------------------------


def count_queries(client, path, **params):
    client.get(path, params)  # renditions made, caches warm
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, params)
    assert response.status_code == 200, response.content
    return len(queries), len(response.json()["items"])


LISTINGS = [
    ("stories", {"type": "stories.StoryPage"}),
    ("stories, every field", {"type": "stories.StoryPage", "fields": "*"}),
    ("events", {"type": "events.EventPage"}),
    ("events, every field", {"type": "events.EventPage", "fields": "*"}),
    ("every page", {}),
    ("every page, every field", {"fields": "*"}),
    ("images", None),
]


@pytest.mark.parametrize(("label", "params"), LISTINGS, ids=[label for label, _params in LISTINGS])
def test_listing_queries_do_not_grow(client, hub, label, params):
    def add(count):
        for _ in range(count):
            author = AuthorFactory()
            story = StoryPageFactory(parent=hub, authors=[author], topics=["a", "b"])
            story.save_revision().publish()
            EventPageFactory(parent=hub, organiser=author).save_revision().publish()

    path = f"{API}/images/" if params is None else f"{API}/pages/"
    add(2)
    small = count_queries(client, path, **(params or {}))
    add(10)
    large = count_queries(client, path, **(params or {}))
    assert large[1] > small[1]
    assert small[0] == large[0], f"{label}: {small[0]} queries for {small[1]} items, {large[0]} for {large[1]}"
    print(f"{label}: {large[0]} queries for {small[1]} or {large[1]} items")
