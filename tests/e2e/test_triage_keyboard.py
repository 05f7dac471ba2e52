"""The queues in Chromium: keyboard undo takes back the decision just made, "c" opens the
commenter's drawer (notes, pre-moderation), and no moderation page (each queue, the log) logs a
console error or throws, filters and date widgets included."""

import re
from datetime import timedelta

from playwright.sync_api import expect

from moderation.models import Comment
from moderation.queues import QUEUES
from stories.models import StoryPage
from tests.e2e.test_moderation_browser import STORY_SLUG, held_in_workshifting, sign_in, state_of

PENDING_URL = "/admin/moderation/pending/"


def collect_errors(page):
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(f"{page.url}: {message.text}"))
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
    return errors


def test_u_undoes_the_comment_just_decided_and_c_opens_the_commenters_drawer(page, live_server, live_demo):
    story = StoryPage.objects.get(slug=STORY_SLUG, locale__language_code="en")
    kind, off_topic, advert = held_in_workshifting(story)
    errors = collect_errors(page)
    sign_in(page, "moderator")
    page.goto(PENDING_URL)
    status = page.locator("[data-triage-status]")

    def row(comment):
        return page.locator(f"#row-{comment.pk}")

    def label(comment):
        return row(comment).locator("[data-state-label]")

    # "u" before any decision: nothing changes, and the page says so.
    page.keyboard.press("u")
    expect(status).to_have_text(re.compile("Nothing to undo"))

    # "a" approves the first comment and selects the next one.
    page.keyboard.press("j")
    expect(row(kind)).to_have_attribute("aria-current", "true")
    page.keyboard.press("a")
    expect(label(kind)).to_have_text("Published")
    expect(row(off_topic)).to_have_attribute("aria-current", "true")
    assert state_of(kind) == Comment.State.PUBLISHED

    # "u" undoes that approval, not anything on the selected (next) comment, and names the comment.
    page.keyboard.press("u")
    expect(label(kind)).to_have_text("Held for review")
    expect(status).to_have_text(re.compile(r"Undone: the comment by Wren Ito, “Monday notes saved our handovers"))
    assert (state_of(kind), state_of(off_topic)) == (Comment.State.HELD, Comment.State.HELD)
    expect(label(off_topic)).to_have_text("Held for review")
    expect(row(kind)).to_have_attribute("aria-current", "true")

    # Two decisions, two undos: last first, whichever row is selected meanwhile.
    page.keyboard.press("j")
    page.keyboard.press("s")  # off_topic as spam
    expect(label(off_topic)).to_have_text("Spam")
    page.keyboard.press("s")  # the advert as spam
    expect(label(advert)).to_have_text("Spam")
    page.keyboard.press("k")
    page.keyboard.press("k")
    page.keyboard.press("k")
    expect(row(kind)).to_have_attribute("aria-current", "true")
    page.keyboard.press("u")
    expect(label(advert)).to_have_text("Held for review")
    expect(status).to_have_text(re.compile("Cheap Courses"))
    assert (state_of(advert), state_of(off_topic), state_of(kind)) == (
        Comment.State.HELD,
        Comment.State.SPAM,
        Comment.State.HELD,
    )
    page.keyboard.press("u")
    expect(label(off_topic)).to_have_text("Held for review")
    expect(status).to_have_text(re.compile("Flo Becker"))
    assert state_of(off_topic) == Comment.State.HELD

    # "c": the selected comment's author, in a drawer beside the queue; a note left there stays.
    drawer = page.locator("[data-commenter-drawer]")
    row(advert).locator(".queue-row__text").click()
    page.keyboard.press("c")
    expect(drawer).to_be_visible()
    expect(drawer.get_by_role("heading", level=2)).to_have_text("Cheap Courses")
    expect(drawer).to_be_focused()
    drawer.get_by_label(re.compile("Leave a note")).fill("Sells courses in every hub; watch the links.")
    drawer.get_by_role("button", name="Save the note").click()
    expect(page).to_have_url(re.compile(PENDING_URL))  # back in the queue
    expect(page.locator(".messages")).to_contain_text("Note saved")
    expect(drawer).to_be_hidden()
    # The row's link opens it too; "Always pre-moderate" holds their next comments in this hub.
    row(advert).get_by_role("link", name="About this commenter").click()
    expect(drawer.locator("[data-commenter-notes]")).to_contain_text("Sells courses in every hub")
    drawer.get_by_role("button", name="Always pre-moderate this commenter").click()
    expect(page.locator(".messages")).to_contain_text("wait for a moderator")
    row(advert).get_by_role("link", name="About this commenter").click()
    expect(drawer).to_contain_text("Always pre-moderated in this hub")
    page.keyboard.press("Escape")
    expect(drawer).to_be_hidden()
    expect(row(advert).get_by_role("link", name="About this commenter")).to_be_focused()
    assert errors == []


def test_no_console_error_on_any_queue_or_the_log_and_the_date_filter_filters(page, live_server, live_demo):
    story = StoryPage.objects.get(slug=STORY_SLUG, locale__language_code="en")
    kind, off_topic, advert = held_in_workshifting(story)
    # The first one far in the past: the date filter can tell it apart.
    Comment.objects.filter(pk=kind.pk).update(submit_date=kind.submit_date - timedelta(days=400))
    errors = collect_errors(page)
    sign_in(page, "moderator")
    for queue in QUEUES.values():
        page.goto(queue.url)
        expect(page.get_by_role("heading", level=1)).to_have_text(str(queue.label))
        page.wait_for_load_state("networkidle")
    page.goto("/admin/moderation/log/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Moderation log")
    page.wait_for_load_state("networkidle")

    # The date filter, through Wagtail's filter drawer and date widget.
    page.goto(PENDING_URL)
    rows = page.locator("[data-queue] [data-row]")
    expect(rows.first).to_be_visible()
    assert kind.pk in rows.evaluate_all("rows => rows.map(row => Number(row.dataset.comment))")
    page.get_by_role("button", name="Show filters").click()
    page.get_by_role("button", name="Written between").click()
    since = (kind.submit_date - timedelta(days=1)).date().isoformat()  # after the moved one, before the rest
    date_from = page.locator("input[name=submitted_from]")
    date_from.fill(since)
    date_from.press("Enter")
    expect(page).to_have_url(re.compile(f"submitted_from={since}"))
    expect(page.locator(".w-active-filters")).to_contain_text("Written between")
    expect(page.locator(f"#row-{kind.pk}")).to_have_count(0)
    expect(page.locator(f"#row-{off_topic.pk}")).to_have_count(1)
    page.wait_for_load_state("networkidle")
    assert errors == []
