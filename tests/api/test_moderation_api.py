"""The moderation API (docs/api.md, "Moderators' tokens and queues"), talked to over HTTP with a
personal token, as a moderator's program does.

Queues list what the admin's queues list, with the same filters; actions go through the same
functions as the admin's (audit entry, the commenter's notice, the index and page-cache
announcement, 409 for a comment already moved); bad input is a 4xx problem document and
changes nothing. The comparison with the admin's listings, query counts and the schema run
in-process.

A test on the live server is a transactional test (its server reads the database through a
connection of its own), and every table is emptied after it, seconds on PostgreSQL: so each
such test goes through a whole story (reading, acting, bad input), one step after another."""

import datetime
import json
from dataclasses import dataclass, field

import pytest
import requests
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import APIToken, ModelLogEntry

from moderation import lifecycle
from moderation.models import Comment, ModerationSettings
from tests.factories import CommunityHubPageFactory, StoryPageFactory, UserFactory
from tests.moderation.test_queues import listed
from tests.stories.comment_helpers import add_comment

State = Comment.State
API = "/api/v2/moderation"
PROBLEM = "application/problem+json"
EMAIL_A = "alpha.commenter@example.org"


# ---------------------------------------------------------------------------------------------
# The world: two hubs, a story in each, their teams, and a token for every role
# ---------------------------------------------------------------------------------------------


@dataclass
class World:
    hub_a: object
    hub_b: object
    story_a: object
    story_b: object
    users: dict
    tokens: dict = field(default_factory=dict)


def build_world(hub, story):
    """Hub A (the conftest's "Gardening" and its story "Seeds") and hub B ("Cycling", "Wheels");
    a commenter, an editor and a moderator of hub A, a moderator of hub B, a superuser; each
    with a token (forged for those who may not create one: the API must refuse them)."""
    hub_b = CommunityHubPageFactory(parent=hub.get_parent(), title="Cycling", slug="cycling")
    story_b = StoryPageFactory(parent=hub_b, title="Wheels", slug="wheels")
    story_b.save_revision().publish()
    users = {
        "commenter": UserFactory(username="commenter"),
        "editor_a": UserFactory(username="editor_a", groups=[hub.editors_group]),
        "moderator_a": UserFactory(username="moderator_a", groups=[hub.moderators_group]),
        "moderator_b": UserFactory(username="moderator_b", groups=[hub_b.moderators_group]),
        "superuser": UserFactory(username="root", is_superuser=True, is_staff=True),
    }
    world = World(hub, hub_b, story, story_b, users)
    world.tokens = {role: APIToken.create_token(user=user, name="Tests")[1] for role, user in users.items()}
    return world


@pytest.fixture
def world(hub, story):
    return build_world(hub, story)


def comment(
    story, state=State.HELD, text="Which seeds grow in shade?", *, email=EMAIL_A, name="Alpha Reader", **fields
):
    """A comment through the real lifecycle, then given the triage fields a test needs."""
    created = add_comment(story, text, state=state, name=name, email=email, parent=fields.pop("parent", None))
    if fields:
        Comment.objects.filter(pk=created.pk).update(**fields)
        created.refresh_from_db()
    return created


class Api:
    """Requests to the live server's API with a role's token."""

    def __init__(self, base, world):
        self.base, self.world, self.session = base, world, requests.Session()

    def __call__(self, method, path, role=None, *, token=None, json_body=None, **kwargs):
        headers = kwargs.pop("headers", {})
        token = token or (self.world.tokens[role] if role else None)
        if token:
            headers["Authorization"] = f"Bearer {token}"
        if json_body is not None:
            kwargs["json"] = json_body
        return self.session.request(method, self.base + path, headers=headers, timeout=20, **kwargs)

    def get(self, path, role=None, **kwargs):
        return self("GET", path, role, **kwargs)

    def post(self, path, role=None, body=None, **kwargs):
        return self("POST", path, role, json_body=body, **kwargs)


@pytest.fixture
def api(live_server, world):
    client = Api(live_server.url, world)
    yield client
    client.session.close()


def problem(response, status):
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == status and body["title"] and body["detail"]
    return body


def ok(response, status=200):
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"] == "application/json"
    assert response.headers["Cache-Control"] == "private, no-store"
    return response.json()


def ids(response):
    return [item["id"] for item in ok(response)["results"]]


def entries(comment_):
    return list(ModelLogEntry.objects.for_instance(comment_).order_by("pk").values_list("action", "user", "data"))


