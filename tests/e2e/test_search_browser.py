"""A visitor searches in Chromium: autocomplete with the keyboard, results, facets, another language."""

from playwright.sync_api import expect


def test_autocomplete_with_the_keyboard_then_search_and_refine(page, live_demo):
    page.goto("/en/")
    box = page.locator("#search-box-header")
    box.fill("cycl")
    listbox = page.locator("#search-box-header-suggestions")
    expect(listbox).to_be_visible()
    option = listbox.get_by_role("option", name="Cycling to work through a northern winter")
    expect(option).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")

    box.press("ArrowDown")
    expect(listbox.get_by_role("option").first).to_have_attribute("aria-selected", "true")
    assert box.get_attribute("aria-activedescendant") == "search-box-header-suggestions-0"
    box.press("Escape")
    expect(listbox).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")

    # Enter with no suggestion chosen searches for what was typed.
    box.fill("winter")
    box.press("Enter")
    page.wait_for_url("**/en/search/?q=winter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Search")
    results = page.locator(".search-result")
    expect(results.first.locator("mark").first).to_have_text("winter", ignore_case=True)
    total = results.count()
    assert total >= 2

    # A facet narrows the results, and shows as a filter that can be removed.
    page.locator(".search-facet").filter(has_text="Show").get_by_role("link", name="Stories").click()
    page.wait_for_url("**kind=story**")
    expect(page.locator(".search-result--comment")).to_have_count(0)
    expect(page.get_by_role("list", name="Filters in use")).to_contain_text("Stories")

    # Choosing a suggestion with the keyboard opens the page.
    box = page.locator("#search-q")
    box.fill("cycl")
    expect(page.locator("#search-q-suggestions").get_by_role("option").first).to_be_visible()
    box.press("ArrowDown")
    box.press("Enter")
    page.wait_for_url("**/en/freewheelin/cycling-through-a-northern-winter/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Cycling to work through a northern winter")


def test_search_in_japanese_and_arabic(page, live_demo):
    page.goto("/ja/search/?q=自転車")
    expect(page.locator(".search-result--story mark").first).to_have_text("自転車")
    page.goto("/ar/search/?q=الدراجة")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator(".search-result--story").first).to_contain_text("بالدراجة")
