"""The Content-Security-Policy breaks nothing: the demo's public pages run without one violation.

Chromium reports every blocked script, style, frame or connection as a
``securitypolicyviolation`` event; an init script collects them before any page script runs.
The pages' own scripts still work under the policy: the comment form appears (it is filled
in by a fetch) and the search box suggests stories.
"""

from playwright.sync_api import expect

from stories.models import StoryPage

COLLECT_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__violations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
});
"""


def violations(page):
    return page.evaluate("window.__violations")


def test_public_pages_run_under_the_policy_without_violations(page, live_demo):
    page.add_init_script(COLLECT_VIOLATIONS)
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    story = StoryPage.objects.get(slug="five-rituals-distributed-team", locale__language_code="en")
    urls = ["/en/", "/en/workshifting/", story.url, "/ar/", "/ja/", f"/en/comments/write/{story.pk}/"]
    seen = {}
    for url in urls:
        response = page.goto(url)
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
        seen[url] = violations(page)

    # The story page's script fetched fresh form data and showed the form.
    page.goto(story.url)
    expect(page.get_by_label("Your comment")).to_be_visible()
    # The header's search box suggests stories.
    page.get_by_role("combobox").first.fill("cycl")
    expect(page.get_by_role("option").first).to_be_visible()
    page.get_by_role("combobox").first.press("Enter")
    page.wait_for_load_state("networkidle")
    seen["search"] = violations(page)

    assert {url: found for url, found in seen.items() if found} == {}
    assert [error for error in errors if "Content Security Policy" in error] == []
