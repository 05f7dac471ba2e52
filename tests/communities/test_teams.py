"""Creating, renaming and deleting a hub keeps its team, permissions and workflow consistent."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Collection, GroupPagePermission, Workflow, WorkflowPage

from communities.models import CommunityHubPage
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


class TestProvisioning:
    """The team is made when a hub is created, whichever way it is created, and only then."""

    def test_a_hub_added_in_the_admin_gets_its_team(self, client, home, admin_user):
        from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

        client.force_login(admin_user)
        groups = Group.objects.count()
        response = client.post(
            f"/admin/pages/add/communities/communityhubpage/{home.pk}/",
            nested_form_data(
                {
                    "title": "Beekeeping",
                    "slug": "beekeeping",
                    "topic_statement": "Keeping bees at the office",
                    "intro": rich_text(""),
                    "guidelines": rich_text(""),
                    "featured_stories": inline_formset([]),
                    "comments_open": "on",
                    "premoderation": "first_time",
                    "max_reply_depth": "3",
                    "close_after_days": "180",
                    "response_target_hours": "24",
                    "response_time_zone": "Europe/Paris",
                    "response_working_days_only": "on",
                    "product_terms": "",
                    "decision_reasons": streamfield([]),
                }
            ),
        )
        assert response.status_code == 302, response.content[:2000]
        hub = CommunityHubPage.objects.get(slug="beekeeping")
        assert Group.objects.count() == groups + 3
        assert hub.editors_group.name == "Beekeeping editors"
        assert page_permissions(hub.owners_group, hub) >= {"add_page", "publish_page"}
        assert hub.collection.name == "Beekeeping"
        assert WorkflowPage.objects.get(page=hub).workflow == hub.review_workflow

    def test_a_hub_added_in_code_gets_its_team(self, home):
        hub = CommunityHubPage(title="Cycling", slug="cycling", topic_statement="Cycling to work")
        home.add_child(instance=hub)
        # The instance itself carries its team (the loader and factories use it right away).
        assert hub.moderators_group.name == "Cycling moderators"
        hub = CommunityHubPage.objects.get(pk=hub.pk)
        assert hub.editors_group.name == "Cycling editors"
        assert hub.review_workflow.name == "Cycling review"

    def test_saving_an_existing_hub_creates_no_group(self, hub):
        # A team a hub lost (its group deleted by hand) is not rebuilt behind anyone's back by a save.
        hub.editors_group.delete()
        hub.refresh_from_db()
        assert hub.editors_group is None
        groups, collections = Group.objects.count(), Collection.objects.count()
        hub.save()
        hub.save_revision().publish()
        hub.refresh_from_db()
        assert hub.editors_group is None
        assert (Group.objects.count(), Collection.objects.count()) == (groups, collections)
