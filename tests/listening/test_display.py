"""What the feedback looks like: the panel on the comment's moderation page, the team's response
under the comment on the story page."""

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from wagtail.test.utils import WagtailTestUtils

from listening import workflow
from moderation.models import Comment
from tests.moderation.test_permissions import make_comment

PANEL = Template("{% load listening_tags %}{% feedback_panel comment %}")
RESPONSE = Template(
    "{% load listening_tags %}{% for comment in comments %}{% with item=comment|public_feedback %}"
    "{% if item %}{% include 'listening/includes/team_response.html' %}{% endif %}{% endwith %}{% endfor %}"
)


def panel(rf, user, comment):
    request = rf.get(f"/admin/moderation/{comment.pk}/")
    request.user = user
    html = PANEL.render(Context({"request": request, "comment": comment, "csrf_token": "token"}))
    return WagtailTestUtils.get_soup(html)


class TestPanel:
    def test_unmarked_comment_offers_the_four_kinds(self, rf, moderator, comment, world):
        soup = panel(rf, moderator, comment)
        form = soup.select_one("form[data-feedback-mark]")
        assert form["action"] == f"/admin/feedback/{comment.pk}/mark/"
        assert [radio["value"] for radio in form.select("input[name=kind]")] == [
            "feedback",
            "idea",
            "question",
            "complaint",
        ]
        teams = {int(option["value"]) for option in form.select("select[name=team] option") if option["value"]}
        assert teams == {world.hub_a.editors_group_id, world.hub_a.moderators_group_id, world.hub_a.owners_group_id}
        people = {int(option["value"]) for option in form.select("select[name=assignee] option") if option["value"]}
        assert world.colleague.pk in people and moderator.pk in people
        assert world.users["moderator_b"].pk not in people and world.users["editor_a"].pk not in people

    def test_a_held_comment_cannot_be_marked(self, rf, moderator, world):
        held = make_comment(world.story_a, Comment.State.HELD)
        soup = panel(rf, moderator, held)
        assert soup.select_one("form[data-feedback-mark]") is None
        assert "Only a published comment" in soup.select_one("[data-feedback-panel]").get_text()

    @pytest.mark.parametrize(
        ("status", "buttons"),
        [
            ("new", ["acknowledged", "declined"]),
            ("acknowledged", ["planned", "done", "declined"]),
            ("planned", ["done", "declined"]),
            ("done", []),
            ("declined", ["acknowledged"]),
        ],
    )
    def test_only_the_allowed_next_statuses_are_offered(self, rf, moderator, item, status, buttons):
        type(item).objects.filter(pk=item.pk).update(status=status)
        soup = panel(rf, moderator, item.comment)
        assert [form["data-feedback-move"] for form in soup.select("form[data-feedback-move]")] == buttons
        for form in soup.select("form[data-feedback-move]"):
            assert form.select_one("input[name=expected_status]")["value"] == status
        if status == "declined":
            assert soup.select_one("form[data-feedback-move] button").get_text(strip=True) == "Reopen"

    def test_marked_item_shows_routing_response_and_history(self, rf, moderator, item, world):
        workflow.assign(item, moderator, assignee=world.colleague)
        workflow.respond(item, moderator, "Soon.")
        soup = panel(rf, moderator, item.comment)
        assert soup.select_one("[data-feedback-kind]").get_text(strip=True) == "Idea"
        assert soup.select_one("[data-feedback-status]").get_text(strip=True) == "New"
        selected = soup.select_one("form[data-feedback-assign] select[name=assignee] option[selected]")
        assert int(selected["value"]) == world.colleague.pk
        assert soup.select_one("form[data-feedback-respond] textarea").get_text() == "Soon."
        history = [li.get_text(" ", strip=True) for li in soup.select(".feedback-panel__history li")]
        assert len(history) == 3
        assert history[0].endswith("Public response written")
        assert history[2].endswith("Marked as: Idea")


class TestTeamResponse:
    def render(self, comments):
        return WagtailTestUtils.get_soup(RESPONSE.render(Context({"comments": comments})))

    def test_nothing_for_a_new_item_without_response(self, item):
        assert self.render([item.comment]).select(".comment__team-response") == []

    def test_status_and_response_escaped_with_line_breaks(self, item, moderator):
        workflow.move(item, moderator, "acknowledged")
        workflow.move(item, moderator, "planned", response="<script>alert(1)</script>\nIn May.")
        soup = self.render([Comment.objects.get(pk=item.comment_id)])
        aside = soup.select_one("aside.comment__team-response")
        assert aside["data-feedback-status"] == "planned"
        assert aside.select_one(".badge--status").get_text(strip=True) == "Planned"
        assert aside.select_one(".comment__team-response-label").get_text(strip=True) == "We heard you:"
        text = aside.select_one(".comment__team-response-text")
        assert text.select("script") == [] and text.select("br")
        assert text.get_text() == "<script>alert(1)</script>In May."

    def test_status_without_a_response(self, item, moderator):
        workflow.move(item, moderator, "declined")
        aside = self.render([Comment.objects.get(pk=item.comment_id)]).select_one("aside")
        assert aside.get_text(strip=True) == "Declined"

    @pytest.mark.parametrize("count", [5, 30])
    def test_no_query_per_comment_when_read_with_the_thread(self, world, moderator, count):
        """With ``select_related("feedback")`` on the thread's queryset, rendering costs no query at all."""
        comments = [make_comment(world.story_a, Comment.State.PUBLISHED, text=f"C{n}") for n in range(count)]
        for comment in comments[::2]:
            item = workflow.mark(comment, moderator, "feedback")
            workflow.respond(item, moderator, f"Answer {comment.pk}")
        fields = ("pk", "html", "state", "feedback__status", "feedback__public_response")
        with CaptureQueriesContext(connection) as queries:
            read = list(
                Comment.objects.filter(pk__in=[c.pk for c in comments]).select_related("feedback").only(*fields)
            )
            soup = self.render(read)
        assert len(queries) == 1
        assert len(soup.select("aside.comment__team-response")) == len(comments[::2])
