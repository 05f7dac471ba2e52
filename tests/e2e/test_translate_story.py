"""An employee writes a story, checks it, previews it, submits it and translates it into French;
the hub's owner publishes both together. The French page is never live before that.

The screenshots of docs/editors.md are taken here: ``make screenshots`` runs this test with
``DOCS_SCREENSHOTS=docs/images/editors``; otherwise they go to a temporary folder, and the test
still checks that each one was taken.
"""

import os
import re

import pytest
from playwright.sync_api import expect
from wagtail.images import get_image_model
from wagtail.models import Locale

from communities.models import CommunityHubPage
from stories.models import StoryPage
from tests.e2e.test_publish_story import fill_story_form, log_in

TITLE = "Finding a quiet corner in a busy office"
STANDFIRST = "Open-plan floors are loud. Here is how our team finds the quiet it needs to think."
# The hub's product names (demo): "Townsquare Desk", "DeskBooker".
BROCHURE = [
    "DeskBooker shows which quiet rooms are free, so we book one before a long piece of writing.",
    "With DeskBooker we also reserve a desk by the window on Mondays.",
]
TOPICAL = [
    "Headphones are a signal as much as a tool: on means 'not now', and everyone respects it.",
    "We keep Wednesday mornings free of meetings, and the whole floor is quieter for it.",
]
HERO_ALT = "A colleague reading by a window in a quiet corner of the office"
FRENCH_TITLE = "Trouver un coin calme dans un bureau animé"

SHOTS = [
    "write-story-panel",
    "brochure-check",
    "live-preview",
    "translate-page",
    "translation-editor",
    "submit-with-translations",
    "story-translations",
    "publish-with-translations",
]


@pytest.fixture
def screenshots(tmp_path):
    folder = os.environ.get("DOCS_SCREENSHOTS") or tmp_path
    os.makedirs(folder, exist_ok=True)
    taken = []

    def shoot(page, name, locator=None):
        path = os.path.join(folder, f"{name}.png")
        (locator or page).screenshot(path=path)
        taken.append(name)

    yield shoot
    assert taken == SHOTS
    for name in SHOTS:
        with open(os.path.join(folder, f"{name}.png"), "rb") as png:
            assert png.read(8) == b"\x89PNG\r\n\x1a\n", name


def add_paragraph(page, body, text):
    """Append a "Text" block to the body StreamField and type ``text`` into it."""
    boxes = body.get_by_role("textbox")
    count = boxes.count()
    body.get_by_role("button", name="Insert a block").last.click()
    page.get_by_role("option", name="Text", exact=True).click()
    expect(boxes).to_have_count(count + 1)
    box = boxes.last
    box.click()
    expect(box).to_be_focused()  # Draftail takes a moment to start in a new block
    page.keyboard.type(text)
    expect(body.locator("input[name$='-value']").last).to_have_value(re.compile(re.escape(text[:30])))


def open_menu(toggle, item):
    """Click the dropdown ``toggle`` until ``item`` shows: on a busy machine the first click can
    come before Wagtail's script has wired the dropdown up."""
    for _attempt in range(3):
        toggle.click()
        try:
            expect(item).to_be_visible(timeout=5_000)
            return item
        except AssertionError:
            continue
    expect(item).to_be_visible()
    return item


def assert_not_found(page, url):
    assert page.goto(url).status == 404, url


