"""Assertion helpers shared by the test suite."""

from django.contrib.messages import get_messages


def assert_permission_denied(response):
    """Wagtail's admin answers a forbidden request with 403, or (for page views) by sending
    the user back to the dashboard with an error message: accept either, nothing else."""
    if response.status_code == 403:
        return
    assert response.status_code == 302, f"expected 403 or a redirect, got {response.status_code}"
    assert response["Location"] == "/admin/"
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("permission" in text.lower() for text in texts), texts
