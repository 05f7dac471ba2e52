"""The listening loop in Chromium: a moderator turns a visitor's question into a feedback item,
answers it in public, and sees the insights page change."""

import re

from playwright.sync_api import expect

from listening.models import FeedbackItem
from moderation.models import Comment
from tests.e2e.test_moderation_browser import sign_in

QUESTION_AUTHOR = "Marco B."  # the demo's "How do you handle Monday notes...?", still unanswered


def summary(page, label):
    """The number shown under ``label`` in the insights page's summary."""
    return page.locator(".insights-summary div").filter(has_text=label).locator("dd").inner_text()


def test_a_question_becomes_feedback_is_answered_and_the_insights_follow(page, live_demo):
    question = Comment.objects.get(user_name=QUESTION_AUTHOR, is_question=True)
    assert question.answered_at is None
    sign_in(page, "moderator")

    page.goto("/admin/insights/")
    expect(page.get_by_role("heading", name="Comments per week")).to_be_visible()
    unanswered_before = int(summary(page, "Unanswered questions"))
    feedback_table = page.locator("section", has=page.get_by_role("heading", name="Feedback items by status"))
    acknowledged_before = int(
        feedback_table.get_by_role("row", name=re.compile("^Acknowledged")).locator("td").inner_text()
    )
    assert page.locator("svg[role=img] title").first.text_content() == "Comments per week"

    # Mark the question as feedback from its history page, then acknowledge it with a public response.
    page.goto(f"/admin/moderation/{question.pk}/")
    panel = page.locator("[data-feedback-panel]")
    panel.get_by_label("Question").check()
    panel.get_by_role("button", name="Mark").click()
    expect(page.locator("[data-feedback-status]")).to_have_text("New")
    page.locator("[data-feedback-move=acknowledged]").get_by_role("button").click()
    expect(page.locator("[data-feedback-status]")).to_have_text("Acknowledged")
    page.get_by_label(re.compile("^Public response")).fill("We now write Monday notes on Friday afternoon.")
    page.get_by_role("button", name="Publish response").click()
    expect(page.locator("[data-feedback-panel]")).to_contain_text("Public response written")

    # Answer the question as the team (under "More").
    page.locator("details.more-actions summary").first.click()
    page.get_by_label("Answer as the team").first.fill("Sunday starters write theirs on Friday, before leaving.")
    page.get_by_role("button", name="Publish answer").first.click()
    expect(page.get_by_text("Your answer is published with the Team badge.")).to_be_visible()

    item = FeedbackItem.objects.get(comment=question)
    assert (item.kind, item.status) == ("question", "acknowledged")
    assert Comment.objects.get(pk=question.pk).answered_at is not None

    # The insights page follows.
    page.goto("/admin/insights/")
    assert int(summary(page, "Unanswered questions")) == unanswered_before - 1
    feedback_table = page.locator("section", has=page.get_by_role("heading", name="Feedback items by status"))
    acknowledged = feedback_table.get_by_role("row", name=re.compile("^Acknowledged")).locator("td").inner_text()
    assert int(acknowledged) == acknowledged_before + 1

    # Visitors see the team's response under the comment.
    visitor = page.context.browser.new_page()
    visitor.goto(live_demo_url(page) + question.get_absolute_url())
    expect(visitor.get_by_text("We now write Monday notes on Friday afternoon.")).to_be_visible()
    visitor.close()


def live_demo_url(page):
    return re.match(r"^(https?://[^/]+)", page.url).group(1)
