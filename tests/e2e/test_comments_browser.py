"""Visitors discuss a story in Chromium: comment, confirm by e-mail, review, reply, like and report."""

import re

from django.core import mail
from playwright.sync_api import expect

from moderation import lifecycle
from moderation.models import Comment, Reaction, Report
from stories.models import StoryPage

STORY_SLUG = "five-rituals-distributed-team"
HELD_BADGE = "Awaiting review — only you can see this"
CONFIRM_LINK = re.compile(r"^(http://\S+/en/comments/confirm/\S+/)$", re.MULTILINE)


def open_story(page, story):
    """Open the story and wait for its script to fetch the form's security data and show the form."""
    page.goto(story.url)
    expect(page.get_by_role("heading", level=1)).to_have_text(story.title)
    expect(page.get_by_label("Your comment")).to_be_visible()


def write_comment(page, text, name, email):
    page.get_by_label("Your comment").fill(text)
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_label("E-mail", exact=True).fill(email)
    page.get_by_role("button", name="Post comment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your e-mail")


def mail_to(address):
    # Loading the demo already e-mailed the admin about its story under review: count only this visitor's mail.
    return [message for message in mail.outbox if address in message.to]


def confirm_by_email(page, message):
    """Open the confirmation link of ``message``: it points at the server the visitor posted to."""
    match = CONFIRM_LINK.search(message.body)
    assert match, message.body
    assert match[1].startswith(page.url.split("/en/")[0]), (match[1], page.url)
    page.goto(match[1])


def test_visitors_comment_confirm_reply_like_and_report(page, new_page, live_demo):
    story = StoryPage.objects.get(slug=STORY_SLUG, locale__language_code="en")
    assert story.get_parent().specific.premoderation == "first_time"
    comments_before = Comment.objects.filter(page=story).count()

    # A first-time visitor comments, with a little Markdown, and confirms through the e-mailed link.
    open_story(page, story)
    write_comment(page, "**Great** idea: we do Demo Fridays too.", "Robin Quist", "robin@example.net")
    [confirmation] = mail_to("robin@example.net")
    assert Comment.objects.filter(page=story).count() == comments_before  # nothing stored before confirming
    confirm_by_email(page, confirmation)

    comment = Comment.objects.get(page=story, user_email="robin@example.net")
    assert (comment.state, comment.level, comment.user_name) == (Comment.State.HELD, 0, "Robin Quist")
    expect(page).to_have_url(re.compile(rf"\?thread={comment.thread_id}#c{comment.pk}$"))
    mine = page.locator(f"#c{comment.pk}")
    expect(mine.locator(".comment__body strong")).to_have_text("Great")
    expect(mine).to_contain_text("idea: we do Demo Fridays too.")
    expect(mine.locator(".badge--held")).to_have_text(HELD_BADGE)
    # Opening the link again stores nothing twice.
    confirm_by_email(page, confirmation)
    expect(page.locator(f"#c{comment.pk}")).to_be_visible()
    assert Comment.objects.filter(page=story, user_email="robin@example.net").count() == 1

    # Held for review: nobody else sees it, neither in the discussion nor through the thread link.
    other = new_page()
    open_story(other, story)
    expect(other.locator("#threads > li.thread").first).to_be_visible()
    expect(other.locator(f"#c{comment.pk}")).to_have_count(0)
    expect(other.get_by_text("Robin Quist")).to_have_count(0)
    other.goto(f"{story.url}?thread={comment.thread_id}")
    expect(other.locator("#threads > li.thread").first).to_be_visible()
    expect(other.locator(f"#c{comment.pk}")).to_have_count(0)

    # A moderator publishes it.
    assert lifecycle.set_state(comment, Comment.State.PUBLISHED)

    # A second visitor now sees it without the badge, and replies through the form the script moves.
    reader = new_page()
    open_story(reader, story)
    thread = reader.locator("#threads > li.thread").filter(has=reader.locator(f"#c{comment.pk}"))
    article = thread.locator(f"#c{comment.pk}")
    expect(article.locator(".comment__author")).to_have_text("Robin Quist")
    expect(article.locator(".badge--held")).to_have_count(0)
    article.get_by_role("link", name="Reply").click()
    reply_note = thread.locator("[data-reply-note]")
    expect(reply_note).to_be_visible()
    expect(reply_note.locator("[data-reply-label]")).to_have_text("Replying to Robin Quist")
    expect(thread.locator("[data-reply-field]")).to_have_value(str(comment.pk))
    expect(thread.get_by_label("Your comment")).to_be_focused()
    write_comment(reader, "Which day works best for you?", "Kim Sato", "kim@example.net")
    [confirmation] = mail_to("kim@example.net")
    confirm_by_email(reader, confirmation)

    reply = Comment.objects.get(page=story, user_email="kim@example.net")
    assert (reply.parent_id, reply.thread_id, reply.level) == (comment.pk, comment.thread_id, 1)
    assert reply.state == Comment.State.HELD  # Kim comments for the first time too
    expect(reader).to_have_url(re.compile(rf"\?thread={comment.thread_id}#c{reply.pk}$"))
    thread = reader.locator("li.thread").filter(has=reader.locator(f"#c{comment.pk}"))
    nested = thread.locator(f"ol.replies > li.reply > #c{reply.pk}")
    expect(nested).to_contain_text("Which day works best for you?")
    expect(nested.locator(".badge--held")).to_have_text(HELD_BADGE)

    # The second visitor likes Robin's comment (the script posts it) and reports it.
    open_story(reader, story)
    article = reader.locator(f"#c{comment.pk}")
    like = article.get_by_role("link", name=re.compile(r"^Like\b"))
    expect(like.locator(".like-count")).to_have_text("0")
    like.click()
    expect(like.locator(".like-count")).to_have_text("1")
    expect(like).to_have_attribute("aria-pressed", "true")
    expect(reader).to_have_url(re.compile(rf"{re.escape(story.url)}$"))  # the script handled it: no navigation

    article.get_by_role("link", name="Report").click()
    expect(reader.get_by_role("heading", level=1)).to_have_text("Report a comment")
    # The fields of a notice of illegal content show only for that reason.
    notice_fields = reader.locator("[data-notice-fields]")
    expect(notice_fields).to_be_hidden()
    reader.get_by_role("radio", name=re.compile("^Illegal content")).check()
    expect(notice_fields).to_be_visible()
    expect(notice_fields.get_by_label("Why is it illegal?")).to_be_visible()
    reader.get_by_role("radio", name="Off-topic").check()
    expect(notice_fields).to_be_hidden()
    reader.get_by_role("button", name="Send report").click()
    expect(reader.get_by_role("heading", level=1)).to_have_text("Thank you")

    comment.refresh_from_db()
    assert (comment.like_count, comment.report_count) == (1, 1)
    assert Reaction.objects.filter(comment=comment).count() == 1
    assert list(Report.objects.filter(comment=comment).values_list("reason", flat=True)) == [Report.Reason.OFF_TOPIC]
