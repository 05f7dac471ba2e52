"""An editor writes a story, a hub owner approves it, readers find it: the publishing journey in Chromium."""

import re

from playwright.sync_api import expect
from wagtail.images import get_image_model
from wagtail.models import TaskState, WorkflowState

from communities.models import CommunityHubPage
from stories.models import StoryPage
from townsquare.demo.content import DEMO_PASSWORD

TITLE = "Lunch walks that fixed our afternoon slump"
STANDFIRST = "Twenty minutes outside at noon did more for our focus than any productivity app."
PARAGRAPH = "We started walking together at noon, cameras off, phones in pockets."
HERO_ALT = "Three colleagues walking along a river path"


def log_in(page, username):
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def choose(page, chooser, button_name, choice):
    """Open the modal of the chooser widget ``chooser`` and pick ``choice`` (a function of the dialog)."""
    chooser.get_by_role("button", name=button_name).click()
    dialog = page.get_by_role("dialog")
    choice(dialog).click()
    expect(dialog).to_be_hidden()


def fill_story_form(page, title, standfirst, image, hero_alt, author):
    """Fill the new story form's title, standfirst, hero image with its alt text and first author."""
    page.get_by_role("textbox", name="Title*", exact=True).fill(title)
    page.get_by_role("textbox", name="Standfirst*", exact=True).fill(standfirst)

    hero_chooser = page.locator("#id_hero_image-chooser")
    # Image titles are shortened under the thumbnails; the link's tooltip holds "<collection> » <title>".
    image_link = re.compile(rf"(^|» ){re.escape(image.title)}$")
    choose(page, hero_chooser, "Choose an image", lambda dialog: dialog.get_by_title(image_link))
    expect(hero_chooser.locator("[data-chooser-title]")).to_have_text(image.title)
    page.get_by_role("textbox", name="Hero image alternative text", exact=True).fill(hero_alt)

    # The "Authors" inline panel starts with one empty form (min_num=1).
    author_chooser = page.locator("#id_story_authors-0-author-chooser")
    author_link = lambda dialog: dialog.get_by_role("link", name=author.name, exact=True)  # noqa: E731
    choose(page, author_chooser, "Choose author", author_link)
    expect(author_chooser.locator("[data-chooser-title]")).to_have_text(author.name)


def test_editor_submits_story_owner_approves_and_readers_find_it(page, new_page, live_demo, author, no_autosave):
    hub = CommunityHubPage.objects.get(slug="workshifting", locale__language_code="en")
    # The image chooser lists the newest images first, so this one is on its first page.
    image = get_image_model().objects.order_by("-created_at").first()

    # The editor writes the story inside the Workshifting hub.
    editor = new_page()
    log_in(editor, "editor")
    editor.goto(f"/admin/pages/{hub.pk}/")
    editor.get_by_role("link", name="Add child page", exact=True).click()
    # A hub accepts stories and events: Wagtail asks which.
    editor.get_by_role("link", name="Story", exact=True).click()
    expect(editor).to_have_url(re.compile(rf"/admin/pages/add/stories/storypage/{hub.pk}/$"))

    fill_story_form(editor, TITLE, STANDFIRST, image, HERO_ALT, author)

    body = editor.locator("[data-contentpath=body]")
    body.get_by_role("button", name="Insert a block").click()
    editor.get_by_role("option", name="Text", exact=True).click()
    body.get_by_role("textbox").click()
    editor.keyboard.type(PARAGRAPH)
    # Draftail copies what was typed into the block's hidden input a moment later (debounced): wait for it.
    expect(body.locator("input[name$='-value']")).to_have_value(re.compile(re.escape(PARAGRAPH)))

    footer = editor.get_by_role("navigation", name="Actions (footer)")
    footer.get_by_role("button", name="More actions").click()
    footer.get_by_role("button", name="Submit to Workshifting review", exact=True).click()
    expect(editor.get_by_text(f"Page '{TITLE}' created and submitted for moderation.")).to_be_visible()

    story = StoryPage.objects.get(title=TITLE)
    story_url = f"/en/workshifting/{story.slug}/"

    # Awaiting review, the story is invisible to readers: no card, no page.
    page.goto("/en/workshifting/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Workshifting")
    expect(page.locator(".story-card").first).to_be_visible()
    expect(page.locator(".story-card").filter(has_text=TITLE)).to_have_count(0)
    assert page.goto(story_url).status == 404

    # A superuser approves it from the dashboard; the workflow has a single task, so approving publishes.
    admin = new_page()
    log_in(admin, "admin")
    awaiting = admin.get_by_role("region", name="Awaiting your review")
    row = awaiting.get_by_role("row").filter(has_text=TITLE)
    row.get_by_role("button", name="Actions").click()
    with admin.expect_response(re.compile(r"/admin/pages/workflow/action/\d+/approve/\d+/$")) as approval:
        row.get_by_role("button", name="Approve", exact=True).click()
    assert approval.value.status == 302
    expect(row).to_have_count(0)

    # A new reader now finds the story among the hub's cards and can open it. (The first visitor's
    # browser may keep its copy of the hub page for PUBLIC_PAGE_MAX_AGE: the page says "public".)
    reader = new_page()
    reader.goto("/en/workshifting/")
    card = reader.locator(".story-card").filter(has_text=TITLE)
    expect(card).to_have_count(1)
    card.get_by_role("link", name=TITLE, exact=True).click()
    expect(reader).to_have_url(re.compile(rf"{re.escape(story_url)}$"))
    expect(reader.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(reader.get_by_text(STANDFIRST)).to_be_visible()
    expect(reader.get_by_text(PARAGRAPH)).to_be_visible()
    expect(reader.get_by_role("img", name=HERO_ALT)).to_be_visible()

    story.refresh_from_db()
    assert story.live
    assert not story.has_unpublished_changes
    assert story.hero_image == image
    assert story.hero_image_alt == HERO_ALT
    assert [link.author for link in story.story_authors.all()] == [author]
    workflow_state = WorkflowState.objects.for_instance(story).get()
    assert workflow_state.workflow == hub.review_workflow
    assert workflow_state.status == WorkflowState.STATUS_APPROVED
    task_state = workflow_state.task_states.get()
    assert task_state.status == TaskState.STATUS_APPROVED
    assert task_state.finished_by.username == "admin"
