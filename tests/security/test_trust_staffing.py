"""Trust, staffing: no hub swallows comments. Comments open only where someone moderates, and the
held comments of a hub that lost its team reach the site's moderators.

As a careless operator would: the demo's Freewheelin team loses its only moderator (its six
translations share the team), then visitors write first comments there and the editor tries to
publish the hub with comments open again. Through HTTP (the admin's editor, the comment form).
"""

from django.contrib.auth import get_user_model
from django.core import mail

from communities import teams
from communities.models import CommunityHubPage
from moderation.digest import send_digests
from moderation.models import Comment
from stories.models import StoryPage
from tests.communities.test_staffing import hub_form
from tests.factories import UserFactory
from tests.stories.comment_helpers import form_post

VISITORS = 12


def test_no_hub_swallows_comments(shared_demo, db, client, report_figure):
    hubs = CommunityHubPage.objects.all()
    unstaffed_open = [hub for hub in hubs if hub.comments_open and teams.staffing_problems(hub)]
    assert unstaffed_open == []

    # The careless operator: Freewheelin's only moderator leaves its team.
    freewheelin = CommunityHubPage.objects.get(slug="freewheelin", locale__language_code="en")
    get_user_model().objects.get(username="cycling_moderator").groups.remove(freewheelin.moderators_group)
    orphaned = [hub for hub in hubs if hub.moderators_group_id == freewheelin.moderators_group_id]
    assert len(orphaned) == 6 and all(teams.staffing_problems(hub) for hub in orphaned)

    # Publishing it with comments open, or submitting it for review, is refused in the admin's editor
    # (translations follow their original through wagtail-localize's sync).
    admin = get_user_model().objects.get(username="admin")
    client.force_login(admin)
    attempts = [("action-publish", freewheelin.guidelines), ("action-submit", freewheelin.guidelines)]
    refused = 0
    for action, guidelines in attempts:
        response = client.post(
            f"/admin/pages/{freewheelin.pk}/edit/", hub_form(freewheelin, guidelines=guidelines, action=action)
        )
        refused += response.status_code == 200 and "Nobody moderates this hub" in response.content.decode()
    assert refused == len(attempts)
    assert CommunityHubPage.objects.get(pk=freewheelin.pk).get_latest_revision().pk == freewheelin.latest_revision_id

    # Visitors' first comments in the orphaned hub are held...
    story = StoryPage.objects.live().child_of(freewheelin).first()
    for n in range(VISITORS):
        client.force_login(UserFactory(email=f"rider{n}@example.org", first_name="Rider", last_name=f"No{n}"))
        response = client.post(
            "/en/comments/post/", form_post(story, comment=f"First ride {n}"), REMOTE_ADDR=f"198.51.100.{n + 1}"
        )
        assert response.status_code == 302
    orphaned_ids = [hub.pk for hub in orphaned]
    held = list(Comment.objects.filter(hub_id__in=orphaned_ids, state=Comment.State.HELD, hidden_with=None))
    assert len(held) >= VISITORS

    # ... and reach the site's moderators, who are told why.
    mail.outbox.clear()
    send_digests()
    routed_to = {message.to[0]: message.body for message in mail.outbox}
    assert admin.email in routed_to
    body = routed_to[admin.email]
    assert "Nobody moderates Freewheelin: you receive its comments because you moderate every hub." in body
    routed = sum(comment.comment[:140] in body for comment in held)
    assert routed == len(held)
    report_figure(
        f"trust, staffing: {hubs.count()} hubs, {len(unstaffed_open)} unstaffed with comments open, "
        f"{refused} of {len(attempts)} attempts to open an unstaffed hub refused; "
        f"{len(held)} held comments in unstaffed hubs, {routed} routed"
    )
