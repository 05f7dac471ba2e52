"""Events in site search, on every tier (see conftest): database, Elasticsearch emulator, real cluster.

An event is indexed as the ``event`` kind, the way a story is: published, unpublished, moved and
deleted through Wagtail, and with its hub. It is dated by its start, the day in its own time zone;
a cancelled event stays findable, marked "Cancelled".
"""

import datetime
import zoneinfo
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, PageViewRestriction
from wagtail.test.utils import WagtailTestUtils

from moderation import actions
from moderation.models import Comment
from search import indexing, service
from search.backends.base import Query
from search.forms import SearchForm
from search.models import SearchEntry
from tests.factories import AuthorFactory, CommunityHubPageFactory, EventPageFactory, StoryPageFactory, UserFactory
from tests.stories.comment_helpers import add_comment

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


@pytest.fixture
def events(search_backend, hub, publish):
    repair = EventPageFactory(
        parent=hub,
        title="Repair café for bicycles",
        slug="repair-cafe",
        summary="Bring a wheel with a puncture and leave with a patched tube.",
        # Half past midnight in Paris is still the day before in UTC: the event is dated by Paris.
        start_date=datetime.date(2030, 5, 4),
        start_time=datetime.time(0, 30),
        end_date=datetime.date(2030, 5, 4),
        end_time=datetime.time(3, 0),
        time_zone="Europe/Paris",
        place="The Old Lighthouse",
        address="2 Rue des Phares, Nantes",
        organiser=AuthorFactory(name="Ada Rider", slug="ada-rider"),
    )
    stargazing = EventPageFactory(
        parent=hub,
        title="Stargazing evening",
        slug="stargazing",
        summary="A call with the astronomy club, telescopes optional.",
        start_date=datetime.date(2030, 6, 1),
        start_time=datetime.time(21, 0),
        end_date=datetime.date(2030, 6, 1),
        end_time=datetime.time(23, 0),
        time_zone="America/New_York",
        attendance="online",
        place="",
        address="",
        online_url="https://meet.example.org/stars",
    )
    for event in (repair, stargazing):
        publish(event)
    return {"repair": repair, "stargazing": stargazing}


def keys(results):
    return [hit.key for hit in results.hits]


def find(text, **filters):
    return service.search(Query(text=text, language=filters.pop("language", "en"), **filters))


def test_an_event_is_found_by_a_word_of_its_title_summary_or_place(events, hub):
    key = f"event:{events['repair'].pk}"
    for text in ("repair", "puncture", "lighthouse", "Nantes"):
        assert keys(find(text)) == [key], text
    hit = find("repair").hits[0]
    assert hit.kind == "event"
    assert (hit.hub_id, hit.hub_title) == (hub.pk, hub.title)
    assert hit.url == events["repair"].url
    assert "<mark>" in hit.title_html
    # Dated by its start as read in Paris (3 May 22:30 in UTC).
    assert hit.published_at == datetime.date(2030, 5, 4)
    assert hit.event == service.EventFacts(
        starts=datetime.datetime(2030, 5, 4, 0, 30, tzinfo=PARIS),
        time_zone="Europe/Paris",
        online=False,
        place="The Old Lighthouse",
        cancelled=False,
    )
    assert hit.event.starts.utcoffset() == datetime.timedelta(hours=2)


def test_an_online_event_is_found_and_says_online(events):
    hit = find("astronomy telescopes").hits[0]
    assert hit.key == f"event:{events['stargazing'].pk}"
    assert hit.event.online and hit.event.place == ""
    assert hit.event.starts == datetime.datetime(2030, 6, 1, 21, tzinfo=zoneinfo.ZoneInfo("America/New_York"))


def test_the_organiser_is_an_author_of_the_event(events):
    assert keys(find("", author="ada-rider")) == [f"event:{events['repair'].pk}"]
    assert f"event:{events['repair'].pk}" in keys(find("Ada Rider"))


def test_an_unpublished_event_is_gone_and_comes_back_when_published(events, committed, publish):
    with committed():
        events["repair"].unpublish()
    assert find("repair").total == 0

    publish(events["repair"])
    assert keys(find("repair")) == [f"event:{events['repair'].pk}"]


