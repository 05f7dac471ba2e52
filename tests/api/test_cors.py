"""CORS: off by default (no other site's script may call the API from a browser), on for the
origins an operator names in ``CORS_ALLOWED_ORIGINS``, for the API only, never with cookies."""

import pytest

ORIGIN = "https://intranet.example.org"


def preflight(client, path="/api/v2/discussions/1/comments/", origin=ORIGIN):
    return client.options(
        path,
        HTTP_ORIGIN=origin,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="content-type",
    )


@pytest.mark.django_db
def test_no_origin_is_allowed_by_default(client):
    assert "Access-Control-Allow-Origin" not in preflight(client)
    assert "Access-Control-Allow-Origin" not in client.get("/api/v2/pages/", HTTP_ORIGIN=ORIGIN)


@pytest.mark.django_db
def test_an_allowed_origin_may_call_the_api_and_nothing_else(client, settings, home):
    settings.CORS_ALLOWED_ORIGINS = [ORIGIN]
    response = preflight(client)
    assert response["Access-Control-Allow-Origin"] == ORIGIN
    assert "POST" in response["Access-Control-Allow-Methods"]
    assert "Access-Control-Allow-Credentials" not in response
    assert client.get("/api/v2/pages/", HTTP_ORIGIN=ORIGIN)["Access-Control-Allow-Origin"] == ORIGIN
    assert "Access-Control-Allow-Origin" not in preflight(client, origin="https://evil.example.net")
    assert "Access-Control-Allow-Origin" not in client.get("/en/", HTTP_ORIGIN=ORIGIN)
