"""Tombstones: a comment removed at its author's request (their deletion, or an erasure) is wiped
and kept in place for its replies; one without replies is deleted. Removal is final."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import ModelLogEntry
from wagtail.test.utils import WagtailTestUtils

from insights import metrics
from moderation import actions, lifecycle
from moderation.discussion import thread
from moderation.discussion.confirmation import make_confirm_key
from moderation.models import Comment, CommentEdit, ConfirmationKey, Reaction, Report
from tests.factories import StoryPageFactory, UserFactory
from tests.stories.comment_helpers import add_comment

State = Comment.State
AUTHOR = Comment.Removal.AUTHOR


@pytest.fixture
def story(hub):
    hub.save_revision().publish()
    return StoryPageFactory(parent=hub, title="Seeds", slug="seeds")


@pytest.fixture
def discussion(story):
    """robin's root > sam's reply > robin's reply; robin's lone comment; kim's thread."""
    c = {}
    c["root"] = add_comment(story, "Robin's secret: 1 Elm Street", name="Robin", email="robin@example.org")
    c["reply"] = add_comment(story, "Sam answers", parent=c["root"], name="Sam")
    c["deep"] = add_comment(story, "Robin again", parent=c["reply"], name="Robin", email="robin@example.org")
    c["lone"] = add_comment(story, "Robin alone", name="Robin", email="robin@example.org")
    c["other"] = add_comment(story, "Kim's thread", name="Kim")
    return c


def page_of(client, story):
    return WagtailTestUtils.get_soup(client.get(story.url).content)


def test_a_removed_comment_with_replies_is_wiped_in_place_and_its_replies_stay(discussion):
    root, reply = discussion["root"], discussion["reply"]
    Reaction.objects.create(comment=root, visitor="u:1")
    Report.objects.create(comment=root, visitor="v", reason=Report.Reason.OTHER, note="quotes Elm Street")
    CommentEdit.objects.create(comment=root, previous_text="Elm Street 1", new_state=State.PUBLISHED)

    outcome = lifecycle.remove([root], removal=AUTHOR)

    assert [change.comment.pk for change in outcome.moved] == [root.pk]
    row = Comment.objects.get(pk=root.pk)
    assert row.state == State.REMOVED and row.removal == AUTHOR and row.removed_at is not None
    assert (row.comment, row.html, row.user_name, row.user_email, row.ip_address, row.user_id) == (
        "",
        "",
        "",
        "",
        None,
        None,
    )
    assert (row.is_public, row.is_removed, row.like_count, row.commenter_key) == (False, True, 0, None)
    assert not Reaction.objects.filter(comment=root).exists()
    assert not Report.objects.filter(comment=root).exists()
    assert not CommentEdit.objects.filter(comment=root).exists()
    # Its place in the thread is kept: the reply keeps its parent, level and position.
    kept = Comment.objects.get(pk=reply.pk)
    assert (kept.state, kept.parent_id, kept.thread_id, kept.level, kept.order) == (
        State.PUBLISHED,
        root.pk,
        root.thread_id,
        reply.level,
        reply.order,
    )
    labels = ModelLogEntry.objects.filter(object_id=str(root.pk), content_type__model="comment")
    assert labels.exists() and "Elm" not in " ".join(labels.values_list("label", flat=True))


def test_a_removed_comment_without_replies_is_deleted(discussion):
    lifecycle.remove([discussion["lone"]], removal=AUTHOR)
    assert not Comment.objects.filter(pk=discussion["lone"].pk).exists()


def test_removal_is_final(discussion):
    root = discussion["root"]
    lifecycle.remove([root], removal=AUTHOR)
    root.refresh_from_db()
    for state in (State.PUBLISHED, State.HELD, State.REJECTED, State.SPAM):
        outcome = lifecycle.transition([root], state)
        assert "removed at its author's request" in outcome.refused[root.pk]
    with pytest.raises(actions.ActionRefused):
        actions.restore(root, UserFactory(is_superuser=True))
    assert Comment.objects.get(pk=root.pk).state == State.REMOVED


def test_a_removal_needs_its_reason_and_only_goes_with_the_removed_state(discussion):
    with pytest.raises(ValueError):
        lifecycle.transition([discussion["root"]], State.REMOVED)
    with pytest.raises(ValueError):
        lifecycle.transition([discussion["root"]], State.REJECTED, removal=AUTHOR)


def test_erasure_tombstones_the_commenters_comments_with_replies_and_deletes_the_others(discussion):
    count = actions.erase_commenter("ROBIN@example.org", UserFactory(is_superuser=True))
    assert count == 3
    states = dict(Comment.objects.values_list("pk", "state"))
    assert states[discussion["root"].pk] == State.REMOVED
    assert Comment.objects.get(pk=discussion["root"].pk).removal == Comment.Removal.ERASURE
    assert discussion["deep"].pk not in states and discussion["lone"].pk not in states
    assert states[discussion["reply"].pk] == State.PUBLISHED
    assert not Comment.objects.filter(user_email__iexact="robin@example.org").exists()


