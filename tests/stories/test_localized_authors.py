"""A story in another language shows its authors' profiles in that language: wagtail-localize links
a translated story to them, and the page shows them even when the story still links the original."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale
from wagtail.test.utils import WagtailTestUtils
from wagtail_localize.models import TranslationSource

from stories.models import StoryPage
from tests.factories import AuthorFactory, StoryPageFactory


@pytest.fixture
def french(home, hub):
    """French, with the home page and the hub translated."""
    french = Locale.objects.get_or_create(language_code="fr")[0]
    home.copy_for_translation(french).save_revision().publish()
    hub.copy_for_translation(french).save_revision().publish()
    return french


def profile_in(author, locale, role):
    profile = author.copy_for_translation(locale)
    profile.role = role
    profile.save()
    return profile


def linked_authors(story):
    return {link.author for link in StoryPage.objects.get(pk=story.pk).story_authors.all()}


def test_wagtail_localize_links_a_translated_story_to_the_profiles_in_its_language(
    hub, french, django_capture_on_commit_callbacks
):
    ada, bo = AuthorFactory(name="Ada"), AuthorFactory(name="Bo")
    french_ada = profile_in(ada, french, "Jardinière")
    story = StoryPageFactory(parent=hub, slug="seeds", authors=[ada, bo])
    source, _created = TranslationSource.get_or_create_from_instance(story)

    # As the translation editor saves: untranslated pieces fall back to the source.
    with django_capture_on_commit_callbacks(execute=True):
        translation, _created = source.create_or_update_translation(french, fallback=True)
    assert linked_authors(translation) == {french_ada, bo}  # Bo has no French profile yet

    # Bo's profile is translated; the next sync of the story links it.
    french_bo = profile_in(bo, french, "Paysagiste")
    source.update_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        source.create_or_update_translation(french, fallback=True)
    assert linked_authors(translation) == {french_ada, french_bo}
    assert linked_authors(story) == {ada, bo}


def author_roles(client, story):
    response = client.get(story.url)
    assert response.status_code == 200
    soup = WagtailTestUtils.get_soup(response.content)
    return sorted(role.get_text(strip=True) for role in soup.select(".author-card__role"))


def test_a_story_linking_the_original_profiles_shows_those_of_its_language(client, hub, french):
    authors = [AuthorFactory(role="Gardener"), AuthorFactory(role="Beekeeper")]
    profile_in(authors[0], french, "Jardinière")  # the second has no French profile: shown as it is
    story = StoryPageFactory(parent=hub, slug="seeds", authors=authors)
    translation = story.copy_for_translation(french)  # Wagtail's copy keeps the original profiles
    translation.save_revision().publish()
    assert linked_authors(translation) == set(authors)
    assert author_roles(client, translation) == ["Beekeeper", "Jardinière"]
    assert author_roles(client, story) == ["Beekeeper", "Gardener"]


def test_the_story_page_costs_the_same_queries_for_few_or_many_authors(client, hub, french):
    def queries(slug, count):
        authors = [AuthorFactory() for _ in range(count)]
        for author in authors:
            profile_in(author, french, "Rôle")
        translation = StoryPageFactory(parent=hub, slug=slug, authors=authors).copy_for_translation(french)
        translation.save_revision().publish()
        author_roles(client, translation)  # warm up
        with CaptureQueriesContext(connection) as captured:
            assert author_roles(client, translation) == ["Rôle"] * count
        return len(captured)

    assert queries("few", 1) == queries("many", 6)
