"""Creating, renaming and deleting a hub keeps its team, permissions and workflow consistent."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import GroupPagePermission, Workflow, WorkflowPage

from tests.factories import CommunityHubPageFactory, UserFactory
from tests.utils import assert_permission_denied


def page_permissions(group, page):
    return set(
        GroupPagePermission.objects.filter(group=group, page=page).values_list("permission__codename", flat=True)
    )


def test_creating_a_hub_creates_its_team(hub):
    names = {hub.editors_group.name, hub.moderators_group.name, hub.owners_group.name}
    assert names == {"Gardening editors", "Gardening moderators", "Gardening owners"}
    assert page_permissions(hub.editors_group, hub) == {"add_page", "change_page", "lock_page"}
    assert "publish_page" in page_permissions(hub.owners_group, hub)
    assert "publish_page" not in page_permissions(hub.editors_group, hub)
    assert page_permissions(hub.moderators_group, hub) == set()
    # Every role can reach the admin; editors and owners can write author profiles.
    for group in (hub.editors_group, hub.moderators_group, hub.owners_group):
        assert group.permissions.filter(codename="access_admin").exists()
    assert hub.editors_group.permissions.filter(codename="add_author").exists()


def test_hub_review_workflow_belongs_to_owners(hub):
    workflow = WorkflowPage.objects.get(page=hub).workflow
    assert workflow == hub.review_workflow and workflow.name == "Gardening review"
    task = workflow.tasks.get().specific
    assert list(task.groups.all()) == [hub.owners_group]
    assert hub.get_workflow() == workflow


def test_hub_images_go_to_its_own_collection(hub):
    assert hub.collection.name == "Gardening"
    codenames = set(
        hub.editors_group.collection_permissions.filter(collection=hub.collection).values_list(
            "permission__codename", flat=True
        )
    )
    assert codenames == {"add_image", "change_image", "choose_image"}


def test_saving_again_creates_nothing_new(hub):
    groups, workflows = Group.objects.count(), Workflow.objects.count()
    hub.save_revision().publish()
    hub.refresh_from_db()
    hub.save()
    assert (Group.objects.count(), Workflow.objects.count()) == (groups, workflows)


def test_renaming_a_hub_renames_its_team(hub):
    hub.title = "Urban gardening"
    hub.save_revision().publish()
    hub.refresh_from_db()
    assert hub.editors_group.name == "Urban gardening editors"
    assert hub.owners_group.name == "Urban gardening owners"
    assert hub.review_workflow.name == "Urban gardening review"
    assert hub.collection.name == "Urban gardening"


def test_same_title_in_two_places_gets_distinct_groups(home, hub):
    other = CommunityHubPageFactory(parent=home, title="Gardening", slug="gardening-2")
    assert other.editors_group != hub.editors_group
    assert other.editors_group.name == "Gardening editors (2)"


def test_deleting_a_hub_removes_its_team(hub):
    group_ids = [hub.editors_group_id, hub.moderators_group_id, hub.owners_group_id]
    workflow = hub.review_workflow
    hub.delete()
    assert not Group.objects.filter(pk__in=group_ids).exists()
    workflow.refresh_from_db()
    assert not workflow.active


@pytest.fixture
def two_hubs(home):
    hub_a = CommunityHubPageFactory(parent=home, title="Alpha", slug="alpha")
    hub_b = CommunityHubPageFactory(parent=home, title="Beta", slug="beta")
    return hub_a, hub_b


def test_editor_of_one_hub_cannot_touch_another(client, two_hubs):
    from tests.factories import StoryPageFactory

    hub_a, hub_b = two_hubs
    story_b = StoryPageFactory(parent=hub_b)
    editor = UserFactory(groups=[hub_a.editors_group])
    client.force_login(editor)

    assert client.get(f"/admin/pages/add/stories/storypage/{hub_a.pk}/").status_code == 200
    assert_permission_denied(client.get(f"/admin/pages/add/stories/storypage/{hub_b.pk}/"))
    assert_permission_denied(
        client.post(f"/admin/pages/add/stories/storypage/{hub_b.pk}/", {"title": "Sneaky", "slug": "sneaky"})
    )
    assert not hub_b.get_children().filter(slug="sneaky").exists()
    assert_permission_denied(client.get(f"/admin/pages/{story_b.pk}/edit/"))
    assert_permission_denied(client.post(f"/admin/pages/{story_b.pk}/edit/", {"title": "Changed"}))
    assert_permission_denied(client.post(f"/admin/pages/{story_b.pk}/delete/"))
    story_b.refresh_from_db()
    assert story_b.title != "Changed" and story_b.live


def test_moderator_cannot_write_stories(client, hub):
    client.force_login(UserFactory(groups=[hub.moderators_group]))
    assert client.get("/admin/").status_code == 200
    assert_permission_denied(client.get(f"/admin/pages/add/stories/storypage/{hub.pk}/"))
