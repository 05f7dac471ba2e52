"""Each moderation action through its URL: its effect, its audit entry, and what it refuses.

Audit entries are Wagtail ``ModelLogEntry`` rows for the comment, action
``townsquare_comment.<state>``, with ``old_state``/``new_state``/``reason`` and the acting user.
"""

import math

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_comments_xtd.models import XtdComment
from wagtail.models import ModelLogEntry
from wagtail.test.utils import WagtailTestUtils

from moderation import actions, lifecycle, policy
from moderation.models import BlockedCommenter, Comment, ModerationSettings
from moderation.queues import QUEUES
from tests.stories.comment_helpers import add_comment, models_save

State = Comment.State
JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture(autouse=True)
def _each_test_in_a_savepoint(db):
    """The module's ``world`` keeps the database open: every test still rolls back its own changes."""


def comment_in(world, state, *, text="Which seeds grow in shade?", email="robin@example.org", **kwargs):
    return add_comment(world.story_a, text, state=state, name="Robin", email=email, **kwargs)


def act(client, comment, action, json=True, **data):
    return client.post(f"/admin/moderation/{comment.pk}/{action}/", data, **(JSON if json else {}))


def entries(comment):
    return list(ModelLogEntry.objects.for_instance(comment).order_by("pk"))


def snapshot():
    return {
        "comments": sorted(
            Comment.objects.values_list(
                "pk",
                "state",
                "hidden_with_id",
                "answered_at",
                "assignee_id",
                "assignment_note",
                "rejection_reason",
                "moderated_by_id",
                "is_public",
                "is_removed",
            )
        ),
        "log_entries": ModelLogEntry.objects.count(),
        "blocked": BlockedCommenter.objects.count(),
    }


def assert_audited(comment, moderator, old_state, new_state, reason=""):
    entry = entries(comment)[-1]
    assert entry.action == f"townsquare_comment.{new_state}"
    assert entry.user_id == moderator.pk
    assert entry.data["old_state"] == old_state
    assert entry.data["new_state"] == new_state
    assert entry.data["reason"] == reason


def assert_not_found(client, response):
    """A plain 404: admin URLs are never redirected under a language prefix."""
    assert response.status_code == 404


def in_queue(slug, comment):
    return Comment.objects.filter(QUEUES[slug].condition, pk=comment.pk).exists()


def messages_of(response):
    from django.contrib.messages import get_messages

    return [str(message).strip() for message in get_messages(response.wsgi_request)]


