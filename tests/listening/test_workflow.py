"""``listening.workflow``: marking, the order of statuses, the conditional update, routing, responses."""

import itertools

import pytest
from wagtail.models import ModelLogEntry

from listening import workflow
from listening.models import FeedbackItem
from listening.workflow import ALLOWED, FeedbackConflict, FeedbackRefused
from moderation.models import Comment
from tests.moderation.test_permissions import make_comment

Status = FeedbackItem.Status
ALL_PAIRS = list(itertools.product(Status.values, Status.values))


def feedback_entries(comment):
    return ModelLogEntry.objects.for_instance(comment).filter(action__startswith="townsquare_feedback.")


def put_in(item, status):
    """Force ``item`` into ``status`` (the starting point of a transition test)."""
    FeedbackItem.objects.filter(pk=item.pk).update(status=status)
    item.refresh_from_db()
    return item


class TestMark:
    def test_creates_a_new_item_copying_the_hub(self, comment, moderator, world):
        item = workflow.mark(comment, moderator, "complaint", team=world.hub_a.moderators_group)
        item.refresh_from_db()
        assert (item.kind, item.status, item.hub_id) == ("complaint", "new", world.hub_a.pk)
        assert item.team == world.hub_a.moderators_group and item.created_by == moderator
        assert comment.feedback == item
        entry = feedback_entries(comment).get()
        assert entry.action == "townsquare_feedback.marked" and entry.user == moderator
        assert entry.data["kind"] == "complaint"
        assert entry.message == "Marked as: Complaint"

    def test_twice_is_a_conflict(self, item, comment, moderator):
        with pytest.raises(FeedbackConflict, match="already marked"):
            workflow.mark(comment, moderator, "question")
        assert FeedbackItem.objects.filter(comment=comment).count() == 1

    @pytest.mark.parametrize("state", [Comment.State.HELD, Comment.State.REJECTED, Comment.State.SPAM])
    def test_only_published_comments(self, world, moderator, state):
        comment = make_comment(world.story_a, state)
        with pytest.raises(FeedbackRefused, match="Only a published comment"):
            workflow.mark(comment, moderator, "idea")
        assert not FeedbackItem.objects.exists()

    def test_unknown_kind(self, comment, moderator):
        with pytest.raises(FeedbackRefused, match="Choose feedback, idea"):
            workflow.mark(comment, moderator, "rant")
        assert not FeedbackItem.objects.exists()

    def test_team_and_assignee_must_belong_to_the_hub(self, comment, moderator, world):
        with pytest.raises(FeedbackRefused, match="hub's teams"):
            workflow.mark(comment, moderator, "idea", team=world.hub_b.moderators_group)
        with pytest.raises(FeedbackRefused, match="moderates this hub"):
            workflow.mark(comment, moderator, "idea", assignee=world.users["moderator_b"])
        with pytest.raises(FeedbackRefused, match="moderates this hub"):
            workflow.mark(comment, moderator, "idea", assignee=world.users["editor_a"])
        assert not FeedbackItem.objects.exists()
        item = workflow.mark(comment, moderator, "idea", assignee=world.colleague)
        assert item.assignee == world.colleague


class TestTransitions:
    @pytest.mark.parametrize(("old", "new"), ALL_PAIRS)
    def test_every_pair(self, item, moderator, old, new):
        put_in(item, old)
        if new in ALLOWED[old]:
            workflow.move(item, moderator, new)
            item.refresh_from_db()
            assert item.status == new
            entry = feedback_entries(item.comment).get(action="townsquare_feedback.status")
            assert entry.data == {"old_status": old, "new_status": new}
            assert entry.user == moderator
        else:
            error = FeedbackConflict if old == new else FeedbackRefused
            with pytest.raises(error) as refusal:
                workflow.move(item, moderator, new)
            item.refresh_from_db()
            assert item.status == old
            assert not feedback_entries(item.comment).filter(action="townsquare_feedback.status").exists()
            if old != new:
                # The message names both statuses.
                assert f"is {Status(old).label.lower()} cannot become {Status(new).label.lower()}" in str(
                    refusal.value
                )

    def test_the_transition_table(self):
        allowed = {(old, new) for old, targets in ALLOWED.items() for new in targets}
        assert allowed == {
            ("new", "acknowledged"),
            ("new", "declined"),
            ("acknowledged", "planned"),
            ("acknowledged", "done"),
            ("acknowledged", "declined"),
            ("planned", "done"),
            ("planned", "declined"),
            ("declined", "acknowledged"),
        }

    def test_out_of_order_message(self, item, moderator):
        with pytest.raises(FeedbackRefused) as refusal:
            workflow.move(item, moderator, "done")
        assert str(refusal.value) == "A feedback item that is new cannot become done: acknowledge it first."
        put_in(item, "declined")
        with pytest.raises(FeedbackRefused, match="reopen it first"):
            workflow.move(item, moderator, "planned")

    def test_unknown_status(self, item, moderator):
        for status in ("archived", "", "\x00"):
            with pytest.raises(FeedbackRefused, match="Unknown status"):
                workflow.move(item, moderator, status)
        with pytest.raises(FeedbackRefused, match="Unknown status"):
            workflow.move(item, moderator, "acknowledged", expected_status="limbo")

    def test_status_with_a_response(self, item, moderator):
        workflow.move(item, moderator, "acknowledged", response="  Thanks, we are on it.  ")
        item.refresh_from_db()
        assert item.public_response == "Thanks, we are on it." and item.public_response_by == moderator
        entry = feedback_entries(item.comment).get(action="townsquare_feedback.status")
        assert entry.data["response"] == "Thanks, we are on it."

    def test_status_changed_at_moves(self, item, moderator):
        before = item.status_changed_at
        workflow.move(item, moderator, "acknowledged")
        item.refresh_from_db()
        assert item.status_changed_at > before


