"""Translating a story with wagtail-localize: submit, translate, publish, and sync after a change."""

import pytest
from wagtail.models import Locale
from wagtail_localize.models import String, StringTranslation, Translation, TranslationSource

from stories.models import StoryPage
from tests.factories import StoryPageFactory


@pytest.fixture
def french(db):
    return Locale.objects.get_or_create(language_code="fr")[0]


def translate_all(translation, prefix):
    """Give every string of the source a translation (as a translator would in the editor)."""
    for string in String.objects.filter(segments__source=translation.source).distinct():
        StringTranslation.objects.update_or_create(
            translation_of=string,
            locale=translation.target_locale,
            context=string.segments.filter(source=translation.source).first().context,
            defaults={"data": f"{prefix} {string.data}"},
        )


def translated_story(home, hub, french):
    """A story in a hub translated into French, every string translated ("FR ..."), not yet saved."""
    home.copy_for_translation(french).save_revision().publish()
    hub.copy_for_translation(french).save_revision().publish()
    story = StoryPageFactory(parent=hub, title="Seeds", slug="seeds", standfirst="Start with tomatoes.")
    source, _created = TranslationSource.get_or_create_from_instance(story)
    translation = Translation.objects.create(source=source, target_locale=french)
    translate_all(translation, "FR")
    return story, source, translation


def test_submit_translate_publish_and_sync(home, hub, french, django_capture_on_commit_callbacks):
    french_home = home.copy_for_translation(french)
    french_home.save_revision().publish()
    french_hub = hub.copy_for_translation(french)
    french_hub.save_revision().publish()
    story = StoryPageFactory(parent=hub, title="Seeds", slug="seeds", standfirst="Start with tomatoes.")

    source, _created = TranslationSource.get_or_create_from_instance(story)
    translation = Translation.objects.create(source=source, target_locale=french)
    translate_all(translation, "FR")
    with django_capture_on_commit_callbacks(execute=True):  # wagtail-localize publishes on commit
        translation.save_target(publish=True)
    french_story = StoryPage.objects.get(translation_key=story.translation_key, locale=french)
    assert french_story.live and french_story.title == "FR Seeds"
    assert french_story.standfirst == "FR Start with tomatoes."
    assert french_story.get_parent().pk == french_hub.pk

    # The source changes; syncing brings the change to the translation, needing a new translation.
    story.standfirst = "Start with beans."
    story.save_revision().publish()
    source.update_from_db()
    translate_all(translation, "FR2")
    with django_capture_on_commit_callbacks(execute=True):
        translation.save_target(publish=True)
    french_story.refresh_from_db()
    assert french_story.standfirst == "FR2 Start with beans."


def test_a_sync_keeps_what_translators_wrote_for_the_pieces_that_did_not_change(
    home, hub, french, django_capture_on_commit_callbacks
):
    story, source, translation = translated_story(home, hub, french)
    with django_capture_on_commit_callbacks(execute=True):
        translation.save_target(publish=True)

    # Only the standfirst changes; the sync ("Sync translated pages") brings it in.
    story.standfirst = "Start with beans."
    story.save_revision().publish()
    source.update_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        translation.save_target(publish=True)
    french_story = StoryPage.objects.get(translation_key=story.translation_key, locale=french)
    assert french_story.title == "FR Seeds"  # unchanged: the translator's words are kept
    assert french_story.standfirst == "Start with beans."  # changed: the new text, until translated


