"""Who may reach every moderation URL: a table of endpoints × roles, for a comment in hub A.

Roles: anonymous, a visitor (signed in, no group), an editor of hub A, a moderator of
hub A, a moderator of hub B and a superuser. What the Wagtail admin answers:

* anonymous: a redirect to the admin login;
* a user without ``access_admin`` (the visitor): a redirect to the login with
  "You do not have permission to access the admin.";
* a user with admin access whom a view refuses (``PermissionDenied``): Wagtail's
  ``require_admin_access`` turns it into a redirect to the dashboard with "Sorry,
  you do not have permission to access this area." (``assert_permission_denied``).

Every refused request leaves the comment, its audit trail and everything around it as it was.
"""

from dataclasses import dataclass, field
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.db import transaction
from wagtail.models import ModelLogEntry, Page, Site
from wagtail.test.utils import WagtailTestUtils

from moderation.models import BlockedCommenter, Comment
from tests.factories import CommunityHubPageFactory, HubIndexPageFactory, StoryPageFactory, UserFactory
from tests.stories.comment_helpers import add_comment
from tests.utils import assert_permission_denied

State = Comment.State
ROLES = ("anonymous", "visitor", "editor_a", "moderator_a", "moderator_b", "superuser")


# ---------------------------------------------------------------------------
# The world: two hubs, their teams, one story each.
# ---------------------------------------------------------------------------


@dataclass
class World:
    hub_a: Any
    hub_b: Any
    story_a: Any
    story_b: Any
    users: dict
    colleague: Any


def build_world(django_db_blocker):
    """Two hubs with their teams and a story each, built once per test module in a transaction
    rolled back at the module's end; each test runs in its own savepoint inside it (``db``).
    The other moderation test modules build theirs with it too."""
    with django_db_blocker.unblock(), transaction.atomic():
        root = Page.get_first_root_node()
        home = HubIndexPageFactory(parent=root, title="Home", slug="permissions-home")
        Site.objects.update_or_create(is_default_site=True, defaults={"root_page": home, "hostname": "localhost"})
        hub_a = CommunityHubPageFactory(parent=home, title="Gardening", slug="gardening")
        hub_b = CommunityHubPageFactory(parent=home, title="Cycling", slug="cycling")
        story_a = StoryPageFactory(parent=hub_a, title="Seeds", slug="seeds")
        story_b = StoryPageFactory(parent=hub_b, title="Wheels", slug="wheels")
        users = {
            "anonymous": None,
            "visitor": UserFactory(username="visitor"),
            "editor_a": UserFactory(username="editor_a", groups=[hub_a.editors_group]),
            "moderator_a": UserFactory(username="moderator_a", groups=[hub_a.moderators_group]),
            "moderator_b": UserFactory(username="moderator_b", groups=[hub_b.moderators_group]),
            "superuser": UserFactory(username="root", is_superuser=True, is_staff=True),
        }
        colleague = UserFactory(username="colleague_a", groups=[hub_a.owners_group])
        yield World(hub_a, hub_b, story_a, story_b, users, colleague)
        transaction.set_rollback(True)


def make_comment(story, state, *, email="robin@example.org", text="Which seeds grow in shade?", **fields):
    comment = add_comment(story, text, state=state, name="Robin", email=email)
    if fields:
        Comment.objects.filter(pk=comment.pk).update(**fields)
        comment.refresh_from_db()
    return comment


def held(story, **kw):
    return make_comment(story, State.HELD, **kw)


def published(story, **kw):
    return make_comment(story, State.PUBLISHED, **kw)


def flagged(story, **kw):
    return make_comment(story, State.PUBLISHED, flag_count=2, **kw)


def question(story, **kw):
    return make_comment(story, State.PUBLISHED, is_question=True, answered_at=None, **kw)


def answered_question(story, **kw):
    from django.utils import timezone

    return make_comment(story, State.PUBLISHED, is_question=True, answered_at=timezone.now(), **kw)


def rejected(story, **kw):
    return make_comment(story, State.REJECTED, **kw)


def spam(story, **kw):
    return make_comment(story, State.SPAM, **kw)


# ---------------------------------------------------------------------------
# Endpoints: what to request, and how a success shows.
# ---------------------------------------------------------------------------


@dataclass
class Endpoint:
    name: str
    kind: str  # a row of EXPECTED
    method: str
    path: str  # formatted with the comment's pk
    make: Any  # builds the comment in hub A (and its twin in hub B for listings)
    data: dict = field(default_factory=dict)
    succeeded: Any = None  # (world, comment, response) -> None, asserts the effect

    def url(self, comment):
        return self.path.format(pk=comment.pk, id=comment.pk)

    def __str__(self):
        return self.name