def test_a_cancelled_event_stays_findable_marked_cancelled(events, publish):
    event = events["repair"]
    event.cancelled = True
    event.cancellation_reason = "The lighthouse is closed for repairs."
    publish(event)
    hit = find("repair").hits[0]
    assert hit.key == f"event:{event.pk}"
    assert hit.event.cancelled


def test_a_moved_event_follows_its_new_hub_and_a_deleted_one_is_gone(events, home, committed):
    other = CommunityHubPageFactory(parent=home, title="Night sky", slug="night-sky")
    with committed():
        events["stargazing"].move(other, pos="last-child")
    hit = find("stargazing").hits[0]
    assert (hit.hub_id, hit.hub_title) == (other.pk, "Night sky")
    assert hit.url.endswith("/night-sky/stargazing/")

    with committed():
        events["stargazing"].delete()
    assert find("stargazing").total == 0


def test_the_events_follow_their_hub(events, hub, publish, committed):
    hub.title = "Makers and menders"
    publish(hub)
    assert find("repair").hits[0].hub_title == "Makers and menders"

    with committed():
        hub.delete()
    assert find("repair").total == 0
    assert find("stargazing").total == 0


def test_private_events_are_not_indexed(events, committed):
    with committed():
        PageViewRestriction.objects.create(page=events["repair"], restriction_type="login")
        indexing.enqueue([f"event:{events['repair'].pk}"])
    assert find("repair").total == 0
    assert find("stargazing").total == 1


def test_the_kind_filter_and_facet(events, hub, publish):
    story = publish(StoryPageFactory(parent=hub, title="How our repair café began", slug="repair-story"))
    results = find("repair")
    assert set(keys(results)) == {f"event:{events['repair'].pk}", f"story:{story.pk}"}
    assert dict(results.facets["kind"]) == {"event": 1, "story": 1}
    labelled = {facet.name: facet for facet in service.labelled_facets(results)}
    assert {(option.value, option.label) for option in labelled["kind"].options} == {
        ("event", "Events"),
        ("story", "Stories"),
    }

    assert keys(find("repair", kind="event")) == [f"event:{events['repair'].pk}"]
    assert keys(find("repair", kind="story")) == [f"story:{story.pk}"]
    assert keys(find("", kind="event", sort="date")) == [
        f"event:{events['stargazing'].pk}",
        f"event:{events['repair'].pk}",
    ]


def test_events_are_dated_by_their_start(events, hub, publish):
    story = publish(
        StoryPageFactory(parent=hub, title="Our last repair evening", publication_date=datetime.date(2026, 1, 5))
    )
    # Newest first: the event that is still to come before the story already published.
    assert keys(find("repair", sort="date")) == [f"event:{events['repair'].pk}", f"story:{story.pk}"]
    assert keys(find("repair", date_from=datetime.date(2030, 5, 4))) == [f"event:{events['repair'].pk}"]
    assert keys(find("repair", date_to=datetime.date(2030, 5, 3))) == [f"story:{story.pk}"]


def test_a_french_event_is_found_on_the_french_search(search_backend, hub, publish):
    french = Locale.objects.get_or_create(language_code="fr")[0]
    french_hub = hub.copy_for_translation(french, copy_parents=True)
    publish(french_hub)
    event = publish(
        EventPageFactory(
            parent=french_hub,
            locale=french,
            title="Atelier de réparation des vélos",
            summary="Apportez vos chambres à air crevées.",
            place="La maison des associations",
        )
    )
    for text in ("réparation", "réparations", "vélo", "associations"):
        assert keys(find(text, language="fr")) == [f"event:{event.pk}"], text
    assert find("réparation", language="en").total == 0


def test_autocomplete_suggests_event_titles(events):
    suggestions = service.suggest("Stargaz", "en")
    assert [(suggestion["title"], suggestion["kind"]) for suggestion in suggestions] == [
        ("Stargazing evening", "event")
    ]
    assert suggestions[0]["url"] == events["stargazing"].url


def test_the_search_form_offers_events():
    form = SearchForm({"kind": "event"}, language="en")
    assert form.to_query().kind == "event"
    assert form.notices == []
    assert ("event", "Events") in [(value, str(label)) for value, label in form.fields["kind"].choices]