def test_the_thread_shows_the_tombstone_in_place_and_counts_only_published_comments(client, story, discussion):
    lifecycle.remove([discussion["root"], discussion["deep"]], removal=AUTHOR)
    page = thread.thread_page(story)
    assert page.total == 3  # sam's reply, robin's lone comment, kim's thread
    roots = [t.root.pk for t in page.threads]
    assert discussion["root"].pk in roots
    tombstone_thread = page.threads[roots.index(discussion["root"].pk)]
    assert [r.pk for r in tombstone_thread.replies] == [discussion["reply"].pk]
    assert tombstone_thread.more_replies == 0

    soup = page_of(client, story)
    tombstone = soup.select_one(f"#c{discussion['root'].pk}")
    assert "Removed at the author's request" in tombstone.get_text()
    assert tombstone.select("a, footer") == []  # nothing to like, report or answer
    assert soup.select_one(f"#c{discussion['reply'].pk}") is not None
    assert "Elm Street" not in soup.get_text()


def test_a_removed_top_level_comment_without_published_replies_is_not_shown(story, discussion):
    lifecycle.transition([discussion["reply"]], State.REJECTED, reason="Rude")
    lifecycle.remove([discussion["root"]], removal=AUTHOR)
    assert Comment.objects.get(pk=discussion["root"].pk).state == State.REMOVED  # it has a (rejected) reply
    assert discussion["root"].pk not in [t.root.pk for t in thread.thread_page(story).threads]
    assert thread.single_thread(story, discussion["root"].thread_id) is None


def test_tombstones_cost_no_extra_query(story, discussion):
    with CaptureQueriesContext(connection) as before:
        thread.thread_page(story)
    lifecycle.remove([discussion["root"]], removal=AUTHOR)
    with CaptureQueriesContext(connection) as after:
        thread.thread_page(story)
    assert len(after) == len(before)


def test_insights_do_not_count_tombstones(story, discussion):
    start, end = timezone.now() - timezone.timedelta(days=7), timezone.now() + timezone.timedelta(days=1)
    before = metrics.compute(None, start, end)
    lifecycle.remove([discussion["root"]], removal=AUTHOR)
    after = metrics.compute(None, start, end)
    moderation_rows = {row[0]: row[1] for row in after.tables["moderation"].rows}
    assert sum(moderation_rows.values()) == 4
    assert (
        sum(row[1] for row in after.tables["weekly"].rows) == sum(row[1] for row in before.tables["weekly"].rows) - 1
    )


def confirm_payload(story, **fields):
    """What the comment form signs into a guest's confirmation link."""
    return {
        "story": story.pk,
        "parent": 0,
        "followup": False,
        "ip": "127.0.0.1",
        "at": timezone.now().isoformat(),
    } | fields


def test_confirmation_links_are_single_use_and_die_with_erasure(client, story):
    key = make_confirm_key(confirm_payload(story, name="Robin", email="Robin@example.org", text="Kept once."))
    link = f"/en/comments/confirm/{key}/"
    assert ConfirmationKey.objects.get().used_at is None
    assert client.get(link).status_code == 302
    assert Client().get(link).status_code == 302  # again, from anywhere: the same comment
    assert Comment.objects.filter(comment="Kept once.").count() == 1
    assert ConfirmationKey.objects.get().comment.comment == "Kept once."

    actions.erase_commenter("robin@example.org", UserFactory(is_superuser=True))
    assert not ConfirmationKey.objects.exists()
    response = client.get(link)
    assert response.status_code == 410
    assert not Comment.objects.filter(comment="Kept once.").exists()


def test_a_signed_key_that_was_never_handed_out_stores_nothing(client, story):
    from django.core import signing

    from moderation.discussion.confirmation import CONFIRM_SALT

    payload = confirm_payload(story, name="Mallory", email="m@example.org", text="Forged with the key.")
    response = client.get(f"/en/comments/confirm/{signing.dumps(payload, salt=CONFIRM_SALT, compress=True)}/")
    assert response.status_code == 410
    assert not Comment.objects.exists()


def test_the_rest_of_a_thread_under_a_tombstone_opens_on_the_story_page(client, story):
    root = add_comment(story, "Robin asks", name="Robin", email="robin@example.org")
    replies = [add_comment(story, f"Answer {n}", parent=root, name="Sam") for n in range(thread.REPLIES_SHOWN + 2)]
    lifecycle.remove([root], removal=AUTHOR)
    more = page_of(client, story).select_one(".more-replies")
    assert not more.has_attr("data-more-replies")
    whole = WagtailTestUtils.get_soup(client.get(more["href"]).content)
    assert all(whole.select_one(f"#c{reply.pk}") is not None for reply in replies)
    assert "Removed at the author's request" in whole.select_one(f"#c{root.pk}").get_text()
