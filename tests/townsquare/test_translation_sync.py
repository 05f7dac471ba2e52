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
    response = client.post(f"/admin/translations/publish-with-translations/{story.pk}/")
    assert response.status_code == 302
    story.refresh_from_db()
    french_story.refresh_from_db()
    assert (story.title, story.has_unpublished_changes) == ("Seeds, revised", False)
    assert (french_story.title, french_story.live) == ("Graines", True)


def test_publish_with_translations_needs_publish_permission(client, hub, home, french):
    from tests.factories import UserFactory

    story = StoryPageFactory(parent=hub, slug="seeds")
    client.force_login(UserFactory(groups=[hub.editors_group]))
    response = client.post(f"/admin/translations/publish-with-translations/{story.pk}/")
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response["Location"] == "/admin/"
