"""Bulk approve, reject and spam through Wagtail's bulk-action URLs, forged selections, and
``actions.change_states`` (one ``lifecycle.transition``) in a fixed number of queries."""

import math

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_comments_xtd.models import XtdComment
from wagtail.models import ModelLogEntry
from wagtail.test.utils import WagtailTestUtils

from moderation import actions
from moderation.models import Comment, ModerationSettings
from tests.moderation.test_actions import assert_not_found
from tests.stories.comment_helpers import add_comment, models_save

State = Comment.State
NEXT = "/admin/moderation/pending/"
soup_of = WagtailTestUtils.get_soup


@pytest.fixture(autouse=True)
def _each_test_in_a_savepoint(db):
    """The module's ``world`` keeps the database open: every test still rolls back its own changes."""


def bulk_url(action, ids, next_url=NEXT, **params):
    query = "&".join([*(f"id={pk}" for pk in ids), f"next={next_url}", *(f"{k}={v}" for k, v in params.items())])
    return f"/admin/bulk/moderation/comment/{action}/?{query}"


def held_comments(story, count, prefix="Held"):
    return [add_comment(story, f"{prefix} comment {n}", state=State.HELD, name=f"{prefix}{n}") for n in range(count)]


def snapshot():
    return {
        "comments": sorted(
            Comment.objects.values_list("pk", "state", "hidden_with_id", "rejection_reason", "moderated_by_id")
        ),
        "log_entries": ModelLogEntry.objects.count(),
    }


def messages_of(response):
    return [str(message).strip() for message in get_messages(response.wsgi_request)]


def items_of(response):
    soup = soup_of(response.content)
    return (
        [int(li["data-comment"]) for li in soup.select("[data-bulk-items] li")],
        [int(li["data-comment"]) for li in soup.select("[data-bulk-no-access] li")],
    )


ACTIONS = [("approve", State.PUBLISHED), ("reject", State.REJECTED), ("spam", State.SPAM)]


