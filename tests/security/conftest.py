"""The security suites. They share the run's headless Chromium (``browser`` in ``tests/conftest.py``)
and report their figures with ``report_figure`` (same place)."""
