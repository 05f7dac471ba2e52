"""Translating is the hub team's: editors and owners start and sync translations of their hub's
pages, nobody else does, and a new translation is a draft that waits for the hub's review.

Through wagtail-localize's own admin addresses (``communities.translation_rights`` serves them with
the hub rule), as a hub editor in the admin would."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.urls import reverse
from wagtail.models import Locale
from wagtail_localize.models import TranslationSource

from communities import translation_rights
from stories.models import StoryPage
from tests.factories import CommunityHubPageFactory, StoryPageFactory, UserFactory
from tests.utils import assert_permission_denied

TRANSLATE = ("wagtail_localize", "submit_translation")


@pytest.fixture
def french(hub):
    """French exists, and so do the French home page and hub (the story's translated parent)."""
    locale = Locale.objects.create(language_code="fr")
    hub.copy_for_translation(locale, copy_parents=True).save_revision().publish()
    return locale


@pytest.fixture
def outsider(home):
    """An editor of another hub."""
    other = CommunityHubPageFactory(parent=home, title="Cycling", slug="cycling")
    return UserFactory(username="other-editor", groups=[other.editors_group])


def submit_url(page):
    return reverse("wagtail_localize:submit_page_translation", args=[page.pk])


def french_story(story):
    return StoryPage.objects.filter(translation_key=story.translation_key, locale__language_code="fr").first()


def test_hub_editors_and_owners_may_translate_moderators_may_not(hub):
    app_label, codename = TRANSLATE
    for group, expected in ((hub.editors_group, True), (hub.owners_group, True), (hub.moderators_group, False)):
        held = group.permissions.filter(content_type__app_label=app_label, codename=codename).exists()
        assert held is expected, group.name


def test_an_editor_translates_a_story_of_their_hub_into_a_draft_that_waits_for_review(
    client, hub, story, french, editor
):
    client.force_login(editor)
    assert client.get(submit_url(story)).status_code == 200
    response = client.post(submit_url(story), {"locales": [french.pk]})
    assert response.status_code == 302

    translated = french_story(story)
    assert translated is not None
    # A draft: never live with the English text, not served on /fr/.
    assert (translated.live, translated.has_unpublished_changes) == (False, True)
    assert client.get("/fr/gardening/seeds/").status_code == 404
    # The hub's team edits it, in wagtail-localize's editor, and the hub's review applies to it.
    assert client.get(reverse("wagtailadmin_pages:edit", args=[translated.pk])).status_code == 200
    assert translated.get_workflow() == hub.review_workflow
    # Once published (by the hub's reviewers), it is served there.
    translated.get_latest_revision().publish()
    assert client.get("/fr/gardening/seeds/").status_code == 200


def test_nobody_outside_the_hub_translates_its_pages_or_syncs_them(client, story, french, editor, outsider):
    client.force_login(editor)
    client.post(submit_url(story), {"locales": [french.pk]})
    source = TranslationSource.objects.get_for_instance(story)
    before = StoryPage.objects.count()

    client.force_login(outsider)
    assert_permission_denied(client.get(submit_url(story)))
    assert_permission_denied(client.post(submit_url(story), {"locales": [french.pk]}))
    update_url = reverse("wagtail_localize:update_translations", args=[source.pk])
    assert_permission_denied(client.get(update_url))
    assert_permission_denied(client.post(update_url, {}))
    assert StoryPage.objects.count() == before
    assert not translation_rights.can_translate(outsider, story)
    assert translation_rights.can_translate(editor, story)


def test_bad_requests_get_a_clear_answer_and_publish_nothing(client, hub, story, french, editor):
    client.force_login(editor)
    before = StoryPage.objects.count()
    # A locale that does not exist: the form says so.
    response = client.post(submit_url(story), {"locales": [987654]})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    # A page that does not exist.
    assert client.get(reverse("wagtail_localize:submit_page_translation", args=[987654])).status_code == 404
    assert StoryPage.objects.count() == before

    # Twice for the same locale: the second time French is no longer offered.
    assert client.post(submit_url(story), {"locales": [french.pk]}).status_code == 302
    response = client.post(submit_url(story), {"locales": [french.pk]})
    assert response.status_code in (200, 302)
    assert StoryPage.objects.filter(translation_key=story.translation_key, locale=french).count() == 1

    # A source that was never published: its translation is a draft too.
    draft = StoryPageFactory(parent=hub, title="Bulbs", slug="bulbs", live=False)
    assert client.post(submit_url(draft), {"locales": [french.pk]}).status_code == 302
    translated = StoryPage.objects.get(translation_key=draft.translation_key, locale=french)
    assert translated.live is False
    assert not StoryPage.objects.filter(locale=french, live=True).exists()


def test_existing_hub_teams_are_given_the_right_by_the_migration(hub):
    app_label, codename = TRANSLATE
    translate = Permission.objects.get(content_type__app_label=app_label, codename=codename)
    hub.editors_group.permissions.remove(translate)
    hub.owners_group.permissions.remove(translate)

    migration = importlib.import_module("communities.migrations.0005_hub_teams_translate")
    migration.grant(apps, None)
    assert translate in hub.editors_group.permissions.all() and translate in hub.owners_group.permissions.all()
    assert translate not in hub.moderators_group.permissions.all()