class TestStateChanges:
    def test_approve_publishes_and_audits(self, world, mod_client, moderator):
        comment = comment_in(world, State.HELD)
        before = len(entries(comment))
        response = act(mod_client, comment, "approve", expected_state="held")
        assert response.status_code == 200
        assert response.json() == {
            "ok": True,
            "message": "Comment approved and published.",
            "state": "published",
            "state_label": "Published",
        }
        comment.refresh_from_db()
        assert comment.state == State.PUBLISHED and comment.is_public and not comment.is_removed
        assert comment.moderated_by == moderator and comment.moderated_at is not None
        assert len(entries(comment)) == before + 1
        assert_audited(comment, moderator, "held", "published")

    def test_reject_needs_a_reason_by_default(self, world, mod_client):
        comment = comment_in(world, State.HELD)
        before = snapshot()
        for reason in ("", "   "):
            response = act(mod_client, comment, "reject", reason=reason)
            assert response.status_code == 400
            assert response.json()["ok"] is False
            assert response.json()["message"] == "Say why this comment is rejected: the reason is kept in its history."
            assert response.json()["state"] == "held"
        assert snapshot() == before

    def test_reject_without_reason_from_a_form_says_why(self, world, mod_client):
        comment = comment_in(world, State.HELD)
        before = snapshot()
        response = act(mod_client, comment, "reject", json=False, next="/admin/moderation/pending/")
        assert response.status_code == 302
        assert response["Location"] == "/admin/moderation/pending/"
        assert "Say why this comment is rejected: the reason is kept in its history." in messages_of(response)
        assert snapshot() == before

    def test_reject_with_reason(self, world, mod_client, moderator):
        comment = comment_in(world, State.HELD)
        response = act(mod_client, comment, "reject", reason="  Off-topic  ")
        assert response.status_code == 200 and response.json()["state"] == "rejected"
        comment.refresh_from_db()
        assert comment.state == State.REJECTED and comment.is_removed and not comment.is_public
        assert comment.rejection_reason == "Off-topic"
        assert_audited(comment, moderator, "held", "rejected", "Off-topic")
        history = WagtailTestUtils.get_soup(mod_client.get(f"/admin/moderation/{comment.pk}/").content)
        latest = history.select("table.listing tbody tr")[0].get_text(" ", strip=True)
        assert "moderator_a" in latest and "held → rejected · Off-topic" in latest

    def test_reject_without_reason_when_the_settings_allow_it(self, world, mod_client, moderator):
        settings = ModerationSettings.load()
        settings.require_rejection_reason = False
        settings.save()
        comment = comment_in(world, State.HELD)
        response = act(mod_client, comment, "reject")
        assert response.status_code == 200
        comment.refresh_from_db()
        assert comment.state == State.REJECTED
        assert_audited(comment, moderator, "held", "rejected", "")

    def test_spam(self, world, mod_client, moderator):
        comment = comment_in(world, State.PUBLISHED)
        response = act(mod_client, comment, "spam")
        assert response.status_code == 200 and response.json()["state"] == "spam"
        comment.refresh_from_db()
        assert comment.state == State.SPAM and comment.is_removed
        assert_audited(comment, moderator, "published", "spam")

    @pytest.mark.parametrize(
        ("start", "action", "data", "after"),
        [
            (State.HELD, "approve", {}, State.PUBLISHED),
            (State.HELD, "reject", {"reason": "Rude"}, State.REJECTED),
            (State.HELD, "spam", {}, State.SPAM),
            (State.PUBLISHED, "reject", {"reason": "Rude"}, State.REJECTED),
            (State.PUBLISHED, "spam", {}, State.SPAM),
            (State.REJECTED, "approve", {}, State.PUBLISHED),
            (State.SPAM, "approve", {}, State.PUBLISHED),
        ],
    )
    def test_undo_returns_to_the_previous_state(self, world, mod_client, moderator, start, action, data, after):
        comment = comment_in(world, start)
        assert act(mod_client, comment, action, **data).status_code == 200
        comment.refresh_from_db()
        assert comment.state == after
        response = act(mod_client, comment, "restore")
        assert response.status_code == 200, response.json()
        assert response.json()["state"] == start
        comment.refresh_from_db()
        assert comment.state == start
        assert_audited(comment, moderator, after, start, "Undone")

    def test_undo_without_an_earlier_state_is_refused(self, world, mod_client):
        comment = comment_in(world, State.HELD)  # only its creation is logged
        before = snapshot()
        response = act(mod_client, comment, "restore")
        assert response.status_code == 400
        assert response.json()["message"] == "There is no earlier state to go back to."
        assert snapshot() == before

    def test_acting_twice_answers_409_and_changes_nothing(self, world, mod_client, moderator):
        comment = comment_in(world, State.HELD)
        assert act(mod_client, comment, "approve").status_code == 200
        before = snapshot()
        response = act(mod_client, comment, "approve")
        assert response.status_code == 409
        assert "already" in response.json()["message"]
        assert response.json()["message"] == (
            f"Nothing changed: comment {comment.pk} (Robin) is already published, by moderator_a."
        )
        assert snapshot() == before
        # A conflict by type, not by its (translated) wording.
        with pytest.raises(actions.AlreadyDone):
            actions.approve(comment, moderator)
        assert snapshot() == before

    def test_acting_twice_from_a_form_says_already(self, world, mod_client):
        comment = comment_in(world, State.HELD)
        act(mod_client, comment, "spam")
        before = snapshot()
        response = act(mod_client, comment, "spam", json=False)
        assert response.status_code == 302
        assert any("already" in text for text in messages_of(response))
        assert snapshot() == before

    def test_a_stale_expected_state_does_not_overrule_a_colleague(self, world, mod_client):
        comment = comment_in(world, State.HELD)
        actions.reject(comment, world.colleague, reason="Rude")  # decided while our page still said "held"
        before = snapshot()
        response = act(mod_client, comment, "approve", expected_state="held")
        assert response.status_code == 409
        assert response.json()["message"] == (
            f"Nothing changed: comment {comment.pk} (Robin) is already rejected, by colleague_a."
        )
        assert snapshot() == before

    def test_approving_a_reported_published_comment_dismisses_the_reports(self, world, mod_client):
        comment = comment_in(world, State.PUBLISHED)
        Comment.objects.filter(pk=comment.pk).update(report_count=2)
        assert in_queue("reported", comment)
        response = act(mod_client, comment, "approve", expected_state="published")
        assert response.status_code == 200
        assert response.json()["message"] == "Reports dismissed; the comment stays published."
        comment.refresh_from_db()
        assert comment.state == State.PUBLISHED and comment.report_count == 0
        assert not in_queue("reported", comment)

    @pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/admin/", "javascript:alert(1)"])
    def test_a_foreign_next_is_ignored(self, world, mod_client, next_url):
        comment = comment_in(world, State.HELD)
        response = act(mod_client, comment, "approve", json=False, next=next_url)
        assert response.status_code == 302
        assert response["Location"] == f"/admin/moderation/{comment.pk}/"

    def test_unknown_action_is_404(self, world, mod_client):
        comment = comment_in(world, State.HELD)
        before = snapshot()
        assert_not_found(mod_client, act(mod_client, comment, "publish"))
        assert_not_found(mod_client, act(mod_client, comment, "delete"))
        assert snapshot() == before

    def test_nonexistent_comment_is_404(self, world, mod_client):
        missing = Comment.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        assert_not_found(mod_client, mod_client.post(f"/admin/moderation/{missing + 1000}/approve/", **JSON))

    def test_an_admin_404_is_not_sent_to_a_language_prefix(self, world, mod_client):
        comment = comment_in(world, State.HELD)
        assert act(mod_client, comment, "publish").status_code == 404

    def test_actions_need_post(self, world, mod_client):
        comment = comment_in(world, State.HELD)
        assert mod_client.get(f"/admin/moderation/{comment.pk}/approve/").status_code == 405
        comment.refresh_from_db()
        assert comment.state == State.HELD

    def test_bad_expected_state_is_400(self, world, mod_client):
        comment = comment_in(world, State.HELD)
        before = snapshot()
        response = act(mod_client, comment, "approve", expected_state="deleted")
        assert response.status_code == 400
        assert response.json()["message"] == "Unknown state."
        assert snapshot() == before


