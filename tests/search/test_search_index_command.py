"""``manage.py search_index``: rebuild without downtime, retry, status; and the demo's search."""

from io import StringIO

import pytest
from django.core.management import call_command

from search import service
from search.backends.base import Query
from search.backends.elastic import alias_name
from search.models import SearchEntry
from tests.factories import StoryPageFactory


def rebuild():
    out = StringIO()
    call_command("search_index", "--rebuild", stdout=out)
    return out.getvalue()


def test_rebuild_on_the_emulator_switches_every_alias_to_new_indices(emulator_backend, hub):
    """Elasticsearch-emulator tier: proves the alias requests, not Lucene."""
    story = StoryPageFactory(parent=hub, title="Seed swaps in spring")
    client = emulator_backend.client

    output = rebuild()
    assert "\r[##############################] 2/2\n" in output  # the progress bar: the hub and its story
    assert "on the elasticsearch backend" in output
    first = set(client.indices.get_alias(name=alias_name("en")))
    assert len(first) == 1

    output = rebuild()
    second = set(client.indices.get_alias(name=alias_name("en")))
    assert len(second) == 1 and second != first
    assert not any(client.indices.exists(index=name) for name in first)  # the old indices are gone
    # Every language moved in the same request, and searches see the new index.
    for language in ("fr", "de", "es", "ja", "ar"):
        assert len(client.indices.get_alias(name=alias_name(language))) == 1
    hits = service.search(Query(text="seed swaps", language="en")).hits
    assert [hit.key for hit in hits] == [f"story:{story.pk}"]


def test_rebuild_on_the_database_is_idempotent(database_backend, hub):
    StoryPageFactory(parent=hub, title="Seed swaps in spring")
    StoryPageFactory(parent=hub, title="Leaf mould", live=False)
    rebuild()
    keys = sorted(SearchEntry.objects.values_list("key", flat=True))
    rebuild()
    assert sorted(SearchEntry.objects.values_list("key", flat=True)) == keys
    assert len(keys) == 2  # the hub and its live story; drafts are not indexed


def test_status_names_the_backend_and_the_pending_updates(database_backend):
    out = StringIO()
    call_command("search_index", "--status", stdout=out)
    assert out.getvalue() == "Backend: database\nPending updates: 0\n"


# A word from a story's title in each language of the demo.
DEMO_QUERIES = {
    "en": "winter",
    "fr": "hiver",
    "de": "Winter",
    "es": "invierno",
    "ja": "自転車",
    "ar": "الدراجة",
}


@pytest.mark.parametrize(("language", "text"), DEMO_QUERIES.items())
def test_the_demo_finds_stories_in_every_language(shared_demo, database_backend, client, language, text):
    response = client.get(f"/{language}/search/", {"q": text})
    assert response.status_code == 200
    kinds = [hit.kind for hit in response.context["results"].hits]
    assert "story" in kinds
    assert all(hit.url.startswith(f"/{language}/") for hit in response.context["results"].hits)