def snapshot():
    """What an action may change: a refused request leaves it as it was."""
    return {
        "comments": list(
            Comment.objects.order_by("pk").values_list(
                "pk", "state", "report_count", "answered_at", "rejection_reason"
            )
        ),
        "log": ModelLogEntry.objects.count(),
    }


# ---------------------------------------------------------------------------------------------
# Reading the queues
# ---------------------------------------------------------------------------------------------


def test_reading_the_queues(api, world):
    queues_and_their_counts(api, world)
    an_item_says_what_a_moderator_needs_and_nothing_private(api, world)
    paging_with_limit_and_offset(api, world)
    bad_queries_are_400_problems(api, world)
    extreme_but_valid_filters_answer_200(api, world)


def queues_and_their_counts(api, world):
    comment(world.story_a)
    comment(world.story_a, State.PUBLISHED, report_count=2, text="Weeds are flowers too.")
    comment(world.story_a, State.PUBLISHED, text="Can I sow in March?")
    comment(world.story_b)  # hub B's: not counted for hub A's moderator
    queues = {queue["slug"]: queue for queue in ok(api.get(f"{API}/queues/", "moderator_a"))["results"]}
    assert list(queues) == ["pending", "reported", "needs-response", "approved", "rejected", "spam"]
    # Counted: the queues of work waiting; the others are null (not counted, as in the admin's menu).
    counts = {slug: queue["count"] for slug, queue in queues.items()}
    assert counts == {
        "pending": 1,
        "reported": 1,
        "needs-response": 1,
        "approved": None,
        "rejected": None,
        "spam": None,
    }
    assert queues["pending"]["label"] == "Pending" and queues["pending"]["description"]
    assert queues["pending"]["url"] == f"{api.base}{API}/queues/pending/"
    assert ok(api.get(f"{API}/queues/", "superuser"))["results"][0]["count"] == 2


def an_item_says_what_a_moderator_needs_and_nothing_private(api, world):
    parent = comment(world.story_a, State.PUBLISHED, text="Tomatoes love the sun.", name="Bea", email="bea@x.org")
    held = comment(
        world.story_a,
        parent=parent,
        text="Not in my <b>allotment</b>!",
        reasons=[{"code": "first_time", "message": "First-time commenter"}],
        report_count=1,
    )
    response = api.get(f"{API}/queues/pending/?q=allotment", "moderator_a")
    page = ok(response)
    assert (page["count"], page["limit"], page["offset"], page["next"], page["previous"]) == (1, 20, 0, None, None)
    [item] = page["results"]
    assert item == {
        "id": held.pk,
        "url": f"{api.base}{API}/comments/{held.pk}/",
        "state": "held",
        "author_name": "Alpha Reader",
        "text": "Not in my <b>allotment</b>!",
        "html": held.html,
        "language": "en",
        "created": item["created"],
        "page": {"id": world.story_a.pk, "title": "Seeds", "url": "http://localhost/en/gardening/seeds/"},
        "hub": {"id": world.hub_a.pk, "title": "Gardening"},
        "parent": parent.pk,
        "reasons": [{"code": "first_time", "message": "First-time commenter"}],
        "report_count": 1,
        "is_question": False,
        "is_staff_answer": False,
        "respond_by": None,
    }
    assert "<b>" not in held.html  # the stored, sanitized text
    assert datetime.datetime.fromisoformat(item["created"]) == held.submit_date
    assert EMAIL_A not in response.text and "127.0.0.1" not in response.text
    assert ok(api.get(item["url"].removeprefix(api.base), "moderator_a")) == item


def paging_with_limit_and_offset(api, world):
    made = [comment(world.story_a, text=f"Pagemarker {n}") for n in range(5)]
    first = ok(api.get(f"{API}/queues/pending/?limit=2&q=Pagemarker", "moderator_a"))
    assert [item["id"] for item in first["results"]] == [c.pk for c in made[:2]]
    assert first["count"] == 5 and first["previous"] is None
    second = ok(api.get(first["next"].removeprefix(api.base), "moderator_a"))
    assert [item["id"] for item in second["results"]] == [c.pk for c in made[2:4]]
    assert "q=Pagemarker" in second["next"] and "offset=4" in second["next"]
    assert second["previous"] == f"{api.base}{API}/queues/pending/?limit=2&q=Pagemarker"
    last = ok(api.get(f"{API}/queues/pending/?limit=2&offset=4&q=Pagemarker", "moderator_a"))
    assert [item["id"] for item in last["results"]] == [made[4].pk] and last["next"] is None
    assert ok(api.get(f"{API}/queues/pending/?offset=1000000", "moderator_a"))["results"] == []