def test_publish_with_translations_in_one_action(client, home, hub, french, admin_user):
    french_home = home.copy_for_translation(french)
    french_home.save_revision().publish()
    french_hub = hub.copy_for_translation(french)
    french_hub.save_revision().publish()
    story = StoryPageFactory(parent=hub, title="Seeds", slug="seeds")
    french_story = story.copy_for_translation(french)
    french_story.title = "Graines"
    french_story.save_revision()  # a draft translation
    story.title = "Seeds, revised"
    story.save_revision()  # a draft change of the source
    client.force_login(admin_user)

    edit = client.get(f"/admin/pages/{story.pk}/edit/")
    assert b"Publish with translations" in edit.content
    confirm = client.get(f"/admin/translations/publish-with-translations/{story.pk}/")
    assert confirm.status_code == 200 and b"Graines" in confirm.content
    # The French draft was never reviewed: the story is published, the translation is not.
    response = client.post(f"/admin/translations/publish-with-translations/{story.pk}/")
    assert response.status_code == 302
    story.refresh_from_db()
    french_story.refresh_from_db()
    assert (story.title, story.has_unpublished_changes) == ("Seeds, revised", False)
    assert (french_story.live, french_story.has_unpublished_changes) == (False, True)
    # Once in the hub's review, the reviewer's "publish together" approves and publishes it.
    french_story.get_workflow().start(french_story, admin_user)
    assert (
        b"in review: approve and publish"
        in client.get(f"/admin/translations/publish-with-translations/{story.pk}/").content
    )
    client.post(f"/admin/translations/publish-with-translations/{story.pk}/")
    french_story.refresh_from_db()
    assert (french_story.title, french_story.live, french_story.workflow_in_progress) == ("Graines", True, False)


def test_publish_with_translations_needs_publish_permission(client, hub, home, french):
    from tests.factories import UserFactory

    story = StoryPageFactory(parent=hub, slug="seeds")
    client.force_login(UserFactory(groups=[hub.editors_group]))
    response = client.post(f"/admin/translations/publish-with-translations/{story.pk}/")
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response["Location"] == "/admin/"


def test_untranslated_text_falls_back_to_the_source_never_empty(home, hub, french, django_capture_on_commit_callbacks):
    """wagtail-localize publishes untranslated (or emptied) segments with the source's text,
    so a translation published from its editor never lacks a required field."""
    story, source, translation = translated_story(home, hub, french)
    standfirst = String.objects.get(segments__source=source, data="Start with tomatoes.")
    StringTranslation.objects.filter(translation_of=standfirst, locale=french).update(data="")
    with django_capture_on_commit_callbacks(execute=True):
        translation.save_target(publish=True)
    french_story = StoryPage.objects.get(translation_key=story.translation_key, locale=french)
    assert (french_story.title, french_story.standfirst) == ("FR Seeds", "Start with tomatoes.")


def test_translation_with_a_required_field_emptied_cannot_be_published(client, home, hub, french, admin_user):
    """Editing a translated page directly: the editor refuses to publish it and says which field is missing."""
    from wagtail.test.utils import WagtailTestUtils
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

    from tests.factories import AuthorFactory

    home.copy_for_translation(french).save_revision().publish()
    hub.copy_for_translation(french).save_revision().publish()
    story = StoryPageFactory(parent=hub, title="Seeds", slug="seeds", authors=[AuthorFactory()])
    french_story = story.copy_for_translation(french)
    french_story.save_revision().publish()
    link = french_story.story_authors.get()
    client.force_login(admin_user)
    data = nested_form_data(
        {
            "title": "Graines",
            "slug": "seeds",
            "standfirst": "",
            "hero_image_alt": french_story.hero_image_alt,
            "publication_date": "2026-05-01",
            "body": streamfield([]),
            "story_authors": inline_formset([{"id": link.pk, "author": link.author_id}], initial=1, min=1),
            "related_stories": inline_formset([]),
            "topics": "",
            "action-publish": "Publish",
        }
    )
    response = client.post(f"/admin/pages/{french_story.pk}/edit/", data)
    assert response.status_code == 200
    soup = WagtailTestUtils.get_soup(response.content)
    assert "This field is required." in soup.select_one("[data-field-wrapper]:has(#id_standfirst)").get_text()
    french_story.refresh_from_db()
    assert french_story.title == "Seeds"  # nothing published
