"""A hub moderator triages the Pending queue in Chromium with the keyboard only."""

import re
from datetime import timedelta

from django.contrib.auth import get_user_model
from playwright.sync_api import expect
from wagtail.models import ModelLogEntry

from moderation.models import Comment
from stories.models import StoryPage
from tests.stories.comment_helpers import add_comment
from townsquare.demo.content import DEMO_PASSWORD

STORY_SLUG = "five-rituals-distributed-team"
PENDING_URL = "/admin/moderation/pending/"
REJECT_REASON = "Not about distributed teams"  # matches no <datalist> suggestion, so no popup takes the Enter
HELD, PUBLISHED, REJECTED, SPAM = "Held for review", "Published", "Rejected", "Spam"


def held_in_workshifting(story):
    """Three held comments, older than the hub's other held ones (the demo's), so they open the queue
    in this order whatever the demo holds: one to approve, one to reject, one advert for spam."""
    oldest = Comment.objects.filter(hub=story.get_parent(), state=Comment.State.HELD).earliest("submit_date")
    start = oldest.submit_date - timedelta(hours=3)
    texts = [
        ("Wren Ito", "Monday notes saved our handovers across four time zones."),
        ("Flo Becker", "Anyone watching the football tonight"),
        ("Cheap Courses", "Learn remote leadership in one weekend at https://courses.example.net"),
    ]
    return [
        add_comment(story, text, name=name, state=Comment.State.HELD, submit_date=start + timedelta(minutes=index))
        for index, (name, text) in enumerate(texts)
    ]


def sign_in(page, username):
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def state_of(comment):
    return Comment.objects.get(pk=comment.pk).state