BAD_QUERIES = [
    ("limit=0", "limit"),
    ("limit=51", "limit"),
    ("limit=-1", "limit"),
    ("limit=abc", "limit"),
    ("limit=99999999999999999999999", "limit"),
    ("offset=-1", "offset"),
    ("offset=1000001", "offset"),
    ("offset=1e3", "offset"),
    ("ordering=respond_by", "ordering"),  # only questions have a time to answer by
    ("ordering=page__title", "ordering"),
    ("overdue=1", "overdue"),  # questions only, likewise
    ("hub={hub_b}", "hub"),  # not a hub of this moderator
    ("hub=abc", "hub"),
    ("language=xx", "language"),
    ("reason=bogus", "reason"),
    ("submitted_from=2025-02-30", "submitted"),
    ("min_score=2", "min_score"),
    ("min_score=NaN", "min_score"),
    ("story=%00", "story"),
    ("q=%00", "q"),
]


def bad_queries_are_400_problems(api, world):
    """Every refusal a problem document naming the parameter; nothing a 500."""
    failures = []
    for query, name in BAD_QUERIES:
        response = api.get(f"{API}/queues/pending/?{query.format(hub_b=world.hub_b.pk)}", "moderator_a")
        if response.status_code != 400 or name not in response.json().get("errors", {}):
            failures.append(f"{query}: {response.status_code} {response.text[:200]}")
    assert not failures, "\n".join(failures)
    for path in ("/queues/unknown/", "/queues/%00/", "/queues/Pending/"):
        problem(api.get(API + path, "moderator_a"), 404)


def extreme_but_valid_filters_answer_200(api, world):
    for query in (
        "submitted_from=0001-01-01&submitted_to=9999-12-31",
        "min_score=0&min_score=1",
        "story=" + "x" * 255,
        "q=" + "x" * 5000,
        "ordering=-submit_date",
        "hub=&language=&reason=",
    ):
        assert api.get(f"{API}/queues/pending/?{query}", "moderator_a").status_code == 200, query
    assert ok(api.get(f"{API}/queues/needs-response/?ordering=-respond_by&overdue=1", "moderator_a"))


# ---------------------------------------------------------------------------------------------
# Acting
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def announced():
    """The batches ``lifecycle`` announces to the search index and the page cache, as (pk, old, new) sets."""
    told = []

    def receiver(sender, changes, **kwargs):
        told.append(sorted((change.comment.pk, change.old_state, change.new_state) for change in changes))

    lifecycle.comments_changed.connect(receiver, dispatch_uid="test-moderation-api")
    yield told
    lifecycle.comments_changed.disconnect(dispatch_uid="test-moderation-api")


def test_acting_through_the_lifecycle(api, world, announced, mailoutbox):
    approving_publishes_audits_and_announces(api, world, announced)
    approving_a_reported_published_comment_dismisses_its_reports(api, world)
    a_comment_seen_in_another_state_is_a_409(api, world)
    marking_as_spam_hides_the_published_replies_too(api, world)
    answering_as_the_team(api, world)
    rejecting_needs_a_reason_when_the_settings_say_so(api, world, mailoutbox)


def approving_publishes_audits_and_announces(api, world, announced):
    held = comment(world.story_a)
    answer = ok(api.post(f"{API}/comments/{held.pk}/approve/", "moderator_a", {"expected_state": "held"}))
    assert answer["message"] == "Comment approved and published."
    assert answer["comment"]["id"] == held.pk and answer["comment"]["state"] == "published"
    held.refresh_from_db()
    assert held.state == State.PUBLISHED and held.moderated_by == world.users["moderator_a"]
    action, user, data = entries(held)[-1]
    assert (action, user) == ("townsquare_comment.published", world.users["moderator_a"].pk)
    assert (data["old_state"], data["new_state"]) == ("held", "published")
    assert [(held.pk, "held", "published")] in announced

    # Twice: someone (here, the same moderator) got there first.
    audited = entries(held)
    again = problem(api.post(f"{API}/comments/{held.pk}/approve/", "moderator_a"), 409)
    assert "already published, by moderator_a" in again["detail"]
    assert entries(held) == audited


