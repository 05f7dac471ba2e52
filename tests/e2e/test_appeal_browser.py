"""A visitor's held comment is rejected with a reason, the visitor appeals from the e-mail, and a
second moderator reverses the decision: the comment appears and the visitor is told (Chromium)."""

import re
from urllib.parse import urlparse

from django.core import mail
from playwright.sync_api import expect

from moderation.models import Appeal, Comment
from stories.models import StoryPage
from tests.e2e.test_moderation_browser import sign_in
from tests.stories.comment_helpers import add_comment

STORY_SLUG = "five-rituals-distributed-team"
TEXT = "Our team tried Monday notes from the Notion shop template, it worked well."


def only_message_to(address):
    messages = [message for message in mail.outbox if message.to == [address]]
    assert len(messages) == 1, [message.subject for message in messages]
    return messages[0]


def test_a_rejected_visitor_appeals_and_a_second_moderator_reverses(new_page, live_demo):
    story = StoryPage.objects.get(slug=STORY_SLUG, locale__language_code="en")
    comment = add_comment(story, TEXT, name="Ivo Marsh", email="ivo@example.org", state=Comment.State.HELD)
    mail.outbox.clear()

    # 1. The site's administrator rejects it, choosing the hub's reason and adding a note.
    admin = new_page()
    sign_in(admin, "admin")
    admin.goto(f"/admin/moderation/{comment.pk}/")
    admin.locator(f"#reason-{comment.pk}").fill("Advertising: the link promotes a shop")
    admin.locator("form[data-action=reject]").get_by_role("button", name=re.compile("^Reject")).click()
    expect(admin.get_by_text("Comment rejected.")).to_be_visible()

    # 2. The e-mail arrives, with the hub's explanation, the note and the appeal link.
    notice = only_message_to("ivo@example.org")
    assert "was not published" in notice.subject
    assert "not a place to advertise" in notice.body and "the link promotes a shop" in notice.body
    [link] = [line.strip() for line in notice.body.splitlines() if "/comments/appeal/" in line]

    # 3. The visitor appeals.
    visitor = new_page()
    visitor.goto(urlparse(link).path)
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Appeal a decision")
    expect(visitor.get_by_text("not a place to advertise")).to_be_visible()
    visitor.get_by_label("Why do you think the decision is wrong?").fill(
        "I don't work for them, it is a free template."
    )
    visitor.get_by_role("button", name="Send my appeal").click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Your appeal is sent")
    appeal = Appeal.objects.get(comment=comment)

    # 4. The hub's moderator (not the administrator who decided) reverses it from the Appeals queue.
    moderator = new_page()
    sign_in(moderator, "moderator")
    moderator.get_by_role("button", name=re.compile("^Moderation")).click()
    moderator.get_by_role("link", name="Appeals").click()
    moderator.get_by_role("link", name=re.compile("it is a free template")).click()
    expect(moderator.locator("[data-appeal-statement]")).to_contain_text("I don't work for them")
    moderator.get_by_label("Reverse the decision: publish the comment").check()
    moderator.get_by_label("Reason (the commenter reads it)").fill("A free template is not an advert.")
    moderator.get_by_role("button", name="Decide the appeal").click()
    expect(moderator.get_by_text("Decision reversed: the comment is published.")).to_be_visible()

    # 5. The comment appears on the story, and the visitor is told.
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.REVERSED
    visitor.goto(story.url)
    expect(visitor.locator(f"#c{comment.pk}")).to_contain_text("Monday notes from the Notion shop template")
    outcome = [message for message in mail.outbox if message.to == ["ivo@example.org"]][-1]
    assert "reversed the decision" in outcome.body and "A free template is not an advert." in outcome.body
    assert len([message for message in mail.outbox if message.to == ["ivo@example.org"]]) == 2
