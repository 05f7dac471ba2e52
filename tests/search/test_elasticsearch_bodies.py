"""Unit tests of the Elasticsearch request bodies and index mappings, without any server.

The client is lazy: nothing connects to ``http://127.0.0.1:9`` until a request is sent, and these
tests only build requests (``to_dict()``), never send them.
"""

import datetime

import pytest

from search.backends.base import Query
from search.backends.elastic import ElasticsearchBackend, alias_name, document_class

FIELDS = ["title^3", "standfirst^2", "body", "topic_names", "author_names", "hub_title"]
AGGS = {
    "kind": {"terms": {"field": "kind", "size": 20}},
    "hub": {"terms": {"field": "hub_id", "size": 20}},
    "topic": {"terms": {"field": "topics", "size": 20}},
    "author": {"terms": {"field": "authors", "size": 20}},
}
HIGHLIGHT = {
    "fields": {"title": {"number_of_fragments": 0}, "standfirst": {}, "body": {}},
    "encoder": "html",
    "pre_tags": ["<mark>"],
    "post_tags": ["</mark>"],
    "fragment_size": 220,
    "number_of_fragments": 1,
}
DATE_SORT = [{"published_at": {"order": "desc"}}, "_score"]


@pytest.fixture
def backend(settings):
    settings.SEARCH_INDEX_PREFIX = "ts"
    return ElasticsearchBackend(url="http://127.0.0.1:9")


@pytest.fixture
def fresh_documents(settings):
    """``document_class`` is cached with its index name: start from, and leave, an empty cache."""
    settings.SEARCH_INDEX_PREFIX = "ts"
    document_class.cache_clear()
    yield
    document_class.cache_clear()


def body(backend, **query):
    return backend.build_search(Query(**query)).to_dict()


# Search ----------------------------------------------------------------------------------------


def test_text_query_is_a_multi_match_on_the_weighted_fields(backend):
    assert body(backend, text="cycling", language="en") == {
        "query": {
            "multi_match": {
                "query": "cycling",
                "fields": FIELDS,
                "operator": "and",
                "fuzziness": "AUTO",
            }
        },
        "aggs": AGGS,
        "track_total_hits": True,
        "from": 0,
        "size": 10,
        "highlight": HIGHLIGHT,
    }


def test_text_is_stripped(backend):
    assert body(backend, text="  winter cycling  ")["query"]["multi_match"]["query"] == "winter cycling"


@pytest.mark.parametrize("language", ["en", "fr", "de", "es", "ar", "pt"])
def test_fuzziness_is_on_for_word_languages(backend, language):
    assert body(backend, text="velo", language=language)["query"]["multi_match"]["fuzziness"] == "AUTO"


def test_fuzziness_is_off_for_japanese(backend):
    assert body(backend, text="自転車", language="ja")["query"] == {
        "multi_match": {"query": "自転車", "fields": FIELDS, "operator": "and"}
    }


def test_search_goes_to_the_language_alias(backend):
    assert backend.build_search(Query(text="x", language="fr"))._index == ["ts-fr"]
    assert backend.build_search(Query(text="x", language="pt"))._index == ["ts-en"]


def test_every_filter_is_a_term_or_range_filter(backend):
    result = body(
        backend,
        text="cycling",
        language="fr",
        kind="story",
        hub=3,
        topic="winter",
        author="ada-rider",
        date_from=datetime.date(2026, 1, 1),
        date_to=datetime.date(2026, 2, 28),
    )
    assert result["query"] == {
        "bool": {
            "filter": [
                {"term": {"kind": "story"}},
                {"term": {"hub_id": 3}},
                {"term": {"topics": "winter"}},
                {"term": {"authors": "ada-rider"}},
                {"range": {"published_at": {"gte": "2026-01-01", "lte": "2026-02-28"}}},
            ],
            "must": [{"multi_match": {"query": "cycling", "fields": FIELDS, "operator": "and", "fuzziness": "AUTO"}}],
        }
    }
    assert "sort" not in result


@pytest.mark.parametrize(
    ("dates", "bounds"),
    [
        ({"date_from": datetime.date(2025, 12, 31)}, {"gte": "2025-12-31"}),
        ({"date_to": datetime.date(2026, 3, 1)}, {"lte": "2026-03-01"}),
    ],
)
def test_an_open_date_range_has_one_bound(backend, dates, bounds):
    assert body(backend, **dates)["query"] == {"bool": {"filter": [{"range": {"published_at": bounds}}]}}


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"kind": "hub"}, {"term": {"kind": "hub"}}),
        ({"hub": 7}, {"term": {"hub_id": 7}}),
        ({"topic": "tyres"}, {"term": {"topics": "tyres"}}),
        ({"author": "bo-mechanic"}, {"term": {"authors": "bo-mechanic"}}),
    ],
)
def test_a_single_filter_without_text(backend, filters, expected):
    assert body(backend, **filters)["query"] == {"bool": {"filter": [expected]}}


def test_sort_by_date_with_text(backend):
    assert body(backend, text="cycling", sort="date")["sort"] == DATE_SORT