def approving_a_reported_published_comment_dismisses_its_reports(api, world):
    reported = comment(world.story_a, State.PUBLISHED, report_count=3, text="Weeds are flowers too.")
    answer = ok(api.post(f"{API}/comments/{reported.pk}/approve/", "moderator_a"))
    assert answer["message"] == "Reports dismissed; the comment stays published."
    assert answer["comment"]["report_count"] == 0
    assert entries(reported)[-1][0] == "townsquare_comment.reports_dismissed"


def a_comment_seen_in_another_state_is_a_409(api, world):
    held = comment(world.story_a)
    before = snapshot()
    body = problem(api.post(f"{API}/comments/{held.pk}/spam/", "moderator_a", {"expected_state": "published"}), 409)
    assert "already held" in body["detail"]
    assert snapshot() == before


def marking_as_spam_hides_the_published_replies_too(api, world):
    parent = comment(world.story_a, State.PUBLISHED, text="Cheap pills here.")
    reply = comment(world.story_a, State.PUBLISHED, parent=parent, text="Thanks!", name="Sam", email="sam@x.org")
    assert ok(api.post(f"{API}/comments/{parent.pk}/spam/", "moderator_a"))["comment"]["state"] == "spam"
    reply.refresh_from_db()
    assert reply.state == State.HELD and reply.hidden_with_id == parent.pk
    assert entries(reply)[-1][2]["cascaded_from"] == parent.pk


def answering_as_the_team(api, world):
    question = comment(world.story_a, State.PUBLISHED, text="Can I sow in March?")
    assert question.is_question
    response = api.post(f"{API}/comments/{question.pk}/answer/", "moderator_a", {"text": "Yes, under glass."})
    answer = ok(response, 201)
    reply = Comment.objects.get(parent_id=question.pk, level=1)
    assert response.headers["Location"] == f"{api.base}{API}/comments/{reply.pk}/"
    assert answer["message"] == "Your answer is published with the Team badge."
    assert answer["comment"]["id"] == reply.pk and answer["comment"]["parent"] == question.pk
    assert answer["comment"]["is_staff_answer"] is True and answer["comment"]["state"] == "published"
    assert (reply.user, reply.comment) == (world.users["moderator_a"], "Yes, under glass.")
    question.refresh_from_db()
    assert question.answered_at is not None
    assert question.pk not in ids(api.get(f"{API}/queues/needs-response/?limit=50", "moderator_a"))

    held = comment(world.story_a)
    before = snapshot()
    refused = problem(api.post(f"{API}/comments/{held.pk}/answer/", "moderator_a", {"text": "Hello"}), 400)
    assert refused["detail"] == "Publish the comment before answering it in public."
    assert snapshot() == before


def rejecting_needs_a_reason_when_the_settings_say_so(api, world, mailoutbox):
    settings_ = ModerationSettings.load()
    settings_.require_rejection_reason = True
    settings_.save()
    published = comment(world.story_a, State.PUBLISHED, text="Buy seeds at my shop.")
    before = snapshot()
    for body in ({}, {"reason": ""}, {"reason": "   "}):
        refused = problem(api.post(f"{API}/comments/{published.pk}/reject/", "moderator_a", body), 400)
        assert refused["errors"]["reason"] == ["Say why this comment is rejected: the reason is kept in its history."]
    assert snapshot() == before

    mailoutbox.clear()
    answer = ok(api.post(f"{API}/comments/{published.pk}/reject/", "moderator_a", {"reason": " Advertising "}))
    assert answer["comment"]["state"] == "rejected"
    published.refresh_from_db()
    assert (published.state, published.rejection_reason) == (State.REJECTED, "Advertising")
    action, _user, data = entries(published)[-1]
    assert (action, data["reason"]) == ("townsquare_comment.rejected", "Advertising")
    # The commenter's notice of the decision, as after a rejection in the admin.
    [notice] = [message for message in mailoutbox if EMAIL_A in message.to]
    assert "was not published" in notice.subject


# ---------------------------------------------------------------------------------------------
# Bad input: 4xx problem documents, never a 500, nothing stored
# ---------------------------------------------------------------------------------------------