class TestBulkActions:
    @pytest.mark.parametrize(("action", "state"), ACTIONS)
    def test_the_confirmation_lists_the_selection_and_changes_nothing(self, world, mod_client, action, state):
        comments = held_comments(world.story_a, 3)
        before = snapshot()
        response = mod_client.get(bulk_url(action, [c.pk for c in comments]))
        assert response.status_code == 200
        assert items_of(response) == ([c.pk for c in comments], [])
        soup = soup_of(response.content)
        assert "Held comment 0" in soup.select_one("[data-bulk-items]").get_text()
        assert soup.select_one("form[method=POST]")["action"].startswith(f"/admin/bulk/moderation/comment/{action}/")
        assert (soup.select_one("input[name=reason]") is not None) is (action == "reject")
        assert snapshot() == before

    @pytest.mark.parametrize(("action", "state"), ACTIONS)
    def test_post_applies_and_audits_each_comment(self, world, mod_client, moderator, action, state):
        comments = held_comments(world.story_a, 3)
        untouched = held_comments(world.story_a, 1, prefix="Other")[0]
        data = {"reason": "Off-topic"} if action == "reject" else {}
        response = mod_client.post(bulk_url(action, [c.pk for c in comments]), data)
        assert response.status_code == 302
        assert response["Location"] == NEXT
        done = {"approve": "approved and published", "reject": "rejected", "spam": "marked as spam"}[action]
        assert f"3 comments {done}." in messages_of(response)
        for comment in comments:
            comment.refresh_from_db()
            assert comment.state == state and comment.moderated_by == moderator
            entry = ModelLogEntry.objects.for_instance(comment).order_by("-pk").first()
            assert entry.action == f"townsquare_comment.{state}" and entry.user == moderator
            assert entry.data == {
                "old_state": "held",
                "new_state": state,
                "reason": data.get("reason", ""),
            }
        if action == "reject":
            assert {c.rejection_reason for c in comments} == {"Off-topic"}
        untouched.refresh_from_db()
        assert untouched.state == State.HELD

    def test_reject_without_a_reason_is_a_form_error(self, world, mod_client):
        comments = held_comments(world.story_a, 2)
        before = snapshot()
        for data in ({}, {"reason": "   "}):
            response = mod_client.post(bulk_url("reject", [c.pk for c in comments]), data)
            assert response.status_code == 200
            errors = [p.get_text(strip=True) for p in soup_of(response.content).select(".w-field .error-message")]
            assert errors == ["Say why this comment is rejected: the reason is kept in its history."]
        assert snapshot() == before

    def test_reject_without_a_reason_when_the_settings_allow_it(self, world, mod_client):
        settings = ModerationSettings.load()
        settings.require_rejection_reason = False
        settings.save()
        comments = held_comments(world.story_a, 2)
        response = mod_client.post(bulk_url("reject", [c.pk for c in comments]), {})
        assert response.status_code == 302
        assert set(Comment.objects.filter(pk__in=[c.pk for c in comments]).values_list("state", flat=True)) == {
            State.REJECTED
        }

    def test_bulk_hiding_takes_published_replies_along_and_publishing_brings_them_back(self, world, mod_client):
        root = add_comment(world.story_a, "Root", state=State.PUBLISHED, name="Root")
        reply = add_comment(world.story_a, "Reply", parent=root, state=State.PUBLISHED, name="Reply")
        deeper = add_comment(world.story_a, "Deeper", parent=reply, state=State.PUBLISHED, name="Deeper")
        assert mod_client.post(bulk_url("spam", [root.pk]), {}).status_code == 302
        rows = Comment.objects.in_bulk([root.pk, reply.pk, deeper.pk])
        assert rows[root.pk].state == State.SPAM
        assert [(rows[c.pk].state, rows[c.pk].hidden_with_id) for c in (reply, deeper)] == [(State.HELD, root.pk)] * 2
        assert mod_client.post(bulk_url("approve", [root.pk]), {}).status_code == 302
        rows = Comment.objects.in_bulk([root.pk, reply.pk, deeper.pk])
        assert {(row.state, row.hidden_with_id) for row in rows.values()} == {(State.PUBLISHED, None)}


class TestForgedSelections:
    @pytest.mark.parametrize("ids", [["abc"], ["1 OR 1=1"], ["-1"], ["1.5"], ["COMMENT", "x"], ["99999999"]])
    @pytest.mark.parametrize("method", ["get", "post"])
    def test_ids_that_are_not_comments_are_refused(self, world, mod_client, ids, method):
        comment = held_comments(world.story_a, 1)[0]
        ids = [str(comment.pk) if pk == "COMMENT" else pk for pk in ids]
        before = snapshot()
        response = getattr(mod_client, method)(bulk_url("approve", ids))
        assert_not_found(mod_client, response)
        assert snapshot() == before

    def test_another_hubs_comments_are_out_of_reach(self, world, mod_client):
        theirs = held_comments(world.story_b, 2, prefix="Theirs")
        mine = held_comments(world.story_a, 1, prefix="Mine")[0]
        ids = [c.pk for c in theirs] + [mine.pk]

        response = mod_client.get(bulk_url("spam", ids))
        assert response.status_code == 200
        assert items_of(response) == ([mine.pk], [c.pk for c in theirs])
        text = soup_of(response.content).get_text()
        assert "Theirs comment" not in text and "Theirs0" not in text

        response = mod_client.post(bulk_url("spam", ids), {})
        assert response.status_code == 302
        assert "1 comment marked as spam." in messages_of(response)
        mine.refresh_from_db()
        assert mine.state == State.SPAM
        assert set(Comment.objects.filter(pk__in=[c.pk for c in theirs]).values_list("state", flat=True)) == {
            State.HELD
        }
        assert not ModelLogEntry.objects.filter(
            object_id__in=[str(c.pk) for c in theirs], action="townsquare_comment.spam"
        ).exists()

    def test_only_another_hubs_comments_changes_nothing(self, world, mod_client):
        theirs = held_comments(world.story_b, 2, prefix="Theirs")
        before = snapshot()
        response = mod_client.post(bulk_url("approve", [c.pk for c in theirs]), {})
        assert response.status_code == 302
        assert "0 comments approved and published." in messages_of(response)
        assert snapshot() == before

    @pytest.mark.parametrize("method", ["get", "post"])
    def test_more_than_a_thousand_ids_are_refused(self, world, mod_client, method):
        comment = held_comments(world.story_a, 1)[0]
        before = snapshot()
        response = getattr(mod_client, method)(bulk_url("approve", [comment.pk] * 1001))
        assert_not_found(mod_client, response)
        assert snapshot() == before


