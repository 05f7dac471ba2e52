"""Two moderators act on the same held comment at the same moment: exactly one wins.

Real concurrency needs real transactions and row locks, so these run on PostgreSQL only
(``on_postgresql`` skips on SQLite, which serialises writers on the whole database file).
Each thread has its own database connection, closed when the thread ends. The ``home``
fixture puts back the rows Wagtail's migrations made when an earlier transactional test
emptied the tables.
"""

import threading

import pytest
from django.db import connection
from wagtail.models import ModelLogEntry

from moderation import actions
from moderation.models import Comment
from tests.factories import StoryPageFactory, UserFactory
from tests.stories.comment_helpers import add_comment

State = Comment.State
ITERATIONS = 8

ACT = {
    "approve": (lambda comment, user: actions.approve(comment, user), State.PUBLISHED),
    "reject": (lambda comment, user: actions.reject(comment, user, reason="Off-topic"), State.REJECTED),
    "spam": (lambda comment, user: actions.mark_spam(comment, user), State.SPAM),
}


def race(comment_pk, moves):
    """Run each (action, user) of ``moves`` in its own thread, released together; return their outcomes."""
    barrier = threading.Barrier(len(moves), timeout=20)
    outcomes = [None] * len(moves)

    def run(index, action, user):
        try:
            comment = Comment.objects.get(pk=comment_pk)  # each moderator's own view of it: held
            barrier.wait()
            ACT[action][0](comment, user)
            outcomes[index] = ("done", action, user)
        except actions.ActionRefused as refusal:
            outcomes[index] = ("refused", str(refusal), user)
        except Exception as error:  # reported by the assertion on the outcomes
            outcomes[index] = ("error", repr(error), user)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, action, user)) for i, (action, user) in enumerate(moves)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a moderator's request never finished"
    return outcomes


@pytest.mark.postgres
@pytest.mark.parametrize(("first", "second"), [("approve", "reject"), ("approve", "approve"), ("reject", "spam")])
def test_two_moderators_at_once_exactly_one_wins(on_postgresql, transactional_db, hub, first, second):
    story = StoryPageFactory(parent=hub, title="Seeds", slug="seeds")
    alice = UserFactory(username="alice", groups=[hub.moderators_group])
    bob = UserFactory(username="bob", groups=[hub.moderators_group])

    for iteration in range(ITERATIONS):
        comment = add_comment(story, f"Held {iteration}", state=State.HELD, name=f"Visitor{iteration}")
        outcomes = race(comment.pk, [(first, alice), (second, bob)])

        assert not [o for o in outcomes if o[0] == "error"], outcomes
        done = [o for o in outcomes if o[0] == "done"]
        refused = [o for o in outcomes if o[0] == "refused"]
        assert len(done) == 1 and len(refused) == 1, outcomes
        _, winning_action, winner = done[0]
        _, message, _loser = refused[0]
        assert "already" in message
        assert winner.username in message  # "already <state>, by <who won>"

        comment.refresh_from_db()
        assert comment.state == ACT[winning_action][1]
        assert comment.moderated_by == winner
        changes = ModelLogEntry.objects.for_instance(comment).filter(data__old_state=State.HELD)
        assert changes.count() == 1, iteration
        entry = changes.get()
        assert entry.user == winner and entry.data["new_state"] == comment.state
