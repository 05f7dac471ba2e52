"""Moderators' personal API tokens: created in the admin's account settings by moderators only,
shown once, stored as a digest, revoked at once; and how the API reads the Authorization header.

Through Django's test client (the admin screens, and the API's answers to malformed headers);
tests/api/test_api_permissions.py asks every endpoint with every role over HTTP."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import APIToken, ModelLogEntry
from wagtail.test.utils import WagtailTestUtils

from tests.moderation.test_permissions import build_world

ACCOUNT = "/admin/account/"
NEW_TOKEN = "/admin/account/api-tokens/new/"
QUEUES = "/api/v2/moderation/queues/"
PROBLEM = "application/problem+json"


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Two hubs, their teams and the roles, built once for the module (each test in a savepoint)."""
    yield from build_world(django_db_blocker)


@pytest.fixture
def users(world, db):
    return world.users


def soup(response):
    return WagtailTestUtils.get_soup(response.content)


def create_token(client, user, name="Triage script"):
    """Sign ``user`` in, create a token named ``name``; the response and the secret it shows."""
    client.force_login(user)
    response = client.post(NEW_TOKEN, {"name": name})
    field = soup(response).select_one("[data-token-secret]")
    return response, field["value"] if field else None


def bearer(secret):
    return {"Authorization": f"Bearer {secret}"}


def revoke_url(token):
    return f"/admin/account/api-tokens/{token.pk}/revoke/"


# ---------------------------------------------------------------------------------------------
# The account settings
# ---------------------------------------------------------------------------------------------


def test_moderators_find_their_tokens_in_the_account_settings(client, users):
    client.force_login(users["moderator_a"])
    page = soup(client.get(ACCOUNT))
    assert page.select_one("#tab-label-api-tokens") is not None
    assert page.select_one("#tab-api-tokens a[data-create-token]")["href"] == NEW_TOKEN
    assert page.select_one("#tab-api-tokens [data-api-tokens]") is None  # none yet


def form_data(form):
    """What a browser would submit from ``form`` as it is (files left out)."""
    data = {}
    for field in form.select("input[name], select[name], textarea[name]"):
        kind = field.get("type", "")
        if kind in ("file", "submit") or (kind in ("checkbox", "radio") and not field.has_attr("checked")):
            continue
        if field.name == "select":
            option = field.select_one("option[selected]") or field.select_one("option")
            data[field["name"]] = option.get("value", option.text) if option else ""
        else:
            data[field["name"]] = field.get("value", "") if field.name == "input" else field.text
    return data


def test_the_account_form_still_saves_with_the_tokens_tab(client, users):
    """The tab adds nothing to the account page's one big form: saving the profile still works."""
    moderator = users["moderator_a"]
    client.force_login(moderator)
    data = form_data(soup(client.get(ACCOUNT)).select_one("form#w-editor-form"))
    assert not [name for name in data if name.startswith("api_tokens")]
    data.update({"name_email-first_name": "Mo", "name_email-last_name": "Derator"})
    response = client.post(ACCOUNT, data)
    assert response.status_code == 302, soup(response).select(".error-message")
    moderator.refresh_from_db()
    assert moderator.first_name == "Mo"
    assert not APIToken.objects.exists()


@pytest.mark.parametrize("role", ["editor_a", "visitor"])
def test_people_who_moderate_nothing_get_no_tab_and_cannot_create_a_token(client, users, role):
    client.force_login(users[role])
    account = client.get(ACCOUNT)
    if role == "visitor":  # no access to the admin at all
        assert account.status_code == 302 and "/login/" in account["Location"]
    else:
        assert account.status_code == 200
        assert soup(account).select_one("#tab-label-api-tokens") is None
    for response in (client.get(NEW_TOKEN), client.post(NEW_TOKEN, {"name": "Mine"})):
        if role == "visitor":
            assert response.status_code == 302 and "/login/" in response["Location"]
        else:
            assert response.status_code == 403
            assert "Only moderators can create API tokens." in soup(response).select_one("[role=alert]").text
    assert not APIToken.objects.exists()