BAD_BODIES = [
    # (action, body as sent, content type, status, field named in "errors")
    ("approve", "{", "application/json", 400, None),
    ("approve", "[]", "application/json", 400, "non_field_errors"),
    ("approve", '"held"', "application/json", 400, "non_field_errors"),
    ("approve", "null", "application/json", 400, "non_field_errors"),
    ("approve", '{"expected_state": 3}', "application/json", 400, "expected_state"),
    ("approve", '{"expected_state": "gone"}', "application/json", 400, "expected_state"),
    ("approve", '{"expected_state": "held", "force": true}', "application/json", 400, "force"),
    ("approve", "expected_state=held", "application/x-www-form-urlencoded", 415, None),
    ("approve", "NaN", "application/json", 400, None),
    ("reject", '{"reason": 5}', "application/json", 400, "reason"),
    ("reject", '{"reason": ["Rude"]}', "application/json", 400, "reason"),
    ("reject", '{"reason": {"text": "Rude"}}', "application/json", 400, "reason"),
    ("reject", json.dumps({"reason": "x" * 501}), "application/json", 400, "reason"),
    ("reject", '{"reason": "Ru\\u0000de"}', "application/json", 400, "reason"),
    ("reject", '{"reason": "Ru\\ud800de"}', "application/json", 400, "reason"),
    ("reject", '{"Reason": "Rude"}', "application/json", 400, "Reason"),
    ("spam", '{"expected_state": null}', "application/json", 400, "expected_state"),
    ("answer", "{}", "application/json", 400, "text"),
    ("answer", '{"text": ""}', "application/json", 400, "text"),
    ("answer", '{"text": true}', "application/json", 400, "text"),
    ("answer", json.dumps({"text": "x" * 5001}), "application/json", 400, "text"),
    ("answer", '{"text": "Yes", "as": "someone else"}', "application/json", 400, "as"),
]
IMPOSSIBLE_IDS = ("-1", "0", "abc", "1.5", "99999999999999999999999", "9223372036854775807", "%00", "１")


def test_bad_input_is_refused_and_changes_nothing(api, world):
    held = comment(world.story_a)
    question = comment(world.story_a, State.PUBLISHED, text="When?")
    before = snapshot()
    failures = []
    for action, body, content_type, status, name in BAD_BODIES:
        target = question if action == "answer" else held
        url = f"{API}/comments/{target.pk}/{action}/"
        response = api("POST", url, "moderator_a", data=body.encode(), headers={"Content-Type": content_type})
        errors = response.json().get("errors", {}) if response.headers.get("Content-Type") == PROBLEM else None
        if response.status_code != status or errors is None or (name and name not in errors):
            failures.append(f"{action} {body[:40]!r}: {response.status_code} {response.text[:200]}")
    # Ids no comment can have: 404, as for a comment of another hub.
    for action in ("", "approve/", "reject/", "spam/", "answer/"):
        # Every URL reads the id with the same function: every kind of bad id on two of them.
        for pk in IMPOSSIBLE_IDS if action in ("", "approve/") else IMPOSSIBLE_IDS[:2]:
            response = api(
                "POST" if action else "GET", f"{API}/comments/{pk}/{action}", "moderator_a", json_body={"text": "x"}
            )
            if response.status_code != 404 or response.headers["Content-Type"] != PROBLEM:
                failures.append(f"{action or 'GET'} id {pk!r}: {response.status_code} {response.text[:200]}")
    # Methods the URLs do not offer: 405, with a token or without.
    for method, path in (
        ("GET", f"/comments/{held.pk}/approve/"),
        ("DELETE", f"/comments/{held.pk}/"),
        ("PUT", "/queues/pending/"),
        ("PATCH", f"/comments/{held.pk}/reject/"),
    ):
        for role in ("moderator_a", None):
            response = api(method, API + path, role)
            if response.status_code != 405 or response.headers["Content-Type"] != PROBLEM:
                failures.append(f"{method} {path} ({role}): {response.status_code} {response.text[:200]}")
    assert not failures, "\n".join(failures)
    assert snapshot() == before