def state_is(state):
    def check(world, comment, response):
        assert response.status_code == 302, response.status_code
        comment.refresh_from_db()
        assert comment.state == state
        assert ModelLogEntry.objects.for_instance(comment).filter(action=f"townsquare_comment.{state}").exists()

    return check


def answered_is(value):
    def check(world, comment, response):
        assert response.status_code == 302
        comment.refresh_from_db()
        assert (comment.answered_at is not None) is value
        action = "townsquare_comment.answered" if value else "townsquare_comment.unanswered"
        assert ModelLogEntry.objects.for_instance(comment).filter(action=action).exists()

    return check


def assigned(world, comment, response):
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.assigned_to == world.colleague
    assert comment.assignment_note == "Please look"


def answered_by_team(world, comment, response):
    assert response.status_code == 302
    reply = Comment.objects.get(parent_id=comment.pk, level=1)
    assert reply.is_staff_answer and reply.state == State.PUBLISHED


def blocked(world, comment, response):
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.state == State.REJECTED
    assert BlockedCommenter.objects.count() == 1


def erased(world, comment, response):
    assert response.status_code == 302
    assert not Comment.objects.filter(pk=comment.pk).exists()


def page_shown(world, comment, response):
    assert response.status_code == 200


def bulk_listed(world, comment, response):
    assert response.status_code == 200
    soup = WagtailTestUtils.get_soup(response.content)
    assert [li["data-comment"] for li in soup.select("[data-bulk-items] li")] == [str(comment.pk)]
    assert not soup.select("[data-bulk-no-access] li")


QUEUE_MAKERS = {
    "pending": held,
    "flagged": flagged,
    "needs-response": question,
    "approved": published,
    "rejected": rejected,
    "spam": spam,
}

ENDPOINTS = [
    *(
        Endpoint(f"queue {slug}", "listing", "GET", f"/admin/moderation/{slug}/", make)
        for slug, make in QUEUE_MAKERS.items()
    ),
    Endpoint("log", "log", "GET", "/admin/moderation/log/", held),
    Endpoint("history", "comment", "GET", "/admin/moderation/{pk}/", held, succeeded=page_shown),
    Endpoint("erase GET", "superuser", "GET", "/admin/moderation/erase/", held, succeeded=page_shown),
    Endpoint(
        "erase POST",
        "superuser",
        "POST",
        "/admin/moderation/erase/",
        held,
        data={"email": "robin@example.org", "confirm": "on"},
        succeeded=erased,
    ),
    Endpoint(
        "approve", "comment", "POST", "/admin/moderation/{pk}/approve/", held, succeeded=state_is(State.PUBLISHED)
    ),
    Endpoint(
        "reject",
        "comment",
        "POST",
        "/admin/moderation/{pk}/reject/",
        held,
        data={"reason": "Off-topic"},
        succeeded=state_is(State.REJECTED),
    ),
    Endpoint("spam", "comment", "POST", "/admin/moderation/{pk}/spam/", held, succeeded=state_is(State.SPAM)),
    # rejected() went held -> rejected: undo brings it back to held.
    Endpoint(
        "restore", "comment", "POST", "/admin/moderation/{pk}/restore/", rejected, succeeded=state_is(State.HELD)
    ),
    Endpoint("answered", "comment", "POST", "/admin/moderation/{pk}/answered/", question, succeeded=answered_is(True)),
    Endpoint(
        "unanswered",
        "comment",
        "POST",
        "/admin/moderation/{pk}/unanswered/",
        answered_question,
        succeeded=answered_is(False),
    ),
    Endpoint(
        "assign",
        "comment",
        "POST",
        "/admin/moderation/{pk}/assign/",
        held,
        data={"assignee": "COLLEAGUE", "note": "Please look"},
        succeeded=assigned,
    ),
    Endpoint(
        "answer",
        "comment",
        "POST",
        "/admin/moderation/{pk}/answer/",
        question,
        data={"text": "Ferns and hostas do well in shade."},
        succeeded=answered_by_team,
    ),
    Endpoint(
        "block",
        "comment",
        "POST",
        "/admin/moderation/{pk}/block/",
        held,
        data={"reason": "Spammer"},
        succeeded=blocked,
    ),
    *(
        Endpoint(
            f"bulk {action} GET",
            "bulk GET",
            "GET",
            f"/admin/bulk/moderation/comment/{action}/?id={{id}}&next=/admin/moderation/pending/",
            held,
            succeeded=bulk_listed,
        )
        for action in ("approve", "reject", "spam")
    ),
    *(
        Endpoint(
            f"bulk {action} POST",
            "bulk POST",
            "POST",
            f"/admin/bulk/moderation/comment/{action}/?id={{id}}&next=/admin/moderation/pending/",
            held,
            data={"reason": "Off-topic"} if action == "reject" else {},
            succeeded=state_is(state),
        )
        for action, state in (("approve", State.PUBLISHED), ("reject", State.REJECTED), ("spam", State.SPAM))
    ),
]