class TestQuestions:
    def test_answer_as_team_publishes_a_staff_reply_and_answers_the_question(self, world, mod_client, moderator):
        question = comment_in(world, State.PUBLISHED)
        assert question.is_question
        assert in_queue("needs-response", question)

        response = act(mod_client, question, "answer", text="  Ferns do well in shade.  ")
        assert response.status_code == 200, response.json()
        reply = Comment.objects.get(parent_id=question.pk, level=1)
        assert reply.is_staff_answer and reply.staff_role == "Community team"
        assert reply.state == State.PUBLISHED and reply.user == moderator
        assert reply.comment == "Ferns do well in shade."
        assert reply.thread_id == question.thread_id
        question.refresh_from_db()
        assert question.answered_at is not None
        assert not in_queue("needs-response", question) and not in_queue("needs-response", reply)
        page = mod_client.get("/admin/moderation/needs-response/")
        assert f'data-comment="{question.pk}"' not in page.content.decode()

    def test_answer_is_refused_on_an_unpublished_comment_or_without_text(self, world, mod_client):
        held = comment_in(world, State.HELD)
        published = comment_in(world, State.PUBLISHED, email="sam@example.org")
        before = snapshot()
        response = act(mod_client, held, "answer", text="Hello")
        assert response.status_code == 400
        assert response.json()["message"] == "Publish the comment before answering it in public."
        response = act(mod_client, published, "answer", text="   ")
        assert response.status_code == 400
        assert response.json()["message"] == "Write the answer first."
        assert snapshot() == before

    def test_mark_answered_and_unanswered(self, world, mod_client, moderator):
        question = comment_in(world, State.PUBLISHED)

        assert act(mod_client, question, "answered").status_code == 200
        question.refresh_from_db()
        assert question.answered_at is not None and not in_queue("needs-response", question)
        assert entries(question)[-1].action == "townsquare_comment.answered"
        assert entries(question)[-1].user_id == moderator.pk

        assert act(mod_client, question, "unanswered").status_code == 200
        question.refresh_from_db()
        assert question.answered_at is None and in_queue("needs-response", question)
        assert entries(question)[-1].action == "townsquare_comment.unanswered"


