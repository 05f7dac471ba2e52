"""The search pages as a visitor gets them: /<language>/search/ and its autocomplete endpoint.

Every bad input answers with results or a clear message, never an error page.
"""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search import indexing
from tests.factories import AuthorFactory, StoryPageFactory


@pytest.fixture
def library(database_backend, hub):
    author = AuthorFactory(name="Ada Rider", slug="ada-rider")
    stories = [
        StoryPageFactory(
            parent=hub,
            title=f"Winter riding, part {n}",
            standfirst="Studded tyres and <b>bright</b> lights.",
            topics=["winter"],
            authors=[author],
            publication_date=datetime.date(2026, 1, 1) + datetime.timedelta(days=n),
        )
        for n in range(13)
    ]
    indexing.update([f"story:{story.pk}" for story in stories])
    return stories


def get(client, params=None, language="en"):
    return client.get(f"/{language}/search/", params or {})


def test_results_with_highlights_facets_and_pages(client, library, hub):
    response = get(client, {"q": "winter"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "13 results" in html
    assert "<mark>Winter</mark> riding" in html
    assert "&lt;b&gt;bright&lt;/b&gt;" in html and "<b>bright</b>" not in html  # text is escaped, never raw HTML
    assert f"?q=winter&amp;hub={hub.pk}" in html  # hub facet link
    assert "Ada Rider" in html and "ada-rider" in html
    assert 'aria-current="page">1<' in html
    assert 'rel="next"' in html
    assert '<meta name="robots" content="noindex">' in html

    second = get(client, {"q": "winter", "page": 2}).content.decode()
    assert second.count('class="search-result ') == 3
    assert 'start="11"' in second


def test_the_search_page_is_accessible(client, library):
    html = get(client, {"q": "winter"}).content.decode()
    assert 'role="search"' in html
    assert '<label for="search-q">' in html
    assert 'role="combobox"' in html and 'aria-controls="search-q-suggestions"' in html
    assert 'role="status"' in html  # the result count is announced
    assert '<nav aria-label="Pages">' in html


def test_selected_facets_and_filters_show_and_can_be_removed(client, library, hub):
    html = get(client, {"q": "winter", "topic": "winter", "hub": hub.pk}).content.decode()
    assert 'aria-current="true"' in html
    assert "Filters in use" in html
    assert f'<a href="?q=winter&amp;hub={hub.pk}">' in html  # removes the topic, keeps the rest


def test_every_language_has_its_own_search_page(client, library):
    response = get(client, {"q": "winter"}, language="fr")
    assert response.status_code == 200
    assert response.context["results"].total == 0  # the stories are English
    assert response.context["query"].language == "fr"


BAD_INPUTS = [
    pytest.param({"q": ""}, "Type a few words", id="empty"),
    pytest.param({"q": "   "}, "Type a few words", id="blank"),
    pytest.param({"q": "w" * 10_000}, "shortened to its first 200 characters", id="10000-characters"),
    pytest.param({"q": '"(*:'}, "no letters or digits", id="lucene-fragment"),
    pytest.param({"q": "title:[a TO"}, "Nothing found", id="lucene-range"),
    pytest.param({"q": "a AND (b OR"}, "Nothing found", id="lucene-boolean"),
    pytest.param({"q": "winter", "hub": "abc"}, "That hub does not exist", id="hub-not-a-number"),
    pytest.param({"q": "winter", "hub": "999999"}, "That hub does not exist", id="hub-unknown"),
    pytest.param({"q": "winter", "topic": "no-such-topic"}, "That topic does not exist", id="topic-unknown"),
    pytest.param({"q": "winter", "topic": "<script>"}, "That topic does not exist", id="topic-markup"),
    pytest.param({"q": "winter", "author": "nobody"}, "That author does not exist", id="author-unknown"),
    pytest.param({"q": "winter", "kind": "users"}, "That kind of result does not exist", id="kind-unknown"),
    pytest.param({"q": "winter", "from": "yesterday"}, "The start date was not a date", id="date-words"),
    pytest.param({"q": "winter", "to": "2026-13-45"}, "The end date was not a date", id="date-impossible"),
    pytest.param({"q": "winter", "from": "2027-01-01", "to": "2020-01-01"}, "wrong way round", id="dates-swapped"),
    pytest.param({"q": "winter", "sort": "price"}, "sorted by relevance", id="sort-unknown"),
    pytest.param({"q": "winter", "page": "two"}, "was not a number", id="page-not-a-number"),
    pytest.param({"q": "winter", "page": "-3"}, "was not a number", id="page-negative"),
    pytest.param({"q": "winter", "page": "99"}, "There is no page 99", id="page-past-the-end"),
    pytest.param({"q": "winter", "page": "10000000000000000000000"}, "Results stop at page 500", id="page-huge"),
    pytest.param({"q": "winter\x00"}, "", id="nul-byte"),
]


@pytest.mark.parametrize(("params", "message"), BAD_INPUTS)
def test_bad_input_gets_results_or_a_clear_message(client, library, params, message):
    response = get(client, params)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_a_page_past_the_end_shows_the_last_page(client, library):
    response = get(client, {"q": "winter", "page": "99"})
    assert response.context["results"].query.page == 2
    assert len(response.context["results"].hits) == 3


def test_the_search_page_costs_the_same_queries_for_few_or_many_results(client, database_backend, hub):
    def queries_for(count):
        stories = [
            StoryPageFactory(parent=hub, title=f"Compost notes {count} {n}", topics=["soil"]) for n in range(count)
        ]
        indexing.update([f"story:{story.pk}" for story in stories])
        with CaptureQueriesContext(connection) as queries:
            response = get(client, {"q": f"compost {count}"})
        assert response.context["results"].total == count
        return len(queries)

    assert queries_for(3) == queries_for(30)


def test_autocomplete_answers_json(client, library):
    response = client.get("/en/search/suggest/", {"q": "wint"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    assert data["query"] == "wint"
    assert len(data["suggestions"]) == 8
    assert {suggestion["kind"] for suggestion in data["suggestions"]} == {"story"}
    assert data["suggestions"][0]["url"].startswith("/en/")


@pytest.mark.parametrize("prefix", ["", "w", "   ", '"(*:', "x" * 5000])
def test_autocomplete_with_too_little_or_odd_input_is_empty(client, library, prefix):
    response = client.get("/en/search/suggest/", {"q": prefix})
    assert response.status_code == 200
    assert json.loads(response.content)["suggestions"] == []


def test_the_header_has_a_search_box_on_every_page(client, library):
    html = client.get(library[0].url).content.decode()
    assert '<form class="search-box" role="search" action="/en/search/"' in html
    assert 'data-suggest-url="/en/search/suggest/"' in html
    assert "search/js/autocomplete.js" in html


def test_search_without_a_language_goes_to_the_visitors_language(client, db):
    response = client.get("/search/?q=v%C3%A9lo", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 302
    assert response["Location"] == "/fr/search/?q=v%C3%A9lo"
