"""Each page type can only be created where it belongs."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Page
from wagtail.test.utils import WagtailTestUtils

from communities.models import CommunityHubPage, HubIndexPage
from events.models import EventPage
from stories.models import StoryPage
from tests.factories import StoryPageFactory
from tests.utils import assert_permission_denied


def test_parent_child_rules(home, hub):
    root = Page.get_first_root_node()
    assert HubIndexPage.can_create_at(root)
    assert CommunityHubPage.can_create_at(home)
    assert not CommunityHubPage.can_create_at(root)
    assert not CommunityHubPage.can_create_at(hub)
    assert StoryPage.can_create_at(hub)
    assert not StoryPage.can_create_at(home)
    assert not StoryPage.can_create_at(root)
    assert EventPage.can_create_at(hub)
    assert not EventPage.can_create_at(home)
    assert hub.specific_class.allowed_subpage_models() == [StoryPage, EventPage]
    story = StoryPageFactory(parent=hub)
    assert story.specific_class.allowed_subpage_models() == []


def test_story_outside_a_hub_is_refused_with_a_message(home):
    story = StoryPage(title="Lost", slug="lost", standfirst="Nowhere to go.")
    with pytest.raises(ValidationError, match="inside a community hub"):
        home.add_child(instance=story)


def test_admin_refuses_a_story_outside_a_hub(client, home, admin_user):
    client.force_login(admin_user)
    assert_permission_denied(client.get(f"/admin/pages/add/stories/storypage/{home.pk}/"))
    assert_permission_denied(
        client.post(f"/admin/pages/add/stories/storypage/{home.pk}/", {"title": "Lost", "slug": "lost"})
    )
    assert not StoryPage.objects.filter(slug="lost").exists()


def test_missing_alt_text_is_a_clear_message(client, hub, admin_user):
    from wagtail_factories import ImageFactory

    client.force_login(admin_user)
    image = ImageFactory()
    response = client.post(
        f"/admin/pages/add/stories/storypage/{hub.pk}/",
        {
            "title": "No alt",
            "slug": "no-alt",
            "standfirst": "Text.",
            "hero_image": image.pk,
            "hero_image_alt": "",
            "publication_date": "2026-01-01",
            "body-count": "0",
            "story_authors-TOTAL_FORMS": "0",
            "story_authors-INITIAL_FORMS": "0",
            "story_authors-MIN_NUM_FORMS": "1",
            "story_authors-MAX_NUM_FORMS": "1000",
            "related_stories-TOTAL_FORMS": "0",
            "related_stories-INITIAL_FORMS": "0",
            "related_stories-MIN_NUM_FORMS": "0",
            "related_stories-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 200  # the form comes back with its errors
    soup = WagtailTestUtils.get_soup(response.content)
    errors = " ".join(e.get_text(" ", strip=True) for e in soup.select(".error-message, .help-critical"))
    assert "Describe the hero image" in errors
    assert not StoryPage.objects.filter(slug="no-alt").exists()