# The search page ---------------------------------------------------------------------------------


def results_of(client, params):
    response = client.get("/en/search/", params)
    assert response.status_code == 200
    soup = WagtailTestUtils.get_soup(response.content)
    return {item.select_one(".search-result__title a").get_text(): item for item in soup.select("li.search-result")}


def test_the_search_page_shows_an_event_result(client, events, hub, publish):
    cancelled = events["stargazing"]
    cancelled.cancelled = True
    cancelled.cancellation_reason = "Clouds all week."
    publish(cancelled)

    repair = results_of(client, {"q": "repair"})["Repair café for bicycles"]
    assert "search-result--event" in repair["class"]
    assert repair.select_one(".search-result__title a")["href"] == events["repair"].url
    assert repair.select_one(".search-result__kind").get_text() == f"Event · {hub.title}"
    when = repair.select_one(".search-result__meta time")
    assert when["datetime"] == "2030-05-04T00:30:00+02:00"  # in Paris, not in UTC
    assert "May 4, 2030" in when.get_text() and "12:30" in when.get_text()
    assert repair.select_one(".search-result__zone").get_text() == "(Europe/Paris)"
    assert repair.select_one(".search-result__where").get_text() == "The Old Lighthouse"
    assert repair.select_one(".badge") is None

    stars = results_of(client, {"q": "stargazing"})["Stargazing evening"]
    assert stars.select_one(".search-result__where").get_text() == "Online"
    assert stars.select_one(".search-result__meta time")["datetime"] == "2030-06-01T21:00:00-04:00"
    assert stars.select_one(".search-result__title .badge").get_text() == "Cancelled"
    assert "search-result--cancelled" in stars["class"]


def test_the_search_page_costs_the_same_queries_for_2_or_12_events(client, database_backend, hub):
    def queries_for(count):
        created = [
            EventPageFactory(
                parent=hub,
                title=f"Seed swap {count} {n}",
                attendance=("online", "in_person")[n % 2],
                online_url="https://meet.example.org/seeds",
            )
            for n in range(count)
        ]
        indexing.update([f"event:{event.pk}" for event in created])
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/en/search/", {"q": f"seed swap {count}"})
        results = response.context["results"]
        assert results.total == count
        assert all(hit.event is not None for hit in results.hits)
        return len(queries)

    assert queries_for(2) == queries_for(12)


# The rebuild ---------------------------------------------------------------------------------------


def test_a_rebuild_indexes_live_events_only(search_backend, hub):
    event = EventPageFactory(parent=hub, title="Plant swap in the square")
    EventPageFactory(parent=hub, title="Plant swap draft", live=False)
    call_command("search_index", "--rebuild", "--no-progress", stdout=StringIO())
    assert keys(find("plant swap")) == [f"event:{event.pk}"]
    if search_backend.name == "database":
        assert SearchEntry.objects.filter(kind=SearchEntry.Kind.EVENT).count() == 1


# Comments on events ----------------------------------------------------------------------------------


def test_a_comment_on_an_event_is_found_and_counted_on_the_event(events, committed):
    moderator = UserFactory(is_superuser=True)
    event = events["repair"]
    with committed():
        comment = add_comment(event, text="Will there be a pump for Presta valves?", state=Comment.State.HELD)
    assert find("presta").total == 0

    with committed():
        actions.approve(comment, moderator)
    hit = find("presta").hits[0]
    assert (hit.key, hit.kind, hit.title_html) == (f"comment:{comment.pk}", "comment", event.title)
    assert hit.url.endswith(f"#c{comment.pk}")
    assert find("repair", kind="event").hits[0].comment_count == 1

    with committed():
        actions.reject(comment, moderator, reason="Off topic")
    assert find("presta").total == 0
    assert find("repair", kind="event").hits[0].comment_count == 0

    with committed():
        actions.approve(comment, moderator)
    assert find("repair", kind="event").hits[0].comment_count == 1
    with committed():
        comment.delete()
    assert find("presta").total == 0
    assert find("repair", kind="event").hits[0].comment_count == 0
