"""Every endpoint of the moderation API × every kind of caller, over HTTP (docs/api.md).

Callers: nobody (no token), a browser signed in to the admin (a session cookie and no token),
a commenter and a hub editor (each with a token forged for them: they may not create one), the
moderators of hub A and of hub B, a superuser, a revoked token, the token of an inactive
account, and a token in the query string. The callers that may act get comments of their own, one for every
action in each hub; the others share a set they cannot change. Beyond the status, each answer
is checked for:

* a problem document (``application/problem+json``) for every refusal, ``WWW-Authenticate:
  Bearer`` with every 401;
* nothing changed by a refusal; a success changed the comment and wrote an audit entry in the
  caller's name;
* no text of a hub the caller does not moderate, and no commenter's e-mail address, ever.
"""

import pytest
from django.test import Client
from wagtail.models import APIToken, ModelLogEntry

from moderation.models import Comment
from tests.api.test_moderation_api import API, PROBLEM, Api, build_world, comment, snapshot
from tests.factories import UserFactory

State = Comment.State
ROLES = (
    "anonymous",
    "session",
    "commenter",
    "editor_a",
    "moderator_a",
    "moderator_b",
    "superuser",
    "revoked",
    "inactive",
    "query_token",
)
ACTING = ("moderator_a", "moderator_b", "superuser")
HELD_A, HELD_B = "Heldalpha", "Heldbravo"
EMAIL_A, EMAIL_B = "alpha.commenter@example.org", "bravo.commenter@example.org"
# What a caller must never be shown.
SECRETS = {
    "moderator_a": (HELD_B, EMAIL_A, EMAIL_B),
    "moderator_b": (HELD_A, EMAIL_A, EMAIL_B),
    "superuser": (EMAIL_A, EMAIL_B),
}
EVERYONE_ELSE = (HELD_A, HELD_B, EMAIL_A, EMAIL_B)


def row(answers):
    """``"401 401 403 ..."`` -> {role: status}, one per role in ``ROLES`` order."""
    statuses = [int(answer) for answer in answers.split()]
    assert len(statuses) == len(ROLES)
    return dict(zip(ROLES, statuses, strict=True))


#                      anon sess comm edit mod_a mod_b super revok inact query
LISTING = row("401 401 403 403 200 200 200 401 401 400")
HUB_A = row("401 401 403 403 200 404 200 401 401 400")
HUB_B = row("401 401 403 403 404 200 200 401 401 400")
ANSWER_A = row("401 401 403 403 201 404 201 401 401 400")
ANSWER_B = row("401 401 403 403 404 201 201 401 401 400")


def moved_to(state):
    def check(target, user):
        target.refresh_from_db()
        assert target.state == state
        entry = ModelLogEntry.objects.for_instance(target).order_by("-pk").first()
        assert (entry.action, entry.user) == (f"townsquare_comment.{state}", user)

    return check


def answered(target, user):
    reply = Comment.objects.get(parent_id=target.pk, level=target.level + 1)
    assert (reply.user, reply.is_staff_answer, reply.state) == (user, True, State.PUBLISHED)


REASON = {"reason": "Rude"}
# (label, method, path, the world's comment it is about, body, statuses, effect of a success)
CASES = [
    ("the queues", "GET", "/queues/", None, None, LISTING, None),
    ("the pending queue", "GET", "/queues/pending/", None, None, LISTING, None),
    ("hub A's held comment", "GET", "/comments/{pk}/", "held_a", None, HUB_A, None),
    ("hub B's held comment", "GET", "/comments/{pk}/", "held_b", None, HUB_B, None),
    ("approve in hub A", "POST", "/comments/{pk}/approve/", "approve_a", {}, HUB_A, moved_to(State.PUBLISHED)),
    ("approve in hub B", "POST", "/comments/{pk}/approve/", "approve_b", {}, HUB_B, moved_to(State.PUBLISHED)),
    ("reject in hub A", "POST", "/comments/{pk}/reject/", "reject_a", REASON, HUB_A, moved_to(State.REJECTED)),
    ("reject in hub B", "POST", "/comments/{pk}/reject/", "reject_b", REASON, HUB_B, moved_to(State.REJECTED)),
    ("spam in hub A", "POST", "/comments/{pk}/spam/", "spam_a", {}, HUB_A, moved_to(State.SPAM)),
    ("spam in hub B", "POST", "/comments/{pk}/spam/", "spam_b", {}, HUB_B, moved_to(State.SPAM)),
    ("answer in hub A", "POST", "/comments/{pk}/answer/", "question_a", {"text": "Yes."}, ANSWER_A, answered),
    ("answer in hub B", "POST", "/comments/{pk}/answer/", "question_b", {"text": "Yes."}, ANSWER_B, answered),
]  # fmt: skip