def test_the_schema_describes_the_moderation_api(client):
    schema = client.get("/api/v2/schema/", {"format": "json"}).json()
    paths = {path: set(operations) for path, operations in schema["paths"].items() if "/moderation/" in path}
    assert paths == {
        "/api/v2/moderation/queues/": {"get"},
        "/api/v2/moderation/queues/{queue}/": {"get"},
        "/api/v2/moderation/comments/{comment_id}/": {"get"},
        "/api/v2/moderation/comments/{comment_id}/approve/": {"post"},
        "/api/v2/moderation/comments/{comment_id}/reject/": {"post"},
        "/api/v2/moderation/comments/{comment_id}/spam/": {"post"},
        "/api/v2/moderation/comments/{comment_id}/answer/": {"post"},
    }
    scheme = schema["components"]["securitySchemes"]["personalToken"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    approve = schema["paths"]["/api/v2/moderation/comments/{comment_id}/approve/"]["post"]
    assert approve["security"] == [{"personalToken": []}]
    assert set(approve["responses"]) == {"200", "400", "401", "403", "404", "406", "409", "415"}
    assert list(approve["responses"]["409"]["content"]) == [PROBLEM]
    assert schema["components"]["schemas"]["ModerationRejectRequest"]["additionalProperties"] is False
    page = schema["components"]["schemas"]["ModerationPage"]["properties"]["url"]
    assert page["nullable"] is True


# ---------------------------------------------------------------------------------------------
# In-process: the admin's listings, and query counts
# ---------------------------------------------------------------------------------------------


def test_the_api_lists_what_the_admin_lists_with_the_same_filters(client, hub, story):
    """Each filter, search and ordering of the admin's queues gives the same comments, in the same order."""
    world = build_world(hub, story)
    today = timezone.localdate().isoformat()
    comment(world.story_a, text="Which seeds grow in shade?", reasons=[{"code": "first_time", "message": "."}])
    comment(world.story_a, text="Rude words", scores={"profanity": 0.9}, name="Cat", email="cat@x.org")
    comment(world.story_a, text="Seeds again", submit_date=timezone.now() - datetime.timedelta(days=40))
    comment(world.story_b, text="Which tyres last longest?")
    comment(world.story_a, State.PUBLISHED, report_count=2, text="Reported one")
    comment(world.story_a, State.PUBLISHED, is_question=True, text="When to sow?")
    queries = [
        ("pending", {}),
        ("pending", {"hub": str(world.hub_a.pk)}),
        ("pending", {"reason": "first_time"}),
        ("pending", {"story": "see"}),
        ("pending", {"q": "shade"}),
        ("pending", {"q": "cat@x.org"}),
        ("pending", {"language": "en", "ordering": "-submit_date"}),
        ("pending", {"min_score": "0.5"}),
        ("pending", {"submitted_from": today, "submitted_to": today}),
        ("reported", {}),
        ("needs-response", {"ordering": "-respond_by"}),
        ("approved", {"ordering": "-submit_date"}),
    ]
    found = 0
    # Every query as hub A's moderator; a few as a superuser, who moderates both hubs.
    for role, cases in (("moderator_a", queries), ("superuser", queries[:2] + queries[-3:])):
        headers = {"Authorization": f"Bearer {world.tokens[role]}"}
        for queue, params in cases:
            from_api = [
                item["id"] for item in client.get(f"{API}/queues/{queue}/", params, headers=headers).json()["results"]
            ]
            client.force_login(world.users[role])
            from_admin = listed(client.get(f"/admin/moderation/{queue}/", params))
            client.logout()
            assert from_api == from_admin, (role, queue, params)
            found += bool(from_api)
    assert found == len(queries) + 5  # every query finds something: no comparison of two empty lists


def count_queries(client, token, path):
    headers = {"Authorization": f"Bearer {token}"}
    client.get(path, headers=headers)  # the token's last use written, caches warm
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, headers=headers)
    assert response.status_code == 200, response.content
    return len(queries), len(response.json()["results"])


def test_listing_queries_do_not_grow_with_the_page(client, hub, story):
    world = build_world(hub, story)
    both = UserFactory(username="both_hubs", groups=[world.hub_a.moderators_group, world.hub_b.moderators_group])
    token = APIToken.create_token(user=both, name="Tests")[1]

    stories = (world.story_a, world.story_b)
    parents = [comment(story, State.PUBLISHED, text="A parent.", name="Pat", email="pat@x.org") for story in stories]

    def add(count):
        for n in range(count):
            comment(
                stories[n % 2],
                parent=parents[n % 2] if n % 3 else None,
                text=f"Held {n}",
                name=f"Visitor {n}",
                email=f"v{n}@x.org",
                reasons=[{"code": "links", "message": "Too many links"}],
                report_count=n % 2,
            )

    sizes = []
    for count in (5, 45):
        add(count)
        sizes.append(count_queries(client, token, f"{API}/queues/pending/?limit=50"))
    assert sizes[0][1] == 5 and sizes[1][1] == 50
    assert sizes[0][0] == sizes[1][0], f"{sizes[0][0]} queries for 5 comments, {sizes[1][0]} for 50"
    queues = [count_queries(client, token, f"{API}/queues/")[0] for _ in range(2)]
    assert queues[0] == queues[1]