class TestAssign:
    def test_assign_to_a_colleague_with_a_note(self, world, mod_client, moderator):
        comment = comment_in(world, State.HELD)
        response = act(mod_client, comment, "assign", assignee=str(world.colleague.pk), note="Knows ferns")
        assert response.status_code == 200
        assert response.json()["message"] == "Assigned to colleague_a."
        comment.refresh_from_db()
        assert comment.assignee == world.colleague and comment.assignment_note == "Knows ferns"
        entry = entries(comment)[-1]
        assert entry.action == "townsquare_comment.assigned" and entry.user_id == moderator.pk
        assert entry.data["assignee"] == world.colleague.pk and entry.data["note"] == "Knows ferns"

        assert act(mod_client, comment, "assign", assignee="").status_code == 200
        comment.refresh_from_db()
        assert comment.assignee is None

    @pytest.mark.parametrize("assignee", ["moderator_b", "visitor", "abc", "-1", "1.5", "999999"])
    def test_assign_refuses_anyone_but_a_colleague(self, world, mod_client, assignee):
        comment = comment_in(world, State.HELD)
        if assignee in world.users:
            assignee = str(world.users[assignee].pk)
        before = snapshot()
        response = act(mod_client, comment, "assign", assignee=assignee, note="x")
        assert response.status_code == 400
        assert response.json()["message"] == "Choose a colleague from the list."
        assert snapshot() == before


class TestBlockAndErase:
    def test_block_stores_hashes_rejects_and_keeps_rejecting(self, world, mod_client, moderator):
        comment = comment_in(world, State.HELD, email="Troll@Example.org")
        response = act(mod_client, comment, "block", reason="Spammer")
        assert response.status_code == 200
        block = BlockedCommenter.objects.get()
        assert block.email_hash == policy.hash_identifier("troll@example.org")
        assert block.ip_hash == policy.hash_identifier("127.0.0.1")
        assert block.blocked_by == moderator and block.reason == "Spammer"
        stored = " ".join(str(value) for value in BlockedCommenter.objects.values().get().values()).lower()
        assert "troll@example.org" not in stored and "127.0.0.1" not in stored
        comment.refresh_from_db()
        assert comment.state == State.REJECTED
        assert_audited(comment, moderator, "held", "rejected", "Spammer")
        assert ModelLogEntry.objects.for_instance(comment).filter(action="townsquare_comment.blocked").exists()

        again = lifecycle.create_comment(
            story=world.story_a,
            hub=world.hub_a,
            parent=None,
            user=None,
            name="Someone else",
            email="troll@example.org",
            text="Buy cheap seeds",
            followup=False,
            ip_address="203.0.113.9",
            site_id=1,
        )
        assert again.state == State.REJECTED
        assert "blocked" in [reason["code"] for reason in again.reasons]

    def test_a_block_covers_the_whole_mailbox_not_just_the_spelling_used(self, world, mod_client):
        comment = comment_in(world, State.HELD, email="Troll+Spam@Example.org")
        assert act(mod_client, comment, "block", reason="Spammer").status_code == 200
        assert BlockedCommenter.objects.get().email_hash == policy.hash_identifier("troll@example.org")
        for spelling in ("troll@example.org", "troll+other@example.org", "TROLL+spam@example.org"):
            again = lifecycle.create_comment(
                story=world.story_a,
                hub=world.hub_a,
                parent=None,
                user=None,
                name="Someone else",
                email=spelling,
                text="Buy cheap seeds",
                followup=False,
                ip_address="203.0.113.9",
                site_id=1,
            )
            assert again.state == State.REJECTED, spelling

    def test_erase_deletes_the_comments_and_anonymises_their_history(self, world, client):
        mine = [
            comment_in(world, State.PUBLISHED, text="My address is 1 Elm Street", email="robin@example.org"),
            comment_in(world, State.REJECTED, text="Call me on 555 0100", email="Robin@Example.org"),
        ]
        other = comment_in(world, State.PUBLISHED, text="Someone else", email="sam@example.org")
        mine_ids = [str(c.pk) for c in mine]
        assert ModelLogEntry.objects.filter(object_id__in=mine_ids).count() >= 4
        superuser = world.users["superuser"]
        client.force_login(superuser)

        response = client.post("/admin/moderation/erase/", {"email": "ROBIN@example.org", "confirm": "on"})
        assert response.status_code == 302
        assert "2 comments erased." in messages_of(response)
        assert not Comment.objects.filter(pk__in=[c.pk for c in mine]).exists()
        assert not XtdComment.objects.filter(pk__in=[c.pk for c in mine]).exists()
        assert Comment.objects.filter(pk=other.pk).exists()
        for entry in ModelLogEntry.objects.filter(object_id__in=mine_ids, content_type__model="comment"):
            assert entry.label == "erased comment" and entry.data == {}
        trail = " ".join(f"{e.label} {e.data}" for e in ModelLogEntry.objects.all()).lower()
        for secret in ("robin@example.org", "elm street", "555 0100"):
            assert secret not in trail
        assert (
            ModelLogEntry.objects.filter(action="townsquare_comment.erased", user=superuser).get().data["comments"]
            == 2
        )

    def test_erase_needs_confirmation(self, world, client):
        comment_in(world, State.PUBLISHED)
        client.force_login(world.users["superuser"])
        before = snapshot()
        response = client.post("/admin/moderation/erase/", {"email": "robin@example.org"})
        assert response.status_code == 400
        assert snapshot() == before