@pytest.fixture
def world(hub, story):
    return build_world(hub, story)


def comments_of(world):
    """A comment for each case in each hub, carrying the hub's marker and its commenter's address."""
    made = {}
    for key, story, marker, email in (("a", world.story_a, HELD_A, EMAIL_A), ("b", world.story_b, HELD_B, EMAIL_B)):
        made[f"held_{key}"] = comment(story, text=f"{marker}: which grows in shade?", email=email)
        made[f"approve_{key}"] = comment(story, text=f"{marker}: approve me.", email=email)
        for action in ("reject", "spam"):
            made[f"{action}_{key}"] = comment(story, State.PUBLISHED, text=f"{marker}: {action} me.", email=email)
        made[f"question_{key}"] = comment(story, State.PUBLISHED, text=f"{marker}: when to sow?", email=email)
    return made


def callers(world):
    """{role: (the user it acts as, what its requests carry)}, for every role."""
    moderator = world.users["moderator_a"]
    token, revoked = APIToken.create_token(user=moderator, name="Revoked")
    token.revoke()
    inactive = UserFactory(username="inactive_moderator", groups=[world.hub_a.moderators_group], is_active=False)
    browser = Client()
    browser.force_login(world.users["superuser"])
    return {
        "anonymous": (None, {}),
        "session": (None, {"cookies": {"sessionid": browser.cookies["sessionid"].value}}),
        **{role: (user, {"token": world.tokens[role]}) for role, user in world.users.items()},
        "revoked": (moderator, {"token": revoked}),
        "inactive": (inactive, {"token": APIToken.create_token(user=inactive, name="Tests")[1]}),
        "query_token": (
            moderator,
            {"token": world.tokens["moderator_a"], "params": {"token": world.tokens["moderator_a"]}},
        ),
    }


def answers_of(api, role, options, user, comments):
    """What went wrong with ``role``'s requests, one line each (none when all answered as expected)."""
    problems = []
    for label, method, path, key, body, statuses, effect in CASES:
        target = comments[key] if key else None
        url = API + path.format(pk=target.pk if target else "")
        before = snapshot()
        response = api(method, url, json_body=body, **options)
        expected = statuses[role]
        where = f"{role}: {method} {url} [{label}]"
        if response.status_code != expected:
            problems.append(f"{where}: expected {expected}, got {response.status_code} {response.text[:300]}")
            continue
        if expected >= 400:
            if response.headers.get("Content-Type") != PROBLEM:
                problems.append(f"{where}: not a problem document ({response.headers.get('Content-Type')})")
            if expected == 401 and response.headers.get("WWW-Authenticate") != "Bearer":
                problems.append(f"{where}: no WWW-Authenticate: Bearer")
        if expected >= 400 or method == "GET":
            if snapshot() != before:
                problems.append(f"{where}: changed the comments or the audit log")
        elif effect is not None:
            try:
                effect(target, user)
            except AssertionError as error:
                problems.append(f"{where}: did not act as {user}: {error!r}")
        shown = [secret for secret in SECRETS.get(role, EVERYONE_ELSE) if secret in response.text]
        if shown:
            problems.append(f"{where}: shows {shown}")
    return problems


def test_every_endpoint_answers_every_caller_as_expected(live_server, world, report_figure):
    """One live-server test for all the callers (each such test empties every table after it)."""
    api = Api(live_server.url, world)
    untouchable = comments_of(world)  # for the callers refused: they cannot change them
    problems = []
    for role, (user, options) in callers(world).items():
        comments = comments_of(world) if role in ACTING else untouchable
        problems += answers_of(api, role, options, user, comments)
    api.session.close()
    assert not problems, f"{len(problems)} of {len(CASES) * len(ROLES)} requests answered unexpectedly:\n" + "\n".join(
        problems
    )
    report_figure(f"moderation API permissions: {len(CASES)} requests x {len(ROLES)} callers, all as expected")


def test_a_moderator_s_listing_holds_only_their_hubs(client, world):
    comments = comments_of(world)
    headers = {"Authorization": f"Bearer {world.tokens['moderator_b']}"}
    listed = {item["id"] for item in client.get(f"{API}/queues/pending/", headers=headers).json()["results"]}
    assert listed == {comments["held_b"].pk, comments["approve_b"].pk}
