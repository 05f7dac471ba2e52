"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

The ``browser`` fixture (one Chromium for the whole run) is in ``tests/conftest.py``;
the security suites use it too.
"""

from pathlib import Path

import pytest


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(str(item.fspath)).parent.name == "e2e":
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def new_page(browser, live_server):
    """Open pages in fresh browser contexts (own cookies), closed before the database is flushed."""
    contexts = []

    def open_page():
        context = browser.new_context(base_url=live_server.url, locale="en-GB")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def live_demo(transactional_db):
    """The demo site in a database the live server thread can see.

    A transactional test ends by emptying every table, including the rows Wagtail's
    migrations made; the demo loader puts those back first when they are missing."""
    from townsquare.demo.loader import DemoLoader

    DemoLoader().load()


@pytest.fixture
def author(live_demo):
    # Author profiles are shared snippets the demo may not include: the chooser needs one to offer.
    # The first by name: the chooser lists authors by name, ten a page.
    from wagtail.models import Locale

    from stories.models import Author

    return Author.objects.filter(locale=Locale.get_default()).order_by("name").first() or Author.objects.create(
        name="Sanna Virtanen", role="Support engineer", team="Customer care", region="Tampere, Finland"
    )


@pytest.fixture
def no_autosave(settings):
    # Wagtail's autosave posts the editor form in the background while the test is still typing
    # (and creates the page on its first save): those requests would race the "Submit" click on
    # the live server, which shares one SQLite connection between its threads.
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
