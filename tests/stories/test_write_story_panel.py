"""The dashboard's "Write a story" panel: one button per hub the user may write in, leading to
the story form under that hub; nothing for someone who writes nowhere."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Locale
from wagtail.test.utils import WagtailTestUtils

from stories.dashboard import writable_hubs
from tests.factories import CommunityHubPageFactory, UserFactory


def panel_links(client):
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    panel = WagtailTestUtils.get_soup(response.content).select_one("#write-story-content")
    return None if panel is None else {a.get_text(" ", strip=True): a["href"] for a in panel.select("a")}


@pytest.fixture
def cycling(home):
    return CommunityHubPageFactory(parent=home, title="Cycling", slug="cycling")


def test_an_editor_is_offered_their_hub_and_the_form_opens_under_it(client, hub, cycling):
    # Their hub exists in French too: it is offered once, in the site's language.
    hub.get_parent().copy_for_translation(Locale.objects.create(language_code="fr"))
    hub.copy_for_translation(Locale.objects.get(language_code="fr"))
    editor = UserFactory(groups=[hub.editors_group])
    client.force_login(editor)
    links = panel_links(client)
    assert links == {"Write a story in Gardening": f"/admin/pages/add/stories/storypage/{hub.pk}/"}
    form = client.get(links["Write a story in Gardening"])
    assert form.status_code == 200 and b'name="title"' in form.content
    assert [h.pk for h in writable_hubs(editor)] == [hub.pk]


def test_a_hub_in_one_language_only_is_offered_with_its_language(client, home, hub):
    french = Locale.objects.create(language_code="fr")
    french_home = home.copy_for_translation(french)
    local = CommunityHubPageFactory(parent=french_home, title="Vélotaf", slug="velotaf")
    client.force_login(UserFactory(groups=[hub.editors_group, local.editors_group]))
    response = client.get(reverse("wagtailadmin_home"))
    panel = WagtailTestUtils.get_soup(response.content).select_one("#write-story-content")
    assert [a.get_text(" ", strip=True) for a in panel.select("a")] == [
        "Write a story in Gardening",
        "Write a story in Vélotaf",
    ]
    assert "(French)" in panel.get_text(" ", strip=True)


def test_someone_who_writes_nowhere_sees_no_panel(client, hub):
    client.force_login(UserFactory(groups=[hub.moderators_group]))
    assert panel_links(client) is None


def test_the_panel_costs_the_same_whatever_the_number_of_hubs(home, hub):
    editor = UserFactory(groups=[hub.editors_group])
    with CaptureQueriesContext(connection) as one:
        writable_hubs(editor)
    for n in range(5):
        other = CommunityHubPageFactory(parent=home, title=f"Hub {n}", slug=f"hub-{n}")
        editor.groups.add(other.editors_group)
    editor = type(editor).objects.get(pk=editor.pk)  # no cached permissions
    with CaptureQueriesContext(connection) as six:
        assert len(writable_hubs(editor)) == 6
    assert len(six) == len(one)