def test_editor_writes_checks_previews_translates_and_owner_publishes_both(
    page, new_page, live_demo, author, no_autosave, screenshots, settings
):
    hub = CommunityHubPage.objects.get(slug="workshifting", locale__language_code="en")
    image = get_image_model().objects.order_by("-created_at").first()
    french = Locale.objects.get(language_code="fr")

    # The editor starts from the dashboard, in their hub.
    editor = new_page()
    editor.set_viewport_size({"width": 1280, "height": 860})
    log_in(editor, "editor")
    write = editor.locator("#write-story-content").get_by_role("link", name="Write a story in Workshifting")
    expect(write).to_be_visible()
    screenshots(editor, "write-story-panel")
    write.click()
    expect(editor).to_have_url(re.compile(rf"/admin/pages/add/stories/storypage/{hub.pk}/$"))

    fill_story_form(editor, TITLE, STANDFIRST, image, HERO_ALT, author)
    body = editor.locator("[data-contentpath=body]")
    for text in BROCHURE:
        add_paragraph(editor, body, text)

    # The live preview shows the page as readers will see it, and the Checks panel reads it.
    editor.get_by_role("button", name="Toggle preview").click()
    preview = editor.frame_locator("iframe#w-preview-iframe")
    expect(preview.get_by_role("heading", level=1)).to_have_text(TITLE)
    editor.get_by_role("button", name="Toggle checks").click()
    checks = editor.locator("[data-side-panel='checks']")
    expect(checks.get_by_text("Reads like a brochure")).to_be_visible()
    screenshots(editor, "brochure-check")

    # Two paragraphs about what readers care about: the products no longer dominate.
    for text in TOPICAL:
        add_paragraph(editor, body, text)
    editor.get_by_role("button", name="Toggle preview").click()
    expect(preview.get_by_text(TOPICAL[-1])).to_be_visible()
    expect(preview.locator("[data-brochure-check]")).to_have_count(0)
    screenshots(editor, "live-preview")

    footer = editor.get_by_role("navigation", name="Actions (footer)")
    more = footer.get_by_role("button", name="More actions")
    open_menu(more, footer.get_by_role("button", name="Submit to Workshifting review", exact=True)).click()
    expect(editor.get_by_text(f"Page '{TITLE}' created and submitted for moderation.")).to_be_visible()
    story = StoryPage.objects.get(title=TITLE)
    assert story.workflow_in_progress and not story.live

    # Translating: Wagtail-localize's "Translate this page", into French.
    editor.goto(f"/admin/pages/{story.pk}/edit/")
    toggle = editor.get_by_role("navigation", name="Actions", exact=True).get_by_role("button", name="Actions")
    open_menu(toggle, editor.get_by_role("link", name="Translate this page")).click()
    editor.get_by_label("French").check()
    screenshots(editor, "translate-page")
    editor.get_by_role("button", name="Submit").click()
    french_story = StoryPage.objects.get(translation_key=story.translation_key, locale=french)
    french_url = french_story.get_url()
    assert not french_story.live
    assert_not_found(page, french_url)

    # The French draft opens in the translation editor; the editor translates the title.
    expect(editor).to_have_url(re.compile(rf"/admin/pages/{french_story.pk}/edit/$"))
    # wagtail-localize's editor: the first segment is the title.
    editor.get_by_role("button", name="Translate", exact=True).first.click()
    editor.locator("textarea").first.fill(FRENCH_TITLE)
    editor.get_by_role("button", name="Save", exact=True).first.click()
    expect(editor.get_by_text(FRENCH_TITLE).first).to_be_visible()
    screenshots(editor, "translation-editor")
    assert_not_found(page, french_url)

    # Back on the story: its languages go to the hub's reviewers together.
    editor.goto(f"/admin/pages/{story.pk}/edit/")
    footer = editor.get_by_role("navigation", name="Actions (footer)")
    more = footer.get_by_role("button", name="More actions")
    open_menu(more, footer.get_by_role("link", name="Submit with translations for review")).click()
    expect(editor.locator("[data-submit-together]")).to_contain_text(f"{FRENCH_TITLE} (French)")
    screenshots(editor, "submit-with-translations")
    editor.get_by_role("button", name="Submit for review").click()
    expect(editor.get_by_text(f"Submitted for review: {FRENCH_TITLE} (French).")).to_be_visible()
    french_story.refresh_from_db()
    assert french_story.workflow_in_progress and not french_story.live
    assert_not_found(page, french_url)

    # Reports → Story translations: where each language of each story of the hub stands.
    editor.goto("/admin/reports/story-translations/")
    row = editor.get_by_role("row").filter(has_text=TITLE)
    expect(row).to_contain_text("in review")
    screenshots(editor, "story-translations")

    # The hub's owner reviews: both languages wait for them; one action publishes both.
    owner = new_page()
    owner.set_viewport_size({"width": 1280, "height": 860})
    log_in(owner, "owner")
    awaiting = owner.get_by_role("region", name="Awaiting your review")
    expect(awaiting.get_by_role("row").filter(has_text=TITLE)).to_have_count(1)
    expect(awaiting.get_by_role("row").filter(has_text=FRENCH_TITLE)).to_have_count(1)
    owner.goto(f"/admin/pages/{story.pk}/edit/")
    footer = owner.get_by_role("navigation", name="Actions (footer)")
    more = footer.get_by_role("button", name="More actions")
    open_menu(more, footer.get_by_role("link", name="Publish with translations")).click()
    plan = owner.get_by_role("main")
    expect(plan.get_by_text("in review: approve and publish")).to_have_count(2)
    screenshots(owner, "publish-with-translations")
    assert_not_found(page, french_url)
    owner.get_by_role("button", name="Publish all").click()
    expect(owner.get_by_text(f"Published: {TITLE} (English), {FRENCH_TITLE} (French).")).to_be_visible()

    # Readers find both.
    reader = new_page()
    for url, title in ((story.get_url(), TITLE), (french_url, FRENCH_TITLE)):
        assert reader.goto(url).status == 200, url
        expect(reader.get_by_role("heading", level=1)).to_have_text(title)
    for item in (story, french_story):
        item.refresh_from_db()
        assert item.live and not item.has_unpublished_changes and not item.workflow_in_progress