def test_moderator_triages_pending_queue_with_the_keyboard(page, browser, live_server, live_demo):
    story = StoryPage.objects.get(slug=STORY_SLUG, locale__language_code="en")
    workshifting = story.get_parent().specific
    kind, off_topic, advert = held_in_workshifting(story)
    pending = Comment.objects.filter(state=Comment.State.HELD, hidden_with=None).order_by("submit_date", "pk")
    mine = list(pending.filter(hub=workshifting).values_list("pk", flat=True))
    assert mine[:3] == [kind.pk, off_topic.pk, advert.pk]
    assert len(mine) >= 4, "the demo holds comments in Workshifting too (Alex P.)"
    following = Comment.objects.get(pk=mine[3])
    # The scoping check means something only while other hubs hold comments too.
    elsewhere = set(pending.exclude(hub=workshifting).values_list("user_name", flat=True))
    assert elsewhere >= {"Ravi T.", "Nora L.", "Deals4U"}
    moderator = get_user_model().objects.get(username="moderator")

    # 1. The moderator sees the Pending queue of their own hub only, oldest first.
    sign_in(page, "moderator")
    page.get_by_role("button", name=re.compile("^Moderation")).click()
    page.get_by_role("link", name=f"Pending ({len(mine)})").click()
    expect(page).to_have_url(re.compile(f"{PENDING_URL}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Pending")
    queue = page.locator("[data-queue]")
    rows = queue.locator("[data-row]")
    expect(rows).to_have_count(len(mine))
    expect(page.locator(".queue-count")).to_have_text(f"{len(mine)} comments")
    assert rows.evaluate_all("rows => rows.map(row => Number(row.dataset.comment))") == mine
    expect(queue.locator(".queue-row__where .w-status")).to_have_text(["Workshifting"] * len(mine))
    for name in elsewhere:
        expect(queue.get_by_text(name, exact=True)).to_have_count(0)
    expect(queue).not_to_contain_text("Freewheelin")
    expect(queue).not_to_contain_text("Through the Lens")

    def row(comment):
        return page.locator(f"#row-{comment.pk}")

    def label(comment):
        return row(comment).locator("[data-state-label]")

    def expect_selected(comment):
        expect(row(comment)).to_have_attribute("aria-current", "true")
        expect(queue.locator('[data-row][aria-current="true"]')).to_have_count(1)

    for comment in (kind, off_topic, advert):
        expect(label(comment)).to_have_text(HELD)

    # 2. "?" shows the keys, "?" again hides them.
    help_panel = page.locator("#triage-keys")
    expect(help_panel).to_be_hidden()
    page.keyboard.press("?")
    expect(help_panel).to_be_visible()
    expect(help_panel.get_by_role("heading", name="Keyboard triage")).to_be_visible()
    # Wagtail binds "?" to its own modal "Keyboard shortcuts" dialog: on the queue the key is the
    # triage's, or the modal covers the rows and traps the focus ("r" could not reach the reason).
    expect(page.get_by_role("dialog", name="Keyboard shortcuts")).to_be_hidden()
    page.keyboard.press("?")
    expect(help_panel).to_be_hidden()

    # 3. Keyboard triage. "j" selects the first row, "a" approves it and moves on.
    page.keyboard.press("j")
    expect_selected(kind)
    page.keyboard.press("a")
    expect(label(kind)).to_have_text(PUBLISHED)
    expect_selected(off_topic)
    assert state_of(kind) == Comment.State.PUBLISHED

    # "j" / "k" move; "s" marks the advertising as spam.
    page.keyboard.press("j")
    expect_selected(advert)
    page.keyboard.press("k")
    expect_selected(off_topic)
    page.keyboard.press("j")
    expect_selected(advert)
    page.keyboard.press("s")
    expect(label(advert)).to_have_text(SPAM)
    expect_selected(following)
    assert state_of(advert) == Comment.State.SPAM

    # "r" asks for a reason; Enter rejects.
    page.keyboard.press("k")
    page.keyboard.press("k")
    expect_selected(off_topic)
    page.keyboard.press("r")
    reason_field = row(off_topic).get_by_label("Reason", exact=True)
    expect(reason_field).to_be_focused()
    page.keyboard.type(REJECT_REASON)
    expect(reason_field).to_have_value(REJECT_REASON)
    page.keyboard.press("Enter")
    expect(label(off_topic)).to_have_text(REJECTED)
    expect_selected(advert)
    rejected = Comment.objects.get(pk=off_topic.pk)
    assert (rejected.state, rejected.rejection_reason, rejected.moderated_by) == (
        Comment.State.REJECTED,
        REJECT_REASON,
        moderator,
    )
    [entry] = ModelLogEntry.objects.for_instance(off_topic).filter(action="townsquare_comment.rejected")
    assert (entry.data["reason"], entry.data["old_state"], entry.user) == (REJECT_REASON, "held", moderator)

    # "u" on the rejected comment undoes the rejection.
    page.keyboard.press("k")
    expect_selected(off_topic)
    page.keyboard.press("u")
    expect(label(off_topic)).to_have_text(HELD)
    expect_selected(off_topic)  # undo keeps the selection
    assert state_of(off_topic) == Comment.State.HELD
    assert (state_of(kind), state_of(advert), state_of(following)) == (
        Comment.State.PUBLISHED,
        Comment.State.SPAM,
        Comment.State.HELD,
    )

    # The Pending queue, reloaded, holds what still waits.
    page.reload()
    expect(rows).to_have_count(len(mine) - 2)
    assert rows.evaluate_all("rows => rows.map(row => Number(row.dataset.comment))") == [off_topic.pk, *mine[3:]]

    # 4. An anonymous visitor sees the approved comment on the story, and none of the others.
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    try:
        visitor = context.new_page()
        visitor.set_default_timeout(15_000)
        visitor.goto(story.url)
        expect(visitor.get_by_role("heading", level=1)).to_have_text(story.title)
        approved = visitor.locator(f"#c{kind.pk}")
        expect(approved).to_be_visible()
        expect(approved.locator(".comment__author")).to_have_text("Wren Ito")
        expect(approved).to_contain_text(kind.comment)
        expect(approved.locator(".badge--held")).to_have_count(0)
        for hidden in (off_topic, advert):
            expect(visitor.locator(f"#c{hidden.pk}")).to_have_count(0)
        expect(visitor.locator("body")).not_to_contain_text(re.compile("football|courses.example"))
    finally:
        context.close()