def test_a_new_token_is_shown_once_and_only_its_digest_is_kept(client, users):
    moderator = users["moderator_a"]
    response, secret = create_token(client, moderator)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert secret.startswith("wagtail_") and APIToken.validate_token_format(secret)

    token = APIToken.objects.get()
    assert (token.user, token.name, token.revoked_at, token.last_used_at) == (moderator, "Triage script", None, None)
    assert token.key_hash == APIToken.hash_token(secret)
    assert token.prefix == secret[:12]
    stored = " ".join(str(value) for value in APIToken.objects.values_list().get())
    assert secret not in stored
    entry = ModelLogEntry.objects.get(action="wagtail.apitoken.create")
    assert (entry.object_id, entry.user) == (str(token.pk), moderator)
    assert secret not in str(entry.data) + entry.label

    # Listed by its name and prefix from now on; the secret is never shown again.
    for page in (client.get(ACCOUNT), client.get(NEW_TOKEN)):
        assert secret not in page.content.decode()
    row = soup(client.get(ACCOUNT)).select_one(f"#tab-api-tokens tr[data-token='{token.pk}']")
    assert "Triage script" in row.text and f"{token.prefix}…" in row.text
    assert row.select_one("a[data-revoke]")["href"] == revoke_url(token)

    # It works at once.
    client.logout()
    assert client.get(QUEUES, headers=bearer(secret)).status_code == 200


@pytest.mark.parametrize(
    ("name", "message"),
    [("", "This field is required."), ("   ", "This field is required."), ("x" * 256, "at most 255 characters")],
)
def test_a_token_needs_a_name(client, users, name, message):
    response, secret = create_token(client, users["moderator_a"], name=name)
    assert response.status_code == 400
    assert secret is None
    assert message in soup(response).select_one("form").text
    assert not APIToken.objects.exists()


def test_a_moderator_has_at_most_twenty_active_tokens(client, users):
    moderator = users["moderator_b"]
    for number in range(20):
        APIToken.create_token(user=moderator, name=f"Token {number}")
    response, secret = create_token(client, moderator, name="One more")
    assert response.status_code == 400 and secret is None
    assert "revoke one you no longer use first" in soup(response).select_one("form").text
    APIToken.objects.filter(name="Token 0").update(revoked_at=timezone.now())
    assert create_token(client, moderator, name="One more")[1] is not None


def test_revoking_stops_the_token_at_once(client, users):
    moderator = users["moderator_a"]
    _response, secret = create_token(client, moderator)
    token = APIToken.objects.get()
    assert client.get(QUEUES, headers=bearer(secret)).status_code == 200

    confirm = client.get(revoke_url(token))
    assert confirm.status_code == 200
    assert soup(confirm).select_one("form[method=post] button[type=submit]") is not None
    response = client.post(revoke_url(token))
    assert response.status_code == 302 and response["Location"] == f"{ACCOUNT}#tab-api-tokens"

    token.refresh_from_db()
    assert token.revoked_at is not None
    refused = client.get(QUEUES, headers=bearer(secret))
    assert refused.status_code == 401 and refused["Content-Type"] == PROBLEM
    entry = ModelLogEntry.objects.get(action="wagtail.apitoken.revoke")
    assert (entry.object_id, entry.user) == (str(token.pk), moderator)

    # Listed as revoked, without a revoke link; revoking again changes nothing.
    row = soup(client.get(ACCOUNT)).select_one(f"tr[data-token='{token.pk}']")
    assert row.select_one("a[data-revoke]") is None and "Revoked on" in row.text
    revoked_at = token.revoked_at
    assert client.post(revoke_url(token)).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at == revoked_at
    assert ModelLogEntry.objects.filter(action="wagtail.apitoken.revoke").count() == 1


def test_a_former_moderator_still_sees_and_revokes_their_tokens(client, users):
    editor = users["editor_a"]
    token, _secret = APIToken.create_token(user=editor, name="From my moderating days")
    client.force_login(editor)
    page = soup(client.get(ACCOUNT))
    assert page.select_one(f"tr[data-token='{token.pk}'] a[data-revoke]") is not None
    assert page.select_one("a[data-create-token]") is None
    assert client.post(revoke_url(token)).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