class TestSelectAllInListing:
    """bulk-actions.js sends ``id=all`` with the listing's own query string and ``next`` = the listing."""

    @pytest.fixture
    def queue(self, world):
        pending_en = held_comments(world.story_a, 3, prefix="English")
        pending_fr = held_comments(world.story_a, 2, prefix="French")
        Comment.objects.filter(pk__in=[c.pk for c in pending_fr]).update(language="fr")
        rejected = add_comment(world.story_a, "Rejected", state=State.REJECTED, name="Rejected")
        spam = add_comment(world.story_a, "Spam", state=State.SPAM, name="Spam")
        theirs = held_comments(world.story_b, 2, prefix="Theirs")
        return {"en": pending_en, "fr": pending_fr, "untouched": [rejected, spam, *theirs]}

    def test_all_means_the_queue_that_was_shown(self, mod_client, queue):
        before = {c.pk: c.state for c in queue["untouched"]}
        response = mod_client.post(bulk_url("approve", ["all"], NEXT), {})
        assert response.status_code == 302
        assert "5 comments approved and published." in messages_of(response)
        changed = [*queue["en"], *queue["fr"]]
        assert set(Comment.objects.filter(pk__in=[c.pk for c in changed]).values_list("state", flat=True)) == {
            State.PUBLISHED
        }
        assert dict(Comment.objects.filter(pk__in=before).values_list("pk", "state")) == before

    def test_all_keeps_the_listings_filters(self, mod_client, queue):
        response = mod_client.get(bulk_url("reject", ["all"], f"{NEXT}?language=fr", language="fr"))
        assert response.status_code == 200
        assert sorted(items_of(response)[0]) == sorted(c.pk for c in queue["fr"])
        response = mod_client.post(bulk_url("reject", ["all"], f"{NEXT}?language=fr", language="fr"), {"reason": "x"})
        assert response.status_code == 302
        assert set(Comment.objects.filter(pk__in=[c.pk for c in queue["fr"]]).values_list("state", flat=True)) == {
            State.REJECTED
        }
        assert set(Comment.objects.filter(pk__in=[c.pk for c in queue["en"]]).values_list("state", flat=True)) == {
            State.HELD
        }

    @pytest.mark.parametrize(
        "next_url", ["/admin/", "/admin/moderation/log/", "https://evil.example/admin/moderation/pending/"]
    )
    def test_all_without_a_queue_is_refused(self, mod_client, queue, next_url):
        before = snapshot()
        assert_not_found(mod_client, mod_client.post(bulk_url("approve", ["all"], next_url), {}))
        assert snapshot() == before


def test_the_confirmation_page_runs_the_same_queries_for_5_and_50_comments(world, mod_client):
    counts = {}
    comments = []
    for size in (5, 50):
        comments += many_comments(world, size - len(comments), State.HELD)
        url = bulk_url("approve", [c.pk for c in comments])
        mod_client.get(url)
        with CaptureQueriesContext(connection) as context:
            response = mod_client.get(url)
        assert len(items_of(response)[0]) == size
        counts[size] = len(context)
    print(f"bulk confirmation page queries: {counts}")
    assert counts[5] == counts[50]


