"""In Chromium: a visitor who types and posts at once is not refused (the page solves the form's
challenge while they type), the character counter counts as the server does and warns over the
limit, a long comment comes back whole, and a visitor without JavaScript is told their comment
will be read first."""

import re

from playwright.sync_api import expect

from moderation.models import Comment
from stories.models import StoryPage
from tests.e2e.test_comments_browser import STORY_SLUG, confirm_by_email, mail_to, open_story
from tests.e2e.test_csp_browser import COLLECT_VIOLATIONS, violations
from tests.stories.comment_helpers import add_comment
from townsquare.settings import base as base_settings

COUNTER = "[data-counter]"
NO_SOLUTION = "onmessage = (event) => { if (event.data.type === 'work') postMessage(null); };"


def demo_story():
    return StoryPage.objects.get(slug=STORY_SLUG, locale__language_code="en")


def test_a_visitor_who_types_and_posts_at_once_gets_the_comment_through(page, live_server, live_demo, settings):
    settings.ALTCHA_MAX_NUMBER = base_settings.ALTCHA_MAX_NUMBER  # the site's own cost, not the tests' cheap one
    story = demo_story()
    add_comment(story, "An earlier comment.", name="Kim Returning", email="kim@example.net")  # published before

    page.add_init_script(COLLECT_VIOLATIONS)
    requested, posts, held_workers = [], [], []
    page.on("request", lambda request: requested.append(request.url))
    page.on("request", lambda request: request.method == "POST" and posts.append(request.url))
    # The widget's solver is held back until the visitor has posted: the post is made mid-solve, every time.
    page.route("**/static/vendor/altcha/worker.js", lambda route: held_workers.append(route))
    open_story(page, story)
    # ALTCHA's widget, from our own static files, takes the challenge the page's script hands it.
    expect(page.locator("form.comment-form altcha-widget")).to_have_count(1)
    page.wait_for_function("() => customElements.get('altcha-widget') !== undefined")
    page.get_by_label("Your comment").fill("Quick thought: yes.")
    page.get_by_label("Name", exact=True).fill("Kim Returning")
    page.get_by_label("E-mail", exact=True).fill("kim@example.net")
    page.get_by_role("button", name="Post comment").click()  # at once: no waiting for anything
    # Posting waits for the solution: the form is busy, nothing is sent (the widget's unticked box
    # does not stop the post either, which the browser's own form checks would do).
    expect(page.locator("form.comment-form")).to_have_attribute("aria-busy", "true")
    expect(page.locator("form.comment-form altcha-widget .altcha")).to_have_attribute("data-state", "verifying")
    page.wait_for_timeout(500)
    assert held_workers and posts == [], (held_workers, posts)
    for route in held_workers:
        route.continue_()
    # The widget solves, at the site's own cost, and the comment goes (discussion.js gives up after 20 s).
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your e-mail", timeout=30_000)
    expect(page.locator(".messages")).to_have_count(0)  # nothing about a review: the check passed
    vendor = {url.rsplit("/", 1)[1] for url in requested if "/static/vendor/altcha/" in url}
    assert {"altcha.js", "altcha.css", "worker.js"} <= vendor, vendor  # the widget solved it in its worker
    assert all(url.startswith(live_server.url) for url in requested if url.startswith("http")), requested
    assert violations(page) == []  # nor did it need anything the Content-Security-Policy forbids
    assert len(posts) == 1, posts

    [confirmation] = mail_to("kim@example.net")
    confirm_by_email(page, confirmation)
    comment = Comment.objects.get(page=story, comment="Quick thought: yes.")
    assert (comment.state, comment.reasons) == (Comment.State.PUBLISHED, [])
    expect(page.locator(f"#c{comment.pk}")).to_contain_text("Quick thought: yes.")


def test_a_widget_that_cannot_solve_still_lets_the_visitor_post_for_review(page, live_demo):
    story = demo_story()
    # A solver that finds no solution: the widget reports an error (one that never answers is given up after 20 s).
    page.route(
        "**/static/vendor/altcha/worker.js",
        lambda route: route.fulfill(content_type="text/javascript", body=NO_SOLUTION),
    )
    open_story(page, story)
    page.wait_for_function("() => customElements.get('altcha-widget') !== undefined")
    # The browser's own checks still speak for the visitor's fields (and nothing is sent).
    page.get_by_label("Your comment").fill("Posted without a solution.")
    page.get_by_role("button", name="Post comment").click()
    assert page.eval_on_selector("form.comment-form input[name=name]", "field => field.validationMessage")
    assert page.eval_on_selector("form.comment-form", "form => form.getAttribute('aria-busy')") is None
    page.get_by_label("Name", exact=True).fill("Ari Blocked")
    page.get_by_label("E-mail", exact=True).fill("ari@example.net")
    expect(page.locator("form.comment-form altcha-widget .altcha")).to_have_attribute("data-state", "error")
    page.get_by_role("button", name="Post comment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your e-mail")
    expect(page.locator(".messages")).to_contain_text("a moderator will read your comment before it appears")
    assert mail_to("ari@example.net")


def test_the_counter_counts_as_the_server_and_a_long_comment_comes_back_whole(page, live_demo):
    story = demo_story()
    open_story(page, story)
    box = page.get_by_label("Your comment")
    counter = page.locator(COUNTER)

    box.fill("  Two\nlines 🌱  ")  # spaces around do not count, a line break and an emoji once each
    expect(counter).to_have_text("11 of 5,000 characters")
    expect(counter).not_to_have_attribute("data-over-limit", "")

    long_text = ("All of this matters. " * 290)[:5799] + "!"
    box.fill(long_text)
    expect(counter).to_have_text("5,800 of 5,000 characters: 800 too many. Shorten your comment to post it.")
    expect(counter).to_have_attribute("data-over-limit", "")
    expect(counter).to_have_attribute("role", "alert")
    assert page.eval_on_selector("textarea[name=comment]", "box => box.value.length") == 5800  # nothing cut

    page.get_by_label("Name", exact=True).fill("Lee Long")
    page.get_by_label("E-mail", exact=True).fill("lee@example.net")
    page.get_by_role("button", name="Post comment").click()
    expect(page.get_by_text("Comments can be at most 5000 characters long; this one has 5800.")).to_be_visible()
    assert page.eval_on_selector("textarea[name=comment]", "box => box.value") == long_text
    expect(page.locator(COUNTER)).to_have_text(re.compile(r"^5,800 of 5,000 characters: 800 too many"))

    # Shortened on the same page, it posts.
    page.get_by_label("Your comment").fill(long_text[:5000])
    expect(page.locator(COUNTER)).to_have_text("5,000 of 5,000 characters")
    page.get_by_role("button", name="Post comment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your e-mail")
    assert mail_to("lee@example.net")


def test_a_visitor_without_javascript_posts_and_is_told_it_will_be_reviewed(browser, live_server, live_demo):
    story = demo_story()
    context = browser.new_context(base_url=live_server.url, locale="en-GB", java_script_enabled=False)
    try:
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(story.url)
        page.get_by_role("link", name="Write a comment").click()
        page.get_by_label("Your comment").fill("Written without any script.")
        page.get_by_label("Name", exact=True).fill("Noa Plain")
        page.get_by_label("E-mail", exact=True).fill("noa@example.net")
        page.get_by_role("button", name="Post comment").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Check your e-mail")
        expect(page.locator(".messages")).to_contain_text("a moderator will read your comment before it appears")
        assert mail_to("noa@example.net")
    finally:
        context.close()
