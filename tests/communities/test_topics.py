"""Topic names in every language: a tag (the stable key) gets a translatable ``Topic`` name per
locale, and every public place that names a topic reads it in the page's language."""

import pytest
from defusedxml import ElementTree
from django.db import connection
from django.test.utils import CaptureQueriesContext
from taggit.models import Tag
from wagtail.models import Locale
from wagtail.test.utils import WagtailTestUtils
from wagtail_localize.models import String, StringTranslation, Translation, TranslationSource

from communities.topics import Topic, topic_names
from search.backends.base import Query, Results
from search.documents import documents_for
from search.service import labelled_facets
from tests.factories import StoryPageFactory, UserFactory


@pytest.fixture
def french(db):
    return Locale.objects.get_or_create(language_code="fr")[0]


def name_in(tag_name, locale, name):
    """The French (or other) name of a topic, as wagtail-localize's copy of the default one makes it."""
    topic = Topic.objects.get(tag__name=tag_name, locale=Locale.get_default())
    translation = topic.copy_for_translation(locale)
    translation.name = name
    translation.save()
    return translation


@pytest.fixture
def french_story(home, hub, french):
    """A story about "seed saving" and "compost" in English and French; only "seed saving" has a French name."""
    home.copy_for_translation(french).save_revision().publish()
    hub.copy_for_translation(french).save_revision().publish()
    story = StoryPageFactory(parent=hub, title="Seeds", slug="seeds", topics=["seed saving", "compost"])
    story.save_revision().publish()
    translation = story.copy_for_translation(french)
    translation.title = "Graines"
    translation.save_revision().publish()
    name_in("seed saving", french, "conservation des semences")
    return translation


def soup(response):
    assert response.status_code == 200
    return WagtailTestUtils.get_soup(response.content)


def test_a_new_tag_gets_its_name_in_the_default_language(db):
    tag = Tag.objects.create(name="rain gardens")
    assert Topic.objects.get(tag=tag).locale == Locale.get_default()
    assert Topic.objects.get(tag=tag).name == "rain gardens"


def test_topic_names_fall_back_to_the_tag_in_one_query(french_story, french, django_assert_num_queries):
    tags = list(Tag.objects.filter(name__in=["seed saving", "compost"]))
    with django_assert_num_queries(1):
        names = topic_names(tags, french)
    assert sorted(names.values()) == ["compost", "conservation des semences"]


def test_the_story_page_the_hub_filter_and_the_feed_name_topics_in_their_language(client, french_story):
    page = soup(client.get("/fr/gardening/seeds/"))
    links = {a.get_text(): a["href"] for a in page.select(".tag-list .tag")}
    assert sorted(links) == ["compost", "conservation des semences"]
    assert links["conservation des semences"].endswith("?topic=seed-saving")  # the slug stays

    hub = soup(client.get("/fr/gardening/"))
    filters = [a.get_text() for a in hub.select("nav .tag-list .tag")][1:]  # after "All topics"
    assert filters == ["compost", "conservation des semences"]
    filtered = soup(client.get("/fr/gardening/", {"topic": "seed-saving"}))
    assert "conservation des semences" in filtered.select_one("#latest-heading").get_text()
    english = soup(client.get("/en/gardening/seeds/"))
    assert sorted(a.get_text() for a in english.select(".tag-list .tag")) == ["compost", "seed saving"]

    feed = ElementTree.fromstring(client.get("/fr/gardening/feed/rss/").content)
    categories = {category.text for category in feed.iter("category")}
    assert categories == {"conservation des semences", "compost"}


def test_search_indexes_and_labels_topics_in_each_documents_language(french_story, french):
    story = french_story.get_translation(Locale.get_default())
    documents, _gone = documents_for([f"story:{story.pk}", f"story:{french_story.pk}"])
    topics = {document.language: sorted(document.topics) for document in documents}
    assert topics == {
        "en": [("compost", "compost"), ("seed-saving", "seed saving")],
        "fr": [("compost", "compost"), ("seed-saving", "conservation des semences")],
    }
    results = Results(query=Query(language="fr"), total=1, facets={"topic": [("seed-saving", 1)]})
    (facet,) = labelled_facets(results)
    assert [option.label for option in facet.options] == ["conservation des semences"]


def test_wagtail_localize_translates_a_topic_like_any_snippet(french):
    """The real path of the admin's "Translate": the name is a string to translate, the tag is copied."""
    tag = Tag.objects.create(name="mulch")
    source, _created = TranslationSource.get_or_create_from_instance(Topic.objects.get(tag=tag))
    translation = Translation.objects.create(source=source, target_locale=french)
    (string,) = String.objects.filter(segments__source=source)
    StringTranslation.objects.create(
        translation_of=string, locale=french, context=string.segments.get().context, data="paillage"
    )
    translation.save_target(publish=True)
    assert Topic.objects.get(tag=tag, locale=french).name == "paillage"


def test_hub_editors_name_topics_once_per_language_in_the_admin(client, hub, french):
    client.force_login(UserFactory(groups=[hub.editors_group]))
    assert soup(client.get("/admin/snippets/communities/topic/")).select_one("main")
    tag = Tag.objects.create(name="mulch")
    url = f"/admin/snippets/communities/topic/add/?locale={french.language_code}"
    response = client.post(url, {"tag": tag.pk, "name": "paillage"})
    assert response.status_code == 302
    assert Topic.objects.get(tag=tag, locale=french).name == "paillage"
    again = client.post(url, {"tag": tag.pk, "name": "paillis"})
    assert again.status_code == 200
    assert "This topic already has a name in this language." in soup(again).select_one("main").get_text()


def test_the_story_page_costs_the_same_queries_with_few_or_many_topics(client, home, hub, french):
    def queries(slug, count):
        story = StoryPageFactory(parent=hub, slug=slug, topics=[f"{slug} {n}" for n in range(count)])
        for tag in story.topics.all():
            name_in(tag.name, french, f"fr {tag.name}")
        translation = story.copy_for_translation(french)
        translation.save_revision().publish()
        client.get(translation.url)  # warm up: renditions are made on the first view
        with CaptureQueriesContext(connection) as captured:
            assert len(soup(client.get(translation.url)).select(".tag-list .tag")) == count
        return len(captured)

    home.copy_for_translation(french).save_revision().publish()
    hub.copy_for_translation(french).save_revision().publish()
    assert queries("few", 2) == queries("many", 12)