@pytest.mark.parametrize("pk", ["other", "999999", "-1", "99999999999999999999999", "abc"])
def test_nobody_revokes_a_token_that_is_not_theirs(client, users, pk):
    token, secret = APIToken.create_token(user=users["moderator_a"], name="Mine")
    client.force_login(users["moderator_b"])
    url = revoke_url(token) if pk == "other" else f"/admin/account/api-tokens/{pk}/revoke/"
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


# ---------------------------------------------------------------------------------------------
# The Authorization header
# ---------------------------------------------------------------------------------------------


def test_last_use_is_written_at_most_once_a_minute(client, users):
    token, secret = APIToken.create_token(user=users["moderator_a"], name="Busy script")

    def updates():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(QUEUES, headers=bearer(secret)).status_code == 200
        return [q["sql"] for q in queries if q["sql"].startswith("UPDATE") and "apitoken" in q["sql"]]

    assert len(updates()) == 1
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    assert updates() == []  # the second request, within the minute, writes nothing
    APIToken.objects.filter(pk=token.pk).update(last_used_at=first - datetime.timedelta(minutes=2))
    assert len(updates()) == 1
    token.refresh_from_db()
    assert token.last_used_at > first


def problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == status and body["detail"]
    return body


@pytest.mark.parametrize(
    "header",
    [
        "Bearer",
        "Bearer ",
        "Bearer two words",
        "Bearer not-a-token",
        "Bearer wagtail_0000000000000000000000000000",  # the right length, a wrong checksum
        "Bearer {unknown}",  # a well-formed token nobody was given
        "Bearer {secret}x",
        "bearer {secret} {secret}",
    ],
)
def test_a_bad_token_is_a_401_that_names_the_scheme(client, users, header):
    _token, secret = APIToken.create_token(user=users["moderator_a"], name="Good")
    header = header.format(secret=secret, unknown=APIToken.generate_token())
    response = client.get(QUEUES, headers={"Authorization": header})
    problem(response, 401)
    assert response["WWW-Authenticate"] == "Bearer"


def test_the_scheme_is_case_insensitive_and_other_schemes_are_anonymous(client, users):
    _token, secret = APIToken.create_token(user=users["moderator_a"], name="Good")
    assert client.get(QUEUES, headers={"Authorization": f"bearer {secret}"}).status_code == 200
    for header in (f"Token {secret}", "Basic bW9kZXJhdG9yOmNoYW5nZW1l"):
        response = client.get(QUEUES, headers={"Authorization": header})
        problem(response, 401)
        assert response["WWW-Authenticate"] == "Bearer"


def test_an_inactive_account_s_token_does_not_work(client, users):
    moderator = users["moderator_a"]
    _token, secret = APIToken.create_token(user=moderator, name="Good")
    moderator.is_active = False
    moderator.save(update_fields=["is_active"])
    problem(client.get(QUEUES, headers=bearer(secret)), 401)


def test_the_session_is_never_read(client, users):
    """A moderator signed in to the admin, calling the API from the same browser, is anonymous to it."""
    client.force_login(users["superuser"])
    response = client.get(QUEUES)
    problem(response, 401)
    assert client.post(f"/api/v2/moderation/comments/{999}/approve/", {}).status_code == 401


@pytest.mark.parametrize(
    "query",
    [
        "token={secret}",
        "access_token={secret}",
        "api_key={secret}",
        "key=anything",
        "auth=anything",
        "Access-Token=x",
        "TOKEN=",
        "q={secret}",  # a token as the value of any parameter
    ],
)
@pytest.mark.parametrize("with_header", [True, False], ids=["with a valid header", "without a header"])
def test_a_credential_in_the_query_string_is_a_400(client, users, query, with_header):
    _token, secret = APIToken.create_token(user=users["moderator_a"], name="Good")
    headers = bearer(secret) if with_header else {}
    name = query.split("=")[0]
    response = client.get(f"{QUEUES}?{query.format(secret=secret)}", headers=headers)
    body = problem(response, 400)
    assert list(body["errors"]) == [name]
    assert "Authorization header" in body["errors"][name][0]
    assert secret not in response.content.decode()
