"""The security suites: the same headless Chromium as the browser tests.

Each suite reports its figure with the ``report_figure`` fixture (``tests/conftest.py``).
"""

from tests.e2e.conftest import browser  # noqa: F401 - the same headless Chromium as the browser tests
