"""Wagtail's dashboard shows each moderator their questions nearing the deadline and their feedback."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from listening import workflow
from moderation.models import Comment
from tests.moderation.test_permissions import make_comment


def question(story, text, due_in_hours):
    comment = make_comment(story, Comment.State.PUBLISHED, text=text)
    Comment.objects.filter(pk=comment.pk).update(
        is_question=True, respond_by=timezone.now() + timedelta(hours=due_in_hours)
    )
    return comment


def test_a_moderator_sees_their_urgent_questions_and_their_feedback(client, world, moderator):
    question(world.story_a, "Overdue: where are the seed packets?", -3)
    question(world.story_a, "Soon: which compost?", 2)
    question(world.story_a, "Later: what about autumn?", 30)
    question(world.story_b, "Other hub: which saddle?", 1)
    idea = workflow.mark(
        make_comment(world.story_a, Comment.State.PUBLISHED, text="A seed swap, please"), moderator, "idea"
    )
    workflow.assign(idea, moderator, assignee=moderator)
    finished = workflow.mark(
        make_comment(world.story_a, Comment.State.PUBLISHED, text="Longer hours"), moderator, "idea"
    )
    workflow.assign(finished, moderator, assignee=moderator)
    workflow.move(finished, moderator, "declined")

    client.force_login(moderator)
    html = client.get("/admin/").content.decode()
    panel = html[html.index("Your work") :]
    assert "Overdue: where are the seed packets?" in panel and "Overdue by 3" in panel
    assert "Soon: which compost?" in panel and "left" in panel
    assert panel.index("Overdue: where") < panel.index("Soon: which compost?")  # most urgent first
    assert "Later: what about autumn?" not in panel
    assert "Other hub: which saddle?" not in panel
    assert "A seed swap, please" in panel and "Longer hours" not in panel  # declined is finished


def test_the_panel_costs_the_same_queries_however_much_is_waiting(client, world, moderator):
    client.force_login(moderator)
    client.get("/admin/")
    with CaptureQueriesContext(connection) as few:
        client.get("/admin/")
    for n in range(8):
        question(world.story_a, f"Question {n}?", n - 4)
        item = workflow.mark(make_comment(world.story_a, Comment.State.PUBLISHED, text=f"Idea {n}"), moderator, "idea")
        workflow.assign(item, moderator, assignee=moderator)
    with CaptureQueriesContext(connection) as many:
        client.get("/admin/")
    assert len(many) == len(few)


def test_people_who_moderate_nothing_get_no_panel(client, world):
    client.force_login(world.users["editor_a"])
    assert "Your work" not in client.get("/admin/").content.decode()