# ---------------------------------------------------------------------------
# Subtrees: hiding a comment hides its published replies; publishing it brings back exactly those.
# ---------------------------------------------------------------------------


@pytest.fixture
def thread(world):
    """root > a > a1 > a1x, root > a > a2 (rejected) > a2x, root > b > b1; and another thread."""
    c = {}
    c["root"] = comment_in(world, State.PUBLISHED, text="Root")
    c["a"] = comment_in(world, State.PUBLISHED, text="A", parent=c["root"])
    c["a1"] = comment_in(world, State.PUBLISHED, text="A1", parent=c["a"])
    c["a1x"] = comment_in(world, State.PUBLISHED, text="A1x", parent=c["a1"])
    c["a2"] = comment_in(world, State.PUBLISHED, text="A2", parent=c["a"])
    c["a2x"] = comment_in(world, State.PUBLISHED, text="A2x", parent=c["a2"])
    c["b"] = comment_in(world, State.PUBLISHED, text="B", parent=c["root"])
    c["b1"] = comment_in(world, State.PUBLISHED, text="B1", parent=c["b"])
    c["other"] = comment_in(world, State.PUBLISHED, text="Other")
    c["other1"] = comment_in(world, State.PUBLISHED, text="Other reply", parent=c["other"])
    # A reply rejected on its own first: its published reply goes with it.
    actions.reject(c["a2"], world.colleague, reason="Rude")
    assert [c[k].level for k in ("root", "a", "a1", "a1x")] == [0, 1, 2, 3]
    return c


def states(thread):
    rows = Comment.objects.in_bulk([c.pk for c in thread.values()])
    by_pk = {c.pk: name for name, c in thread.items()}
    return {
        name: (rows[c.pk].state, by_pk.get(rows[c.pk].hidden_with_id), rows[c.pk].is_public)
        for name, c in thread.items()
    }


