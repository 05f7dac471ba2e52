"""An editor's story goes live only after a hub owner approves it, through the admin."""

from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from stories.models import StoryPage
from tests.factories import AuthorFactory, UserFactory


def story_form(author, **overrides):
    data = {
        "title": "Allotments at lunchtime",
        "slug": "allotments-at-lunchtime",
        "standfirst": "Twelve colleagues, one allotment, a year of vegetables.",
        "hero_image_alt": "",
        "publication_date": "2026-05-01",
        "body": streamfield([("paragraph", rich_text("<p>We dug the first bed in March.</p>"))]),
        "story_authors": inline_formset([{"author": author.pk}], min=1),
        "related_stories": inline_formset([]),
        "topics": "gardening, lunch",
        "comments_closed": "",
    }
    data.update(overrides)
    return nested_form_data(data)


def test_submit_approve_live(client, hub):
    author = AuthorFactory()
    editor = UserFactory(groups=[hub.editors_group])
    owner = UserFactory(groups=[hub.owners_group])

    client.force_login(editor)
    response = client.post(
        f"/admin/pages/add/stories/storypage/{hub.pk}/", {**story_form(author), "action-submit": "Submit"}
    )
    assert response.status_code == 302, response.content[:2000]
    story = StoryPage.objects.get(slug="allotments-at-lunchtime")
    assert not story.live
    state = WorkflowState.objects.get(object_id=str(story.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    # Anonymous visitors cannot see it yet.
    client.logout()
    assert client.get("/en/gardening/allotments-at-lunchtime/").status_code == 404

    # The editor cannot publish it themselves.
    client.force_login(editor)
    client.post(f"/admin/pages/{story.pk}/edit/", {**story_form(author), "action-publish": "Publish"})
    story.refresh_from_db()
    assert not story.live

    client.force_login(owner)
    task_state = state.current_task_state
    response = client.post(f"/admin/pages/workflow/action/{story.pk}/approve/{task_state.pk}/", {"comment": "Lovely."})
    assert response.status_code in (200, 302), response.content[:3000]
    story.refresh_from_db()
    state.refresh_from_db()
    assert story.live
    assert state.status == WorkflowState.STATUS_APPROVED

    client.logout()
    response = client.get("/en/gardening/allotments-at-lunchtime/")
    assert response.status_code == 200
    assert b"Allotments at lunchtime" in response.content


def test_owner_of_another_hub_cannot_approve(client, home, hub):
    from tests.factories import CommunityHubPageFactory

    other = CommunityHubPageFactory(parent=home, title="Other", slug="other")
    author = AuthorFactory()
    editor = UserFactory(groups=[hub.editors_group])
    client.force_login(editor)
    client.post(f"/admin/pages/add/stories/storypage/{hub.pk}/", {**story_form(author), "action-submit": "Submit"})
    story = StoryPage.objects.get(slug="allotments-at-lunchtime")
    task_state = WorkflowState.objects.get(object_id=str(story.pk)).current_task_state

    client.force_login(UserFactory(groups=[other.owners_group]))
    response = client.post(f"/admin/pages/workflow/action/{story.pk}/approve/{task_state.pk}/", {})
    assert response.status_code in (302, 403)
    story.refresh_from_db()
    assert not story.live
