"""A moderator's view of a commenter (``moderation.commenters``): their history, the notes moderators
leave each other, and "always pre-moderate this commenter", which the posting rules then apply."""

import pytest
from django.core import mail

from moderation import actions, commenters
from moderation.models import Comment, CommenterNote, Report, WatchedCommenter
from tests.factories import CommunityHubPageFactory, StoryPageFactory, UserFactory
from tests.stories.comment_helpers import add_comment, posted

State = Comment.State


@pytest.fixture
def moderator(hub):
    return UserFactory(username="mod-file", groups=[hub.moderators_group])


@pytest.fixture
def other_story(home):
    elsewhere = CommunityHubPageFactory(parent=home, title="Cooking", slug="cooking")
    return StoryPageFactory(parent=elsewhere, title="Soups", slug="soups")


def url(comment, **query):
    suffix = "&".join(f"{name}={value}" for name, value in query.items())
    return f"/admin/moderation/commenter/{comment.pk}/" + (f"?{suffix}" if suffix else "")


def test_pre_moderating_a_commenter_holds_their_next_comments_in_that_hub_only(client, story, other_story, moderator):
    first = add_comment(story, "First, published.", name="Kai", email="kai@example.org")
    assert first.state == State.PUBLISHED
    client.force_login(moderator)
    response = client.post(url(first), {"action": "premoderate"})
    assert response.status_code == 302

    # Whatever the spelling of the same mailbox, through the posting rules.
    again = posted(story, "Second.", "Kai", "Kai+news@Example.org")
    assert again.state == State.HELD
    assert [reason["code"] for reason in again.reasons] == ["watched"]
    # Not in another hub: the choice is the hub's moderators'.
    elsewhere = posted(other_story, "Soup!", "Kai")
    assert elsewhere.state == State.PUBLISHED, elsewhere.reasons

    page = client.get(url(first)).content.decode()
    assert "Always pre-moderated in this hub" in page
    # Turned off: the hub's rules again, and both changes are in the comment's history.
    assert client.post(url(first), {"action": "stop_premoderating"}).status_code == 302
    assert posted(story, "Third.", "Kai").state == State.PUBLISHED
    history = client.get(f"/admin/moderation/{first.pk}/").content.decode()
    assert "now read before they appear" in history and "follow the hub&#x27;s rules again" in history


def test_the_file_shows_history_appeals_reports_and_notes_within_the_moderators_hubs(
    client, story, other_story, moderator
):
    published = add_comment(story, "Nice.", name="Lee", email="lee@example.org")
    rejected = add_comment(story, "Buy now!", name="Lee", email="lee@example.org", state=State.HELD)
    actions.reject(rejected, moderator, reason="Advertising")
    add_comment(other_story, "Elsewhere.", name="Lee", email="lee@example.org")  # another hub: not counted
    someone = add_comment(story, "Another view.", name="Sam", email="sam@example.org")
    Report.objects.create(
        comment=someone,
        visitor=commenters.email_key("lee@example.org"),
        reason=Report.Reason.OFF_TOPIC,
    )
    client.force_login(moderator)
    assert client.post(url(published), {"action": "note", "text": "Asked twice about refunds."}).status_code == 302

    drawer = client.get(url(published, drawer=1))
    assert drawer.status_code == 200
    html = drawer.content.decode()
    assert "<html" not in html  # the drawer's content alone
    assert "2 comments in your hubs: 1 published, 0 waiting, 1 rejected, 0 spam." in html
    assert "Asked twice about refunds." in html and "mod-file" in html
    assert "Comment rejected" in html and "Advertising" in html  # the decision and its reason
    assert "Off-topic" in html and "Sam" in html  # the report they made
    assert "lee@example.org" not in html.split("data-commenter-notes")[1]  # notes never hold the address

    # Another hub's moderator sees nothing of it (and cannot open a comment of this hub).
    stranger = UserFactory(username="cook-file", groups=[other_story.get_parent().specific.moderators_group])
    client.force_login(stranger)
    assert client.get(url(published)).status_code == 403


def test_bad_notes_get_a_clear_message_and_keep_the_text(client, story, moderator):
    comment = add_comment(story, "Hello.", name="Ada", email="ada@example.org")
    client.force_login(moderator)
    empty = client.post(url(comment), {"action": "note", "text": "   "})
    assert empty.status_code == 400 and "Write the note first." in empty.content.decode()
    long_text = "x" * (CommenterNote.MAX_LENGTH + 1)
    too_long = client.post(url(comment), {"action": "note", "text": long_text})
    assert too_long.status_code == 400
    assert "at most 1000 characters" in too_long.content.decode() and long_text in too_long.content.decode()
    nothing = client.post(url(comment), {"text": "Hi"})
    assert nothing.status_code == 400
    forged_next = client.post(url(comment), {"action": "note", "text": "Fine.", "next": "https://evil.example/"})
    assert forged_next.status_code == 302 and forged_next["Location"] == url(comment)
    assert CommenterNote.objects.count() == 1


def test_erasing_the_commenter_deletes_notes_and_pre_moderation(client, story, moderator):
    comment = add_comment(story, "Hello.", name="Noa", email="noa@example.org")
    commenters.add_note(comment, moderator, "Polite, but posts links.")
    commenters.set_premoderated(comment, moderator, True)
    admin = UserFactory(username="root-file", is_superuser=True, is_staff=True)
    mail.outbox.clear()
    actions.erase_commenter("noa@example.org", admin)
    assert not CommenterNote.objects.exists() and not WatchedCommenter.objects.exists()


def test_the_file_reads_a_constant_number_of_queries(client, story, moderator, django_assert_max_num_queries):
    comment = add_comment(story, "Hello.", name="Bo", email="bo@example.org")
    client.force_login(moderator)

    def grow(n):
        for index in range(n):
            held = add_comment(story, f"Comment {index}", name="Bo", email="bo@example.org", state=State.HELD)
            actions.reject(held, moderator, reason="Off-topic")
            commenters.add_note(held, moderator, f"Note {index}")

    grow(2)
    client.get(url(comment, drawer=1))  # warm the caches (settings, permissions)
    with django_assert_max_num_queries(20) as small:
        assert client.get(url(comment, drawer=1)).status_code == 200
    grow(8)
    with django_assert_max_num_queries(len(small.captured_queries)) as large:
        assert client.get(url(comment, drawer=1)).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)