@pytest.mark.parametrize("text", ["", "   "])
def test_sort_by_date_when_there_is_no_text(backend, text):
    result = body(backend, text=text, sort="relevance")
    assert result["sort"] == DATE_SORT
    assert "query" not in result


def test_no_sort_for_relevance_with_text(backend):
    assert "sort" not in body(backend, text="cycling", sort="relevance")


def test_facets_and_highlight_are_always_asked_for(backend):
    result = body(backend)
    assert result["aggs"] == AGGS
    assert result["highlight"] == HIGHLIGHT
    assert result["track_total_hits"] is True


@pytest.mark.parametrize(
    ("page", "per_page", "start", "size"),
    [(1, 10, 0, 10), (3, 10, 20, 10), (2, 25, 25, 25), (4, 5, 15, 5)],
)
def test_from_and_size_come_from_the_page(backend, page, per_page, start, size):
    result = body(backend, text="cycling", page=page, per_page=per_page)
    assert (result["from"], result["size"]) == (start, size)


# Did you mean, suggest -------------------------------------------------------------------------


def test_did_you_mean_is_a_term_suggester_on_the_plain_title(backend):
    search = backend.build_did_you_mean(Query(text="cyclng wintr", language="fr"))
    assert search.to_dict() == {
        "size": 0,
        "suggest": {
            "did_you_mean": {
                "text": "cyclng wintr",
                "term": {"field": "title.plain", "suggest_mode": "missing"},
            }
        },
    }
    assert search._index == ["ts-fr"]


def test_suggest_is_a_completion_on_the_title(backend):
    search = backend.build_suggest("cyc", "en")
    assert search.to_dict() == {
        "_source": ["title", "url", "kind"],
        "suggest": {
            "titles": {
                "prefix": "cyc",
                "completion": {"field": "title_suggest", "size": 8, "skip_duplicates": True},
            }
        },
    }
    assert search._index == ["ts-en"]


def test_suggest_limit_is_the_completion_size(backend):
    assert backend.build_suggest("cyc", "en", limit=3).to_dict()["suggest"]["titles"]["completion"]["size"] == 3


# Aliases ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "alias"),
    [("fr", "ts-fr"), ("en", "ts-en"), ("ja", "ts-ja"), ("ar", "ts-ar"), ("pt", "ts-en"), ("", "ts-en")],
)
def test_alias_name(settings, language, alias):
    settings.SEARCH_INDEX_PREFIX = "ts"
    assert alias_name(language) == alias


# Mappings --------------------------------------------------------------------------------------

TEXT_FIELDS = ["title", "standfirst", "body", "topic_names", "author_names", "hub_title"]


@pytest.mark.parametrize(
    ("language", "analyzer"),
    [
        ("fr", "french"),
        ("ja", "cjk"),
        ("ar", "arabic"),
        ("de", "german"),
        ("es", "spanish"),
        ("en", "english"),
        ("pt", "english"),
    ],
)
def test_text_fields_use_the_language_analyzer(language, analyzer):
    properties = document_class(language)._doc_type.mapping.to_dict()["properties"]
    for name in TEXT_FIELDS:
        assert properties[name]["type"] == "text", name
        assert properties[name]["analyzer"] == analyzer, name
    assert properties["title"]["fields"] == {"plain": {"type": "text", "analyzer": "standard"}}


def test_the_whole_mapping():
    assert document_class("fr")._doc_type.mapping.to_dict() == {
        "properties": {
            "title": {
                "type": "text",
                "analyzer": "french",
                "fields": {"plain": {"type": "text", "analyzer": "standard"}},
            },
            "standfirst": {"type": "text", "analyzer": "french"},
            "body": {"type": "text", "analyzer": "french"},
            "topic_names": {"type": "text", "analyzer": "french"},
            "author_names": {"type": "text", "analyzer": "french"},
            "hub_title": {"type": "text", "analyzer": "french"},
            "kind": {"type": "keyword"},
            "language": {"type": "keyword"},
            "topics": {"type": "keyword"},
            "authors": {"type": "keyword"},
            "hub_id": {"type": "integer"},
            "url": {"type": "keyword", "index": False},
            "published_at": {"type": "date"},
            "comment_count": {"type": "integer"},
            "title_suggest": {"type": "completion", "analyzer": "simple"},
        }
    }


@pytest.mark.parametrize("language", ["en", "ja", "pt"])
def test_shared_fields_are_the_same_in_every_language(language):
    properties = document_class(language)._doc_type.mapping.to_dict()["properties"]
    assert properties["kind"] == {"type": "keyword"}
    assert properties["topics"] == {"type": "keyword"}
    assert properties["authors"] == {"type": "keyword"}
    assert properties["hub_id"] == {"type": "integer"}
    assert properties["published_at"] == {"type": "date"}
    assert properties["title_suggest"] == {"type": "completion", "analyzer": "simple"}
    assert properties["url"] == {"type": "keyword", "index": False}


@pytest.mark.parametrize(("language", "name"), [("fr", "ts-fr"), ("ja", "ts-ja"), ("pt", "ts-en")])
def test_index_name_is_the_alias(fresh_documents, language, name):
    assert document_class(language)._index._name == name