def many_comments(world, count, state):
    """``count`` top-level comments in hub A, written straight to the tables (no policy)."""
    made = []
    for n in range(count):
        comment = Comment(
            content_object=world.story_a,
            page=world.story_a,
            hub=world.hub_a,
            site_id=1,
            user_name=f"Visitor {n}",
            user_email=f"v{n}@example.org",
            comment=f"Comment {n}",
            html=f"<p>Comment {n}</p>",
            submit_date=timezone.now(),
            state=state,
            language="en",
        )
        models_save(comment)
        made.append(comment)
    XtdComment.objects.filter(pk__in=[c.pk for c in made]).update(
        thread_id=F("comment_ptr_id"), parent_id=F("comment_ptr_id")
    )
    for comment in made:
        comment.thread_id = comment.parent_id = comment.pk
    return made


@pytest.mark.parametrize(("start", "new_state"), [(State.HELD, State.PUBLISHED), (State.PUBLISHED, State.REJECTED)])
def test_change_states_changes_500_comments_in_a_fixed_number_of_queries(world, start, new_state):
    moderator = world.users["moderator_a"]
    actions.change_states(many_comments(world, 2, start), new_state, user=moderator, reason="warm up")
    comments = many_comments(world, 500, start)
    if start == State.PUBLISHED:
        # Each of the first 50 has a published reply, hidden along with it.
        replies = []
        for root in comments[:50]:
            reply = Comment(
                content_object=world.story_a,
                page=world.story_a,
                hub=world.hub_a,
                site_id=1,
                user_name="Replier",
                user_email="replier@example.org",
                comment="Reply",
                html="<p>Reply</p>",
                submit_date=timezone.now(),
                state=State.PUBLISHED,
                language="en",
                thread_id=root.pk,
                parent_id=root.pk,
                level=1,
                order=2,
            )
            models_save(reply)
            replies.append(reply)
    log_before = ModelLogEntry.objects.count()

    with CaptureQueriesContext(connection) as context:
        outcome = actions.change_states(comments, new_state, user=moderator, reason="Bulk")

    queries = [query["sql"] for query in context.captured_queries]
    inserts = [sql for sql in queries if sql.startswith('INSERT INTO "wagtailcore_modellogentry"')]
    print(f"change_states {start} -> {new_state} on 500 comments ({connection.vendor}): {len(queries)} queries")
    assert len(queries) - len(inserts) <= 9  # savepoint, lock, updates, descendants, release
    if connection.vendor == "sqlite":
        # Django caps a SQLite statement at 999 parameters: the one bulk INSERT of 500 entries
        # (11 columns each) goes in batches of 90. PostgreSQL takes it in one.
        assert len(inserts) == math.ceil((500 + (50 if start == State.PUBLISHED else 0)) / (999 // 11))
    else:
        assert len(inserts) == 1
        assert len(queries) <= 10
    assert len(outcome.moved) == 500
    assert Comment.objects.filter(pk__in=[c.pk for c in comments], state=new_state).count() == 500
    cascaded = 50 if start == State.PUBLISHED else 0
    # One entry per comment changed, the replies hidden with their parents included.
    assert ModelLogEntry.objects.count() == log_before + 500 + cascaded
    assert (
        ModelLogEntry.objects.filter(
            object_id__in=[str(c.pk) for c in comments], action=f"townsquare_comment.{new_state}", user=moderator
        ).count()
        == 500
    )
    if start == State.PUBLISHED:
        hidden = Comment.objects.filter(pk__in=[r.pk for r in replies])
        assert {(r.state, r.hidden_with_id) for r in hidden} == {(State.HELD, r.parent_id) for r in hidden}
        assert hidden.filter(state=State.HELD).count() == 50
        entries = ModelLogEntry.objects.filter(
            object_id__in=[str(r.pk) for r in replies], action="townsquare_comment.held"
        )
        assert {(e.object_id, e.data["cascaded_from"], e.user_id) for e in entries} == {
            (str(r.pk), r.parent_id, moderator.pk) for r in replies
        }

    # Applied again, nothing is left to change: each comment is refused by name, no entries.
    outcome = actions.change_states(comments, new_state, user=moderator)
    assert not outcome.changes
    assert set(outcome.refused) == {c.pk for c in comments}
    assert ModelLogEntry.objects.count() == log_before + 500 + cascaded