# ---------------------------------------------------------------------------
# The table: what each role gets from each kind of endpoint.
#   login      redirect to /admin/login/?next=...
#   no_admin   redirect to the login with "You do not have permission to access the admin."
#   denied     Wagtail's refusal (403, or the dashboard with a permission message)
#   listed     200 and hub A's comment is listed
#   not_listed 200, hub B's own comment is listed and hub A's is not
#   no_access  bulk confirmation: 200, hub A's comment is listed as out of reach (without its text)
#   ignored    bulk POST: redirect, hub A's comment untouched
#   ok         the endpoint's own success check
# ---------------------------------------------------------------------------
EXPECTED = {
    #             anonymous  visitor     editor_a  moderator_a moderator_b   superuser
    "listing": ("login", "no_admin", "denied", "listed", "not_listed", "listed"),
    "log": ("login", "no_admin", "denied", "listed", "not_listed", "listed"),
    "comment": ("login", "no_admin", "denied", "ok", "denied", "ok"),
    "superuser": ("login", "no_admin", "denied", "denied", "denied", "ok"),
    "bulk GET": ("login", "no_admin", "denied", "ok", "no_access", "ok"),
    "bulk POST": ("login", "no_admin", "denied", "ok", "ignored", "ok"),
}
REFUSALS = {"login", "no_admin", "denied", "no_access", "ignored"}

CASES = [
    pytest.param(endpoint, role, EXPECTED[endpoint.kind][index], id=f"{endpoint}-{role}")
    for endpoint in ENDPOINTS
    for index, role in enumerate(ROLES)
]


def snapshot():
    """Everything a refused request must leave as it was."""
    return {
        "comments": sorted(
            Comment.objects.values_list(
                "pk", "state", "answered_at", "assigned_to_id", "assignment_note", "flag_count", "moderated_by_id"
            )
        ),
        "log_entries": ModelLogEntry.objects.count(),
        "blocked": BlockedCommenter.objects.count(),
    }


def listed_pks(response, selector):
    soup = WagtailTestUtils.get_soup(response.content)
    return {int(node[selector[1]]) for node in soup.select(selector[0])}


@pytest.mark.parametrize(("endpoint", "role", "expected"), CASES)
def test_permission_matrix(db, client, world, endpoint, role, expected):
    comment = endpoint.make(world.story_a)
    twin = endpoint.make(world.story_b, email="sam@example.org")  # hub B's own comment, for listings
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    data = dict(endpoint.data)
    if data.get("assignee") == "COLLEAGUE":
        data["assignee"] = str(world.colleague.pk)
    before = snapshot()

    if endpoint.method == "GET":
        response = client.get(endpoint.url(comment))
    else:
        response = client.post(endpoint.url(comment), data)

    if expected == "login":
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/?next=")
    elif expected == "no_admin":
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/?next=")
        texts = [str(m).strip() for m in get_messages(response.wsgi_request)]
        assert "You do not have permission to access the admin." in texts
    elif expected == "denied":
        assert_permission_denied(response)
    elif expected in ("listed", "not_listed"):
        assert response.status_code == 200
        if endpoint.kind == "log":
            links = listed_pks(response, ("a[data-comment-link]", "data-comment-link"))
        else:
            links = listed_pks(response, ("tr[data-comment]", "data-comment"))
        if expected == "listed":
            assert comment.pk in links
        else:
            assert twin.pk in links
            assert comment.pk not in links
    elif expected == "no_access":
        assert response.status_code == 200
        soup = WagtailTestUtils.get_soup(response.content)
        assert not soup.select("[data-bulk-items] li")
        assert [li["data-comment"] for li in soup.select("[data-bulk-no-access] li")] == [str(comment.pk)]
        # Out of reach means out of sight: neither the text nor the author of hub A's comment.
        assert comment.comment not in soup.get_text()
        assert comment.user_name not in soup.get_text()
    elif expected == "ignored":
        assert response.status_code == 302
    elif expected == "ok":
        endpoint.succeeded(world, comment, response)
    else:  # pragma: no cover - a typo in the table
        raise AssertionError(expected)

    if expected in REFUSALS or expected in ("listed", "not_listed"):
        assert snapshot() == before
