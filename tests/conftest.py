"""Fixtures shared by the whole suite: demo content, logged-in clients, the browser."""

import os
from pathlib import Path

import pytest
from django.db import connection

from townsquare.demo.loader import DemoLoader

# Browser tests: Playwright's own browser download cannot work offline, so they use Debian's
# Chromium (``make test`` installs it when missing).
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Playwright's sync API runs an event loop in this thread; Django's ORM calls made by
# the tests themselves (fixtures, assertions) are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole run (two Playwright instances cannot share a thread)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make test`, which installs Debian's chromium.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


# Figures the security and reliability suites report (vectors tried, URLs × roles checked...),
# printed at the end of every run, after the test summary.
FIGURES = []


def pytest_terminal_summary(terminalreporter):
    if FIGURES:
        terminalreporter.section("security and reliability figures")
        for line in FIGURES:
            terminalreporter.write_line(line)


@pytest.fixture
def report_figure():
    """Call with one line of text: it is printed in the run's summary (``make test`` shows it)."""
    return FIGURES.append


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test starts with an empty cache: the database is rolled back, the cache is not."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the site's default language: a request to /fr/... activates French in
    this thread, and Django does not switch it back after the response."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def demo(db):
    """The demo site (home, three hubs, their stories and the demo users)."""
    DemoLoader().load()


@pytest.fixture(scope="module")
def shared_demo(django_db_setup, django_db_blocker):
    """The demo site loaded once per test module, in a transaction rolled back at the module's end.

    Use it with ``db``: each test then runs in a savepoint inside that transaction."""
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        DemoLoader().load()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: run with DATABASE_URL=postgres://...")


@pytest.fixture
def home(db):
    """A bare site: the default site's root is a fresh hub index page."""
    from wagtail.models import Page, Site

    from tests.factories import HubIndexPageFactory
    from townsquare.demo.loader import ensure_wagtail_roots

    ensure_wagtail_roots()  # a transactional test before this one may have emptied every table
    root = Page.get_first_root_node()
    home = HubIndexPageFactory(parent=root, title="Home", slug="test-home")
    Site.objects.update_or_create(is_default_site=True, defaults={"root_page": home, "hostname": "localhost"})
    return home


@pytest.fixture
def hub(home):
    from tests.factories import CommunityHubPageFactory

    return CommunityHubPageFactory(parent=home, title="Gardening", slug="gardening")


@pytest.fixture
def story(hub):
    """A published story in the hub (modules needing another story define their own)."""
    from tests.factories import StoryPageFactory

    story = StoryPageFactory(parent=hub, title="Seeds", slug="seeds")
    story.save_revision().publish()
    return story


@pytest.fixture
def editor(hub):
    """A member of the hub's editors group."""
    from tests.factories import UserFactory

    return UserFactory(username="hub-editor", groups=[hub.editors_group])
