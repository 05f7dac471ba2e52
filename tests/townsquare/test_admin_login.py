"""Each demo user can sign in to the Wagtail admin with the documented password."""

import pytest

from townsquare.demo import content


@pytest.mark.parametrize("username", ["admin", "editor", "moderator"])
def test_demo_user_signs_in_to_admin(client, shared_demo, db, username):
    response = client.post(
        "/admin/login/", {"username": username, "password": content.DEMO_PASSWORD, "next": "/admin/"}
    )
    assert response.status_code == 302, response.content[:500]
    assert response["Location"] == "/admin/"
    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200
    assert dashboard.wsgi_request.user.username == username


def test_wrong_password_is_refused(client, shared_demo, db):
    response = client.post("/admin/login/", {"username": "editor", "password": "wrong"})
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated
