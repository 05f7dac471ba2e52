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


def reported(story, **kw):
    return make_comment(story, State.PUBLISHED, report_count=2, **kw)


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
    assert comment.assignee == world.colleague
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
    "reported": reported,
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
                "pk", "state", "answered_at", "assignee_id", "assignment_note", "report_count", "moderated_by_id"
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


# ---------------------------------------------------------------------------
# The permission policy: who moderates which hubs, and how it shows in Settings → Groups.
# ---------------------------------------------------------------------------


def change_comment():
    from django.contrib.auth.models import Permission

    return Permission.objects.get(content_type__app_label="moderation", codename="change_comment")


def fresh(user):
    """The user as a new request would load it: no permission or hub cache on the object."""
    return type(user).objects.get(pk=user.pk)


def grant_group(name, *, users=()):
    from django.contrib.auth.models import Group

    group = Group.objects.create(name=name)
    group.permissions.add(change_comment())
    for user in users:
        user.groups.add(group)
    return group


class TestPolicy:
    def test_team_members_moderate_their_hub_only(self, db, world):
        from moderation.permissions import moderated_hub_ids

        assert moderated_hub_ids(fresh(world.users["moderator_a"])) == {world.hub_a.pk}
        assert moderated_hub_ids(fresh(world.colleague)) == {world.hub_a.pk}  # an owner
        assert moderated_hub_ids(fresh(world.users["moderator_b"])) == {world.hub_b.pk}
        assert moderated_hub_ids(fresh(world.users["editor_a"])) == set()
        assert moderated_hub_ids(fresh(world.users["visitor"])) == set()
        assert moderated_hub_ids(world.users["superuser"]) is None

    def test_a_group_given_the_permission_moderates_every_hub(self, db, world):
        from moderation.permissions import can_moderate, moderated_hub_ids

        person = UserFactory(username="site_moderator")
        grant_group("Site moderators", users=[person])
        person = fresh(person)
        assert moderated_hub_ids(person) is None
        assert can_moderate(person, held(world.story_a)) and can_moderate(person, held(world.story_b))

    def test_a_hubs_editors_given_the_permission_moderate_that_hub_only(self, db, world):
        from moderation.permissions import can_moderate, moderated_hub_ids

        world.hub_a.editors_group.permissions.add(change_comment())
        editor = fresh(world.users["editor_a"])
        assert moderated_hub_ids(editor) == {world.hub_a.pk}
        assert can_moderate(editor, held(world.story_a))
        assert not can_moderate(editor, held(world.story_b, email="sam@example.org"))

    def test_the_permission_given_to_a_user_directly_covers_every_hub(self, db, world):
        from moderation.permissions import moderated_hub_ids

        person = UserFactory(username="direct")
        person.user_permissions.add(change_comment())
        assert moderated_hub_ids(fresh(person)) is None

    def test_inactive_people_moderate_nothing_even_with_the_permission(self, db, world):
        from moderation.permissions import can_moderate_anything, moderated_hub_ids

        person = UserFactory(username="gone", is_active=False, groups=[world.hub_a.moderators_group])
        grant_group("Site moderators", users=[person])
        assert moderated_hub_ids(fresh(person)) == set()
        assert not can_moderate_anything(fresh(person))

    @pytest.mark.parametrize("kind", ["team", "site-wide", "editors with the permission"])
    def test_one_query_once_django_has_read_the_permissions(self, db, world, kind, django_assert_num_queries):
        from moderation.permissions import moderated_hub_ids

        person = world.users["moderator_a"] if kind == "team" else world.users["editor_a"]
        if kind == "site-wide":
            grant_group("Site moderators", users=[person])
        elif kind == "editors with the permission":
            world.hub_a.editors_group.permissions.add(change_comment())
        person = fresh(person)
        person.get_all_permissions()  # what Wagtail's access_admin check does in every admin request
        with django_assert_num_queries(1):
            first = moderated_hub_ids(person)
        with django_assert_num_queries(0):
            assert moderated_hub_ids(person) == first  # cached on the user object for the request
        assert first == (None if kind == "site-wide" else {world.hub_a.pk})

    def test_the_policy_lists_instances_and_users(self, db, world):
        from moderation.permissions import comment_moderation_policy as policy

        mine, theirs = held(world.story_a), held(world.story_b, email="sam@example.org")
        moderator = fresh(world.users["moderator_a"])
        assert set(policy.instances_user_has_permission_for(moderator, "change")) == {mine}
        assert set(policy.instances_user_has_permission_for(world.users["superuser"], "change")) == {mine, theirs}
        assert not policy.instances_user_has_permission_for(moderator, "delete").exists()
        assert policy.user_has_permission_for_instance(moderator, "change", mine)
        assert not policy.user_has_permission_for_instance(moderator, "change", theirs)
        assert not policy.user_has_permission_for_instance(moderator, "delete", mine)

        site_wide = UserFactory(username="site_moderator")
        grant_group("Site moderators", users=[site_wide])
        names = set(policy.users_with_permission_for_instance("change", mine).values_list("username", flat=True))
        assert names == {"moderator_a", "colleague_a", "root", "site_moderator"}
        everyone = set(policy.users_with_permission("change").values_list("username", flat=True))
        assert everyone == {"moderator_a", "moderator_b", "colleague_a", "root", "site_moderator"}

    def test_settings_groups_offers_the_permission(self, db, client, world):
        client.force_login(world.users["superuser"])
        soup = WagtailTestUtils.get_soup(client.get("/admin/groups/new/").content)
        box = soup.select_one(f'input[name="permissions"][value="{change_comment().pk}"]')
        assert box is not None, "Comment: Change is offered in Settings → Groups"
        assert box.find_parent("tr").select_one("td.title").get_text(strip=True) == "Comment"

    def test_a_group_ticked_in_settings_groups_moderates_every_hub(self, db, client, world):
        from django.contrib.auth.models import Group, Permission

        client.force_login(world.users["superuser"])
        form = WagtailTestUtils.get_soup(client.get("/admin/groups/new/").content).select_one("main form")
        # The formsets' management fields as the page gives them, and nothing else ticked.
        data = {
            field["name"]: field.get("value", "")
            for field in form.select("input[type=hidden]")
            if field["name"].endswith(("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"))
        }
        access_admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
        data.update(name="Site moderators", permissions=[change_comment().pk, access_admin.pk])
        response = client.post("/admin/groups/new/", data)
        assert response.status_code == 302, response.content.decode()[:2000]

        person = UserFactory(username="site_moderator")
        person.groups.add(Group.objects.get(name="Site moderators"))
        mine, theirs = held(world.story_a), held(world.story_b, email="sam@example.org")
        client.force_login(person)
        assert client.get(f"/admin/moderation/{mine.pk}/").status_code == 200
        assert client.get(f"/admin/moderation/{theirs.pk}/").status_code == 200
        from moderation.permissions import moderated_hub_ids

        assert moderated_hub_ids(fresh(person)) is None
