"""Search flows, run on every tier (see conftest): database, Elasticsearch emulator, real Elasticsearch.

Content changes go through Wagtail's publishing and the comment lifecycle, and reach the index
through the same signals and tasks as on the live site.
"""

import datetime

import pytest
from wagtail.models import Locale, PageViewRestriction

from moderation import actions
from moderation.models import Comment
from search import indexing, service
from search.backends.base import Query
from tests.factories import AuthorFactory, CommunityHubPageFactory, StoryPageFactory, UserFactory
from tests.stories.comment_helpers import add_comment


@pytest.fixture
def stories(search_backend, hub, publish):
    ada = AuthorFactory(name="Ada Rider", slug="ada-rider")
    bo = AuthorFactory(name="Bo Mechanic", slug="bo-mechanic")
    winter = StoryPageFactory(
        parent=hub,
        title="Cycling through the winter",
        standfirst="Ice, darkness and a twelve kilometre commute.",
        topics=["winter"],
        authors=[ada],
        publication_date=datetime.date(2026, 1, 10),
    )
    tyres = StoryPageFactory(
        parent=hub,
        title="Choosing studded tyres",
        standfirst="Grip on ice for the winter months.",
        topics=["gear", "winter"],
        authors=[bo],
        publication_date=datetime.date(2025, 6, 1),
    )
    walks = StoryPageFactory(
        parent=hub,
        title="Photography walks at lunchtime",
        standfirst="Twenty minutes, one lens, no excuses.",
        topics=["photo"],
        authors=[ada],
        publication_date=datetime.date(2024, 3, 3),
    )
    for story in (winter, tyres, walks):
        publish(story)
    return {"winter": winter, "tyres": tyres, "walks": walks}


def keys(results):
    return [hit.key for hit in results.hits]


def find(text, **filters):
    return service.search(Query(text=text, language=filters.pop("language", "en"), **filters))


def test_a_published_story_is_found_and_an_unpublished_one_is_gone(stories, committed):
    results = find("darkness commute")
    assert keys(results) == [f"story:{stories['winter'].pk}"]
    assert "<mark>" in results.hits[0].snippet_html

    with committed():
        stories["winter"].unpublish()
    assert find("darkness commute").total == 0


def test_the_title_weighs_more_than_the_standfirst(stories):
    results = find("winter")
    # "winter" is in the first story's title and only in the second's standfirst.
    assert keys(results)[:2] == [f"story:{stories['winter'].pk}", f"story:{stories['tyres'].pk}"]
    assert "<mark>" in results.hits[0].title_html


def test_a_moved_story_follows_its_new_hub_and_a_deleted_one_is_gone(stories, home, committed):
    other = CommunityHubPageFactory(parent=home, title="Photo club", slug="photo-club")
    with committed():
        stories["walks"].move(other, pos="last-child")
    results = find("lunchtime")
    assert results.hits[0].hub_id == other.pk
    assert results.hits[0].url.endswith("/photo-club/" + stories["walks"].slug + "/")

    with committed():
        stories["walks"].delete()
    assert find("lunchtime").total == 0


def test_a_comment_is_found_once_approved_and_gone_once_rejected(stories, committed):
    moderator = UserFactory(is_superuser=True)
    with committed():
        comment = add_comment(stories["winter"], text="My pannier froze solid overnight.", state=Comment.State.HELD)
    assert find("pannier").total == 0  # held: only the moderators see it

    with committed():
        actions.approve(comment, moderator)
    results = find("pannier")
    assert keys(results) == [f"comment:{comment.pk}"]
    assert results.hits[0].kind == "comment"
    assert results.hits[0].url.endswith(f"#c{comment.pk}")
    # The story's document counts its published comments.
    story_hit = find("darkness commute").hits[0]
    assert story_hit.comment_count == 1

    with committed():
        actions.reject(comment, moderator, reason="Off topic")
    assert find("pannier").total == 0
    assert find("darkness commute").hits[0].comment_count == 0


def test_hiding_a_comment_hides_its_replies_from_search(stories, committed):
    moderator = UserFactory(is_superuser=True)
    with committed():
        parent = add_comment(stories["winter"], text="Mudguards or not?")
        reply = add_comment(stories["winter"], text="Mudguards always, with a long flap.", parent=parent)
    assert set(keys(find("mudguards"))) == {f"comment:{parent.pk}", f"comment:{reply.pk}"}

    with committed():
        actions.mark_spam(parent, moderator)
    assert find("mudguards").total == 0

    with committed():
        actions.restore(parent, moderator)
    assert find("mudguards").total == 2