def test_rejecting_a_root_hides_its_published_replies_and_approving_restores_exactly_those(
    world,
    mod_client,
    thread,
):
    start = states(thread)
    assert start["a2"] == (State.REJECTED, None, False)
    assert start["a2x"] == (State.HELD, "a2", False)

    assert act(mod_client, thread["root"], "reject", reason="Thread gone wrong").status_code == 200
    hidden = states(thread)
    assert hidden["root"] == (State.REJECTED, None, False)
    for name in ("a", "a1", "a1x", "b", "b1"):
        assert hidden[name] == (State.HELD, "root", False), name
    assert hidden["a2"] == start["a2"] and hidden["a2x"] == start["a2x"]
    assert hidden["other"] == start["other"] and hidden["other1"] == start["other1"]
    # Hidden replies wait for their root, not in the pending queue.
    pending = set(Comment.objects.filter(QUEUES["pending"].condition).values_list("pk", flat=True))
    assert pending.isdisjoint({thread[n].pk for n in ("a", "a1", "a1x", "b", "b1")})

    assert act(mod_client, thread["root"], "approve").status_code == 200
    assert states(thread) == start


def test_hiding_a_middle_reply_leaves_its_siblings(world, mod_client, thread):
    start = states(thread)
    assert act(mod_client, thread["a"], "spam").status_code == 200
    hidden = states(thread)
    assert hidden["a"][0] == State.SPAM
    assert hidden["a1"] == hidden["a1x"] == (State.HELD, "a", False)
    for name in ("root", "b", "b1", "a2", "a2x", "other", "other1"):
        assert hidden[name] == start[name], name
    assert act(mod_client, thread["a"], "restore").status_code == 200
    assert states(thread) == start


def big_thread(world, replies):
    """A published thread with ``replies`` published replies, three levels deep, written straight to the tables."""
    now = timezone.now()

    def new(**fields):
        comment = Comment(
            content_object=world.story_a,
            page=world.story_a,
            hub=world.hub_a,
            site_id=1,
            user_name="Visitor",
            user_email="visitor@example.org",
            comment="Hello",
            html="<p>Hello</p>",
            submit_date=now,
            state=State.PUBLISHED,
            language="en",
            **fields,
        )
        models_save(comment)
        return comment

    root = new()
    XtdComment.objects.filter(pk=root.pk).update(thread_id=root.pk, parent_id=root.pk)
    root.thread_id = root.parent_id = root.pk
    parents = {0: root}
    for n in range(replies):
        level = 1 + n % 3
        parents[level] = new(thread_id=root.pk, parent_id=parents[level - 1].pk, level=level, order=n + 2)
    return root


def test_set_state_runs_the_same_queries_for_5_and_500_replies(world):
    moderator = world.users["moderator_a"]
    warm_up = big_thread(world, 2)
    lifecycle.set_state(warm_up, State.REJECTED, actor=moderator, reason="warm up")
    lifecycle.set_state(warm_up, State.PUBLISHED, actor=moderator)

    counts = {}
    for size in (5, 500):
        root = big_thread(world, size)
        with CaptureQueriesContext(connection) as hide:
            assert lifecycle.set_state(root, State.REJECTED, actor=moderator, reason="Off-topic")
        assert Comment.objects.filter(hidden_with=root, state=State.HELD, is_public=False).count() == size
        with CaptureQueriesContext(connection) as restore:
            assert lifecycle.set_state(root, State.PUBLISHED, actor=moderator)
        assert Comment.objects.filter(thread_id=root.pk, state=State.PUBLISHED, is_public=True).count() == size + 1
        counts[size] = (len(hide), len(restore))
        # One audit entry per comment changed, the replies hidden or restored with it included:
        # one INSERT on PostgreSQL; SQLite takes at most 999 parameters a statement (90 entries).
        for context in (hide, restore):
            inserts = [q for q in context.captured_queries if 'INTO "wagtailcore_modellogentry"' in q["sql"]]
            assert len(inserts) == (math.ceil((size + 1) / 90) if connection.vendor == "sqlite" else 1)
            counts[size] += (len(context) - len(inserts),)
    print(f"set_state queries (hide, restore, hide without log inserts, restore without): {counts}")
    assert counts[5][2:] == counts[500][2:]
    if connection.vendor != "sqlite":
        assert counts[5] == counts[500]
    assert max(counts[500][2:]) <= 10
