"""The API's documentation page (``/api/v2/docs/``) works in Chromium under the site's
Content-Security-Policy, from the site's own static files: it lists the operations of the
schema it loads, and nothing is fetched from another host."""

from urllib.parse import urlsplit

from playwright.sync_api import expect

from tests.e2e.test_csp_browser import COLLECT_VIOLATIONS, violations


def test_the_documentation_page_lists_the_operations_without_violations(page, transactional_db, live_server):
    page.add_init_script(COLLECT_VIOLATIONS)
    hosts = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    page.goto("/api/v2/docs/")
    expect(page.get_by_text("Townsquare API").first).to_be_visible()
    expect(page.get_by_text("Read a page's discussion")).to_be_visible()
    expect(page.get_by_text("Post a comment or reply")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert violations(page) == []
    assert hosts == {urlsplit(live_server.url).netloc}
