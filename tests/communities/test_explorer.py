"""The admin's "Pages" explorer opens on my hub in the language I use the admin in, not on the
root's list of identical home pages (one per language)."""

import pytest
from django.test import RequestFactory
from django.utils import translation
from wagtail.admin.menu import admin_menu
from wagtail.models import Locale

from communities.explorer import explorer_start_page
from tests.factories import CommunityHubPageFactory, UserFactory


@pytest.fixture
def french_hub(hub):
    """The hub's French version, which the hub team edits too."""
    locale = Locale.objects.create(language_code="fr")
    french = hub.copy_for_translation(locale, copy_parents=True)
    french.save_revision().publish()
    return french


def menu_start_page_id(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    (explorer,) = [item for item in admin_menu.render_component(request) if item.name == "explorer"]
    return explorer.start_page_id


def test_a_hub_editor_starts_on_their_hub_in_the_admin_language(hub, french_hub):
    editor = UserFactory(groups=[hub.editors_group])
    assert french_hub.permissions_for_user(editor).can_edit()  # the team edits every language
    assert menu_start_page_id(editor) == hub.pk
    with translation.override("fr"):
        assert menu_start_page_id(editor) == french_hub.pk


def test_someone_in_two_hubs_starts_on_the_home_page_above_them(home, hub, french_hub):
    other = CommunityHubPageFactory(parent=home, title="Cycling", slug="cycling")
    member = UserFactory(groups=[hub.editors_group, other.editors_group])
    assert explorer_start_page(member).pk == home.pk
    with translation.override("de"):  # no page of theirs in German: the default language's
        assert explorer_start_page(member).pk == home.pk


def test_a_superuser_starts_on_the_home_page_of_the_admin_language(home, french_hub):
    admin = UserFactory(is_superuser=True)
    with translation.override("fr"):
        assert menu_start_page_id(admin) == french_hub.get_parent().pk
    assert menu_start_page_id(admin) == home.pk


def test_a_user_with_pages_in_one_language_keeps_wagtails_start(hub):
    editor = UserFactory(groups=[hub.editors_group])
    assert explorer_start_page(editor).pk == hub.pk
    assert explorer_start_page(UserFactory()) is None  # no page at all: no explorer start