class TestConcurrency:
    def test_two_moderators_at_once_one_wins(self, item, moderator, world):
        """Both saw "new"; the first acknowledges, the second (stale) one is a conflict and changes nothing."""
        first = FeedbackItem.objects.get(pk=item.pk)
        second = FeedbackItem.objects.get(pk=item.pk)
        workflow.move(first, moderator, "acknowledged", expected_status="new")
        with pytest.raises(FeedbackConflict, match="already acknowledged"):
            workflow.move(second, world.colleague, "acknowledged", expected_status="new")
        with pytest.raises(FeedbackConflict):
            workflow.move(second, world.colleague, "declined", expected_status="new")
        item.refresh_from_db()
        assert item.status == "acknowledged"
        assert feedback_entries(item.comment).filter(action="townsquare_feedback.status").count() == 1

    def test_stale_in_memory_status_is_a_conflict(self, item, moderator):
        stale = FeedbackItem.objects.get(pk=item.pk)
        workflow.move(item, moderator, "declined")
        with pytest.raises(FeedbackConflict):
            workflow.move(stale, moderator, "acknowledged")
        item.refresh_from_db()
        assert item.status == "declined"


class TestAssignAndRespond:
    def test_assign_and_clear(self, item, moderator, world):
        workflow.assign(item, moderator, team=world.hub_a.owners_group, assignee=world.colleague)
        item.refresh_from_db()
        assert (item.team, item.assignee) == (world.hub_a.owners_group, world.colleague)
        workflow.assign(item, moderator)
        item.refresh_from_db()
        assert (item.team, item.assignee) == (None, None)
        messages = [entry.message for entry in feedback_entries(item.comment).filter(action__endswith=".assigned")]
        assert messages == [
            "Feedback unassigned",
            f"Feedback assigned to {world.hub_a.owners_group.name}, colleague_a",
        ]

    def test_assign_refuses_another_hubs_people(self, item, moderator, world):
        with pytest.raises(FeedbackRefused):
            workflow.assign(item, moderator, assignee=world.users["moderator_b"])
        with pytest.raises(FeedbackRefused):
            workflow.assign(item, moderator, team=world.hub_b.owners_group)
        item.refresh_from_db()
        assert (item.team, item.assignee) == (None, None)

    def test_respond_sets_and_clears(self, item, moderator):
        workflow.respond(item, moderator, "We will add one in May.\nSee you there.")
        item.refresh_from_db()
        assert (
            item.public_response == "We will add one in May.\nSee you there." and item.public_response_by == moderator
        )
        with pytest.raises(FeedbackConflict):
            workflow.respond(item, moderator, "We will add one in May.\nSee you there.")
        workflow.respond(item, moderator, "")
        item.refresh_from_db()
        assert item.public_response == "" and item.public_response_by is None
        actions = list(feedback_entries(item.comment).values_list("action", flat=True))
        assert actions.count("townsquare_feedback.responded") == 2

    @pytest.mark.parametrize(
        ("text", "match"), [("x" * 2001, "at most 2000 characters"), ("bad\x00byte", "null byte")]
    )
    def test_respond_refuses_what_cannot_be_stored(self, item, moderator, text, match):
        with pytest.raises(FeedbackRefused, match=match):
            workflow.respond(item, moderator, text)
        item.refresh_from_db()
        assert item.public_response == ""

    def test_response_of_exactly_the_limit(self, item, moderator):
        workflow.respond(item, moderator, "y" * 2000)
        item.refresh_from_db()
        assert len(item.public_response) == 2000