def test_a_french_query_finds_the_french_stemmed_form(search_backend, hub, publish):
    french = Locale.objects.get_or_create(language_code="fr")[0]
    french_hub = hub.copy_for_translation(french, copy_parents=True)
    publish(french_hub)
    story = StoryPageFactory(
        parent=french_hub,
        locale=french,
        title="Les chevaux de trait reviennent en ville",
        standfirst="Ils ramassent les déchets verts dans trois quartiers.",
    )
    publish(story)

    for text in ("cheval", "chevaux", "Cheval"):
        assert keys(find(text, language="fr")) == [f"story:{story.pk}"], text
    # The French story is not in English results.
    assert find("chevaux", language="en").total == 0


def test_facets_count_the_results(stories, hub):
    results = find("winter")
    assert dict(results.facets["kind"]) == {"story": 2}
    assert dict(results.facets["hub"]) == {hub.pk: 2}
    assert dict(results.facets["topic"]) == {"winter": 2, "gear": 1}
    assert dict(results.facets["author"]) == {"ada-rider": 1, "bo-mechanic": 1}

    labelled = {facet.name: facet for facet in service.labelled_facets(results)}
    assert [(option.label, option.count) for option in labelled["hub"].options] == [(hub.title, 2)]
    assert {option.label for option in labelled["author"].options} == {"Ada Rider", "Bo Mechanic"}


def test_filters_narrow_the_results(stories, hub):
    winter, tyres = stories["winter"], stories["tyres"]
    assert keys(find("winter", topic="gear")) == [f"story:{tyres.pk}"]
    assert keys(find("winter", author="ada-rider")) == [f"story:{winter.pk}"]
    assert keys(find("winter", date_from=datetime.date(2026, 1, 1))) == [f"story:{winter.pk}"]
    assert keys(find("winter", date_to=datetime.date(2025, 12, 31))) == [f"story:{tyres.pk}"]
    assert find("winter", hub=hub.pk).total == 2
    assert find("winter", hub=hub.pk + 1000).total == 0
    assert find("winter", kind="comment").total == 0
    # Filters alone, without words, list the newest first.
    assert keys(find("", author="ada-rider")) == [f"story:{winter.pk}", f"story:{stories['walks'].pk}"]


def test_pages_and_sort_by_date(search_backend, hub, publish):
    created = [
        publish(
            StoryPageFactory(
                parent=hub,
                title=f"Allotment diary, week {n}",
                publication_date=datetime.date(2026, 1, 1) + datetime.timedelta(days=n),
            )
        )
        for n in range(12)
    ]
    first = find("allotment", sort="date")
    assert first.total == 12 and first.pages == 2 and len(first.hits) == 10
    newest_first = [f"story:{story.pk}" for story in reversed(created)]
    assert keys(first) == newest_first[:10]
    second = find("allotment", sort="date", page=2)
    assert keys(second) == newest_first[10:]
    assert find("allotment", page=3).hits == []


def test_a_misspelled_query_still_finds(stories):
    # Elasticsearch matches "wintr" fuzzily; the database corrects the query as a whole.
    assert f"story:{stories['winter'].pk}" in keys(find("wintr"))


def test_did_you_mean(stories, search_backend):
    # Two letters wrong: beyond Elasticsearch's fuzziness for a short word, within its suggester's reach.
    typo = "wintr" if search_backend.name == "database" else "wimtr"
    results = find(typo)
    assert (results.corrected_from, results.suggestion) == (typo, "winter")
    assert f"story:{stories['winter'].pk}" in keys(results)
    # Asked not to correct, the search finds nothing but still suggests.
    exact = service.search(Query(text=typo, language="en"), correct=False)
    assert (exact.total, exact.suggestion, exact.corrected_from) == (0, "winter", "")


def test_autocomplete_suggests_titles(stories):
    suggestions = service.suggest("Cycl", "en")
    assert [suggestion["title"] for suggestion in suggestions] == ["Cycling through the winter"]
    assert suggestions[0]["url"] == stories["winter"].url
    assert service.suggest("Cycl", "fr") == []


def test_indexing_is_idempotent(stories, search_backend):
    key = f"story:{stories['winter'].pk}"
    for _ in range(3):
        assert indexing.update([key])
    assert keys(find("darkness commute")) == [key]


def test_private_pages_are_not_indexed(stories, committed):
    with committed():
        PageViewRestriction.objects.create(page=stories["walks"], restriction_type="login")
        indexing.enqueue([f"story:{stories['walks'].pk}"])
    assert find("lunchtime").total == 0
