"""Every moderation, feedback and insights admin page, opened in Chromium by a hub moderator
(not a superuser): none may log a console error or throw, and each answers 200.

The pages come from the URL resolver (every pattern of those screens that takes no argument),
plus a comment's history page and the history page of a comment marked as feedback (where a
feedback item is shown and changed), so that a new screen is checked without editing this file.
"""

from django.urls import URLPattern, URLResolver, get_resolver, reverse
from playwright.sync_api import expect

from tests.e2e.test_moderation_browser import sign_in

SCREENS = ("moderation", "feedback", "insights")
MODERATOR = "moderator"  # the demo's moderator of one hub
SUPERUSER_ONLY = {"moderation:erase"}  # a moderator is refused these (tests/security/url_matrix.py)


def admin_pages_without_arguments():
    """(name, path) of every admin URL of the moderation, feedback and insights screens with no argument."""
    found = []

    def walk(patterns, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, entry.namespace or namespace)
            elif isinstance(entry, URLPattern) and entry.name and not entry.pattern.regex.groups:
                screen = namespace or entry.name
                if any(screen == name or screen.startswith(f"{name}-") for name in SCREENS):
                    found.append(f"{namespace}:{entry.name}" if namespace else entry.name)

    walk(get_resolver().url_patterns, "")
    pages = []
    for name in sorted(set(found)):
        path = reverse(name)
        # The listings' results URLs are fragments that the listing page reloads (opened with it), not pages.
        fragment = name.endswith("_results") or name.endswith(":stories")
        if path.startswith("/admin/") and not path.endswith(".csv") and name not in SUPERUSER_ONLY and not fragment:
            pages.append((name, path))
    return pages


PAGES = admin_pages_without_arguments()
QUEUES = [name for name, _path in PAGES if name.startswith("moderation-")]


def test_the_list_of_pages_is_complete():
    names = {name for name, _path in PAGES}
    assert len(QUEUES) >= 6, PAGES
    assert {"moderation:log", "feedback:index", "insights"} <= names, names


def open_and_collect_errors(page, paths):
    """{path: its console errors, uncaught exceptions or unexpected status} of each path opened in turn."""
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    found = {}
    for path in paths:
        errors.clear()
        response = page.goto(path)
        if response is None or response.status != 200:
            errors.append(f"answered {response and response.status}")
        page.wait_for_load_state("networkidle")
        if errors:
            found[path] = list(errors)
    return found


def case_pages(moderator):
    """A comment's history page, and the history page of a comment marked as feedback."""
    from listening.models import FeedbackItem
    from moderation.models import Comment
    from moderation.permissions import scope_comments

    comment = scope_comments(Comment.objects.filter(feedback__isnull=True), moderator).order_by("pk").first()
    item = FeedbackItem.objects.filter(hub_id__in=scope_comments(Comment.objects.all(), moderator).values("hub_id"))
    item = item.order_by("pk").first()
    assert comment is not None and item is not None, "the demo gives the moderator comments and feedback"
    return [f"/admin/moderation/{comment.pk}/", f"/admin/moderation/{item.comment_id}/"]


def test_every_page_logs_no_console_error(page, live_demo):
    # The pages are only read: one demo and one sign-in serve them all, and the failure names
    # every page that logged an error (loading the demo per page cost minutes per run).
    from django.contrib.auth import get_user_model

    paths = [path for _name, path in PAGES] + case_pages(get_user_model().objects.get(username=MODERATOR))
    sign_in(page, MODERATOR)
    assert open_and_collect_errors(page, paths) == {}
    # The last page opened is the feedback item's: its panel is shown.
    expect(page.locator("[data-feedback-panel]")).to_be_visible()


def test_the_insights_date_filter_filters(page, live_demo):
    sign_in(page, MODERATOR)
    page.goto("/admin/insights/")
    page.locator("#id_start").fill("2001-01-01")
    page.locator("#id_end").fill("2001-01-31")
    page.locator("form.insights-filter [type=submit]").click()
    page.wait_for_url("**/admin/insights/?*start=2001-01-01*")
    assert "end=2001-01-31" in page.url
    # The page reports the period it used: the one asked for, not the default twelve weeks.
    expect(page.locator("p", has_text="2001").first).to_be_visible()
