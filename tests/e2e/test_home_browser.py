"""A visitor opens the home page in Chromium: the hubs are listed and the keyboard works."""

from playwright.sync_api import expect


def test_home_page_in_a_real_browser(page, live_demo):
    page.goto("/")
    page.wait_for_url("**/en/")
    expect(page.locator(".hub-card")).to_have_count(3)
    expect(page.locator("html")).to_have_attribute("lang", "en")

    # The first Tab lands on the skip link, which becomes visible and leads to <main>.
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    expect(skip).to_be_focused()
    assert skip.bounding_box()["y"] >= 0
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    page.get_by_role("link", name="Freewheelin").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Freewheelin")
    # The stylesheet loaded from this server (nothing comes from the internet).
    assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith("system-ui")
