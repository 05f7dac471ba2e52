"""A moderator of another hub gets a plain 403 (JSON or page) and nothing changes."""

from moderation.models import Comment
from tests.factories import CommunityHubPageFactory, StoryPageFactory, UserFactory
from tests.stories.comment_helpers import add_comment


def test_other_hubs_moderator_gets_403(client, hub, home):
    comment = add_comment(StoryPageFactory(parent=hub), "Held", state=Comment.State.HELD)
    other = CommunityHubPageFactory(parent=home, slug="other")
    client.force_login(UserFactory(groups=[other.moderators_group]))

    response = client.post(f"/admin/moderation/{comment.pk}/approve/", HTTP_ACCEPT="application/json")
    assert response.status_code == 403
    assert response.json() == {"ok": False, "message": "You do not moderate the hub this belongs to."}
    response = client.get(f"/admin/moderation/{comment.pk}/")
    assert response.status_code == 403
    assert b"You do not moderate the hub this belongs to." in response.content
    comment.refresh_from_db()
    assert comment.state == Comment.State.HELD


def test_editor_without_moderation_gets_403_on_queues(client, hub):
    client.force_login(UserFactory(groups=[hub.editors_group]))
    assert client.get("/admin/moderation/pending/").status_code == 403
    assert client.get("/admin/moderation/erase/").status_code == 403
