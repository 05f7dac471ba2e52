"""The feedback screens: who may use them, what they answer, bad input, the listing."""

import csv
import io
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry
from wagtail.test.utils import WagtailTestUtils

from listening import workflow
from listening.models import FeedbackItem
from moderation.models import Comment
from moderation.viewsets import ModeratorOnlyMenuItem
from tests.moderation.test_permissions import make_comment

JSON = {"HTTP_ACCEPT": "application/json"}
HUGE = str(2**63)  # one past the largest id a database column holds


def as_user(client, user):
    if user is not None:
        client.force_login(user)
    return client


def snapshot():
    """Everything a refused request must leave as it was."""
    return (
        list(FeedbackItem.objects.order_by("pk").values()),
        ModelLogEntry.objects.filter(action__startswith="townsquare_feedback.").count(),
    )


# -- Who may act ---------------------------------------------------------------------------------

ENDPOINTS = {
    "mark": ("/admin/feedback/{comment}/mark/", {"kind": "idea"}),
    "status": ("/admin/feedback/{item}/status/", {"status": "acknowledged"}),
    "assign": ("/admin/feedback/{item}/assign/", {"assignee": ""}),
    "respond": ("/admin/feedback/{item}/respond/", {"response": "Thanks."}),
}


@pytest.fixture
def target(world, moderator):
    """A published comment of hub A to mark, and another already marked."""
    fresh = make_comment(world.story_a, Comment.State.PUBLISHED, text="Fresh idea.")
    marked = make_comment(world.story_a, Comment.State.PUBLISHED, text="Marked idea.")
    item = workflow.mark(marked, moderator, "idea")
    workflow.assign(item, moderator, assignee=moderator)
    return {"comment": fresh.pk, "item": item.pk}


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", "login"),
        ("visitor", "login"),
        ("editor_a", 403),
        ("moderator_b", 403),
        ("moderator_a", 302),
        ("owner_a", 302),
        ("superuser", 302),
    ],
)
def test_who_may_act(client, world, target, endpoint, role, expected):
    user = world.colleague if role == "owner_a" else world.users[role]
    url, data = ENDPOINTS[endpoint]
    before = snapshot()
    response = as_user(client, user).post(url.format(**target), data)
    if expected == "login":
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    else:
        assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith("/admin/moderation/")
        assert snapshot() != before
    else:
        assert snapshot() == before


def test_refusal_is_a_403_with_a_message(client, world, target):
    response = as_user(client, world.users["moderator_b"]).post(
        f"/admin/feedback/{target['item']}/status/", {"status": "acknowledged"}, **JSON
    )
    assert response.status_code == 403
    assert response.json() == {"ok": False, "message": "You do not moderate the hub this belongs to."}


# -- What a change answers -----------------------------------------------------------------------


def test_mark_answers_json(client, moderator, comment, world):
    response = as_user(client, moderator).post(
        f"/admin/feedback/{comment.pk}/mark/",
        {"kind": "complaint", "team": world.hub_a.owners_group_id, "assignee": world.colleague.pk},
        **JSON,
    )
    assert response.status_code == 200
    body = response.json()
    item = FeedbackItem.objects.get(comment=comment)
    assert body["ok"] is True and body["message"] == "Marked as: Complaint."
    assert body["item"] == {
        "id": item.pk,
        "comment": comment.pk,
        "kind": "complaint",
        "kind_label": "Complaint",
        "status": "new",
        "status_label": "New",
        "next_statuses": ["acknowledged", "declined"],
        "team": world.hub_a.owners_group_id,
        "assignee": world.colleague.pk,
        "public_response": "",
    }


def test_status_redirects_back_to_the_history_with_a_message(client, moderator, item):
    response = as_user(client, moderator).post(
        f"/admin/feedback/{item.pk}/status/", {"status": "acknowledged", "expected_status": "new"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/admin/moderation/{item.comment_id}/"
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["This feedback is now: Acknowledged."]
    item.refresh_from_db()
    assert item.status == "acknowledged"


def test_a_refusal_redirects_with_an_error_message(client, moderator, item):
    response = as_user(client, moderator).post(f"/admin/feedback/{item.pk}/status/", {"status": "done"})
    assert response.status_code == 302
    (message,) = get_messages(response.wsgi_request)
    assert message.level_tag == "error"
    assert str(message) == "A feedback item that is new cannot become done: acknowledge it first."


def test_next_is_followed_on_this_site_only(client, moderator, item):
    client = as_user(client, moderator)
    response = client.post(f"/admin/feedback/{item.pk}/respond/", {"response": "Hi", "next": "/admin/feedback/"})
    assert response["Location"] == "/admin/feedback/"
    response = client.post(f"/admin/feedback/{item.pk}/respond/", {"response": "", "next": "https://evil.example/"})
    assert response["Location"] == f"/admin/moderation/{item.comment_id}/"


def test_status_with_response_and_assign_and_respond(client, moderator, item, world):
    client = as_user(client, moderator)
    body = client.post(
        f"/admin/feedback/{item.pk}/status/", {"status": "acknowledged", "response": "On our list."}, **JSON
    ).json()
    assert body["item"]["public_response"] == "On our list." and body["item"]["next_statuses"] == [
        "planned",
        "done",
        "declined",
    ]
    body = client.post(
        f"/admin/feedback/{item.pk}/assign/", {"team": world.hub_a.moderators_group_id, "assignee": ""}, **JSON
    ).json()
    assert body["message"] == "Assignment saved." and body["item"]["team"] == world.hub_a.moderators_group_id
    body = client.post(f"/admin/feedback/{item.pk}/respond/", {"response": ""}, **JSON).json()
    assert body["message"] == "Public response removed." and body["item"]["public_response"] == ""


# -- Bad input -----------------------------------------------------------------------------------

# (label, endpoint, url argument, data, status, part of the message)
BAD_INPUT = [
    ("unknown kind", "mark", "fresh", {"kind": "rant"}, 400, "Choose feedback, idea"),
    ("kind with a NUL byte", "mark", "fresh", {"kind": "idea\x00"}, 400, "Choose feedback, idea"),
    ("held comment", "mark", "held", {"kind": "idea"}, 400, "Only a published comment"),
    ("marked twice", "mark", "marked_comment", {"kind": "idea"}, 409, "already marked"),
    ("team not a number", "mark", "fresh", {"kind": "idea", "team": "abc"}, 400, "hub's teams"),
    ("another hub's team", "mark", "fresh", {"kind": "idea", "team": "team_b"}, 400, "hub's teams"),
    ("assignee past 2**63-1", "mark", "fresh", {"kind": "idea", "assignee": HUGE}, 400, "moderates this hub"),
    ("assignee with a NUL byte", "mark", "fresh", {"kind": "idea", "assignee": "1\x00"}, 400, "moderates this hub"),
    ("non-ASCII digits", "mark", "fresh", {"kind": "idea", "assignee": "²"}, 400, "moderates this hub"),
    ("another hub's moderator", "assign", "item", {"assignee": "moderator_b"}, 400, "moderates this hub"),
    ("unknown status", "status", "item", {"status": "archived"}, 400, "Unknown status"),
    ("out of order", "status", "item", {"status": "done"}, 400, "new cannot become done"),
    ("back to new", "status", "item", {"status": "new"}, 409, "already new"),
    (
        "stale expected status",
        "status",
        "acknowledged_item",
        {"status": "declined", "expected_status": "new"},
        409,
        "already acknowledged",
    ),
    (
        "unknown expected status",
        "status",
        "item",
        {"status": "acknowledged", "expected_status": "x"},
        400,
        "Unknown status",
    ),
    (
        "response too long with a status",
        "status",
        "item",
        {"status": "acknowledged", "response": "x" * 2001},
        400,
        "at most 2000",
    ),
    ("response too long", "respond", "item", {"response": "x" * 2001}, 400, "at most 2000"),
    ("response with a NUL byte", "respond", "item", {"response": "hi\x00"}, 400, "null byte"),
    ("same response again", "respond", "answered_item", {"response": "Noted."}, 409, "already this text"),
]
NOT_FOUND = [
    ("comment past 2**63-1", f"/admin/feedback/{HUGE}/mark/", 404),
    ("no such comment", "/admin/feedback/999999/mark/", 404),
    ("item past 2**63-1", f"/admin/feedback/{HUGE}/status/", 404),
    ("no such item", "/admin/feedback/999999/respond/", 404),
    ("negative id", "/admin/feedback/-1/assign/", 404),
]


@pytest.fixture
def bad_world(world, moderator):
    def published(text):
        return make_comment(world.story_a, Comment.State.PUBLISHED, text=text)

    item = workflow.mark(published("One."), moderator, "idea")
    acknowledged = workflow.mark(published("Two."), moderator, "question")
    workflow.move(acknowledged, moderator, "acknowledged")
    answered = workflow.mark(published("Three."), moderator, "feedback")
    workflow.respond(answered, moderator, "Noted.")
    return {
        "fresh": published("Four.").pk,
        "held": make_comment(world.story_a, Comment.State.HELD, text="Five.").pk,
        "marked_comment": item.comment_id,
        "item": item.pk,
        "acknowledged_item": acknowledged.pk,
        "answered_item": answered.pk,
        "team_b": world.hub_b.moderators_group_id,
        "moderator_b": world.users["moderator_b"].pk,
    }


@pytest.mark.parametrize(("label", "endpoint", "target", "data", "status", "message"), BAD_INPUT)
def test_bad_input(client, moderator, bad_world, label, endpoint, target, data, status, message):
    data = {key: bad_world.get(value, value) if isinstance(value, str) else value for key, value in data.items()}
    url = ENDPOINTS[endpoint][0].format(comment=bad_world[target], item=bad_world[target])
    before = snapshot()
    response = as_user(client, moderator).post(url, data, **JSON)
    assert response.status_code == status, label
    body = response.json()
    assert body["ok"] is False and message in body["message"], body
    assert snapshot() == before, f"{label}: something was stored"


@pytest.mark.parametrize(("label", "url", "status"), NOT_FOUND)
def test_forged_ids(client, moderator, bad_world, label, url, status):
    before = snapshot()
    response = as_user(client, moderator).post(url, {"kind": "idea", "status": "acknowledged"}, **JSON)
    assert response.status_code == status, label
    assert snapshot() == before


def test_changes_by_get_are_refused(client, moderator, item):
    client = as_user(client, moderator)
    for url in ENDPOINTS.values():
        assert client.get(url[0].format(comment=item.comment_id, item=item.pk)).status_code == 405


# -- The listing ---------------------------------------------------------------------------------


def feedback_in(story, moderator, count, **fields):
    items = []
    for n in range(count):
        comment = make_comment(story, Comment.State.PUBLISHED, text=f"Listing comment {n}.")
        items.append(
            FeedbackItem.objects.create(
                comment=comment,
                hub=comment.hub,
                kind=fields.get("kind", "idea"),
                status=fields.get("status", "new"),
                assignee=fields.get("assignee"),
                team=fields.get("team"),
                status_changed_at=timezone.now(),
                created_by=moderator,
            )
        )
    return items


def listed(response):
    assert response.status_code == 200
    soup = WagtailTestUtils.get_soup(response.content)
    return {int(row["data-feedback-item"]) for row in soup.select("[data-feedback-listing] tr[data-feedback-item]")}


@pytest.fixture
def two_hubs(world, moderator):
    return {
        "a_ideas": feedback_in(world.story_a, moderator, 2, kind="idea"),
        "a_mine": feedback_in(
            world.story_a, moderator, 1, kind="complaint", status="acknowledged", assignee=moderator
        ),
        "b": feedback_in(world.story_b, moderator, 2, kind="question"),
    }


def pks(*groups):
    return {item.pk for group in groups for item in group}


@pytest.mark.parametrize(
    ("role", "visible"),
    [("moderator_a", ("a_ideas", "a_mine")), ("moderator_b", ("b",)), ("superuser", ("a_ideas", "a_mine", "b"))],
)
def test_listing_is_scoped_to_the_users_hubs(client, world, two_hubs, role, visible):
    response = as_user(client, world.users[role]).get("/admin/feedback/")
    assert listed(response) == pks(*(two_hubs[key] for key in visible))


@pytest.mark.parametrize("role", ["editor_a", "visitor"])
def test_listing_refuses_non_moderators(client, world, role):
    response = as_user(client, world.users[role]).get("/admin/feedback/")
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response["Location"].startswith("/admin/login/")


def test_listing_filters(client, world, two_hubs, moderator):
    client = as_user(client, world.users["superuser"])
    assert listed(client.get("/admin/feedback/?status=acknowledged")) == pks(two_hubs["a_mine"])
    assert listed(client.get("/admin/feedback/?kind=question")) == pks(two_hubs["b"])
    assert listed(client.get(f"/admin/feedback/?hub={world.hub_a.pk}")) == pks(two_hubs["a_ideas"], two_hubs["a_mine"])
    assert listed(client.get("/admin/feedback/?assignee=nobody&kind=idea")) == pks(two_hubs["a_ideas"])
    mine = as_user(client, moderator).get("/admin/feedback/?assignee=me")
    assert listed(mine) == pks(two_hubs["a_mine"])


def test_listing_ignores_invalid_filters_and_says_so(client, moderator, world, two_hubs):
    response = as_user(client, moderator).get(f"/admin/feedback/?status=bogus&hub={world.hub_b.pk}")
    assert listed(response) == pks(two_hubs["a_ideas"], two_hubs["a_mine"])
    soup = WagtailTestUtils.get_soup(response.content)
    assert soup.select_one("[data-filters-invalid][role=alert]").get_text(strip=True) == (
        "Some filters are not valid and were ignored: open the filters to see why."
    )


def test_listing_newest_first_and_paginated(client, moderator, world):
    items = feedback_in(world.story_a, moderator, 27)
    client = as_user(client, moderator)
    soup = WagtailTestUtils.get_soup(client.get("/admin/feedback/").content)
    rows = [int(row["data-feedback-item"]) for row in soup.select("tr[data-feedback-item]")]
    assert rows == [item.pk for item in reversed(items)][:25]
    assert listed(client.get("/admin/feedback/?p=2")) == {items[0].pk, items[1].pk}


@pytest.mark.parametrize("url", ["/admin/feedback/", "/admin/feedback/results/"])
def test_a_page_past_the_last_is_a_404(client, moderator, world, url):
    feedback_in(world.story_a, moderator, 27)
    client = as_user(client, moderator)
    assert listed(client.get(url, {"p": 2})) != set()
    for page in ("3", "9", "0", "-1", "abc", HUGE):
        assert client.get(url, {"p": page}).status_code == 404, page
    # A filter that matches nothing still has its first (empty) page, not a 404.
    assert client.get(url, {"kind": "complaint"}).status_code == 200
    assert client.get(url, {"kind": "complaint", "p": 2}).status_code == 404


def test_results_fragment_is_scoped_and_refused_to_non_moderators(client, world, two_hubs):
    response = as_user(client, world.users["moderator_b"]).get("/admin/feedback/results/")
    assert listed(response) == pks(two_hubs["b"])
    assert as_user(client, world.users["editor_a"]).get("/admin/feedback/results/").status_code == 403


def test_marked_between_filters_by_date(client, moderator, world, two_hubs):
    old = two_hubs["a_ideas"][0]
    FeedbackItem.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=40))
    client = as_user(client, moderator)
    day = timezone.localdate() - timedelta(days=40)
    assert listed(client.get("/admin/feedback/", {"marked_from": day, "marked_to": day})) == {old.pk}
    recent = pks(two_hubs["a_ideas"][1:], two_hubs["a_mine"])
    assert listed(client.get("/admin/feedback/", {"marked_from": timezone.localdate()})) == recent


def test_active_filters_show_as_pills(client, moderator, two_hubs):
    response = as_user(client, moderator).get("/admin/feedback/results/", {"kind": "complaint", "assignee": "me"})
    assert listed(response) == pks(two_hubs["a_mine"])
    soup = WagtailTestUtils.get_soup(response.content)
    pills = [" ".join(pill.get_text(" ", strip=True).split()) for pill in soup.select(".w-active-filters .w-pill")]
    assert sorted(pills) == ["Assigned to: Assigned to me", "Kind: Complaint"]


def test_listing_offers_the_filter_drawer_and_the_downloads(client, moderator, two_hubs):
    soup = WagtailTestUtils.get_soup(as_user(client, moderator).get("/admin/feedback/", {"kind": "idea"}).content)
    fields = [field["name"] for field in soup.select("#filters-drilldown input, #filters-drilldown select")]
    assert fields == ["hub", "status", "kind", "assignee", "marked_from", "marked_to"]
    # The downloads keep the filters in use.
    downloads = sorted(link["href"] for link in soup.select("a[href*='export=']"))
    assert downloads == ["/admin/feedback/?kind=idea&export=csv", "/admin/feedback/?kind=idea&export=xlsx"]


# -- The downloads (Wagtail's CSV and XLSX export of the listing) -------------------------------

EXPORT_HEADINGS = [
    "Feedback id",
    "Comment id",
    "Kind",
    "Status",
    "Hub",
    "Story",
    "Author",
    "Comment",
    "Team",
    "Assigned to",
    "Public response",
    "Public response by",
    "Marked",
    "Status changed",
]


def exported(response, fmt):
    """The rows of a download, headings first, every cell as text."""
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    if fmt == "csv":
        assert response["Content-Type"].startswith("text/csv")
        return list(csv.reader(io.StringIO(body.decode())))
    sheet = load_workbook(io.BytesIO(body)).active
    return [["" if cell is None else str(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]


def name_of(user):
    return user.get_full_name() or user.get_username()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_columns_and_values(client, world, moderator, fmt):
    (item,) = feedback_in(
        world.story_a, moderator, 1, kind="complaint", team=world.hub_a.owners_group, assignee=world.colleague
    )
    FeedbackItem.objects.filter(pk=item.pk).update(public_response="On our list.", public_response_by=moderator)
    response = as_user(client, moderator).get("/admin/feedback/", {"export": fmt})
    assert f"feedback-{timezone.localdate():%Y-%m-%d}.{fmt}" in response["Content-Disposition"]
    rows = exported(response, fmt)
    assert rows[0] == EXPORT_HEADINGS
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row == {
        **row,
        "Feedback id": str(item.pk),
        "Comment id": str(item.comment_id),
        "Kind": "Complaint",
        "Status": "New",
        "Hub": "Gardening",
        "Story": "Seeds",
        "Author": "Robin",
        "Comment": "Listing comment 0.",
        "Team": world.hub_a.owners_group.name,
        "Assigned to": name_of(world.colleague),
        "Public response": "On our list.",
        "Public response by": name_of(moderator),
    }
    assert row["Marked"] and row["Status changed"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize(
    ("role", "visible"),
    [("moderator_a", ("a_ideas", "a_mine")), ("moderator_b", ("b",)), ("superuser", ("a_ideas", "a_mine", "b"))],
)
def test_export_is_scoped_to_the_users_hubs(client, world, two_hubs, fmt, role, visible):
    rows = exported(as_user(client, world.users[role]).get("/admin/feedback/", {"export": fmt}), fmt)
    ids = {int(row[0]) for row in rows[1:]}
    assert ids == pks(*(two_hubs[key] for key in visible))
    # Another hub's item never appears, not even when its hub is asked for by id.
    other = world.hub_b if role == "moderator_a" else world.hub_a
    if role != "superuser":
        response = as_user(client, world.users[role]).get("/admin/feedback/", {"export": fmt, "hub": other.pk})
        assert {int(row[0]) for row in exported(response, fmt)[1:]} == ids


def test_export_follows_the_filters_and_the_order(client, world, two_hubs):
    client = as_user(client, world.users["superuser"])
    rows = exported(client.get("/admin/feedback/", {"export": "csv", "kind": "idea"}), "csv")
    assert [int(row[0]) for row in rows[1:]] == sorted(pks(two_hubs["a_ideas"]), reverse=True)


def test_export_is_refused_to_non_moderators(client, world, two_hubs):
    for role in ("editor_a", "visitor"):
        response = as_user(client, world.users[role]).get("/admin/feedback/", {"export": "csv"})
        assert response.status_code in (302, 403), role
        assert not getattr(response, "streaming", False), role


def test_export_queries_do_not_grow(client, moderator, world):
    client = as_user(client, moderator)
    counts = {}
    for size in (5, 30):
        FeedbackItem.objects.all().delete()
        items = feedback_in(world.story_a, moderator, size, team=world.hub_a.owners_group, assignee=world.colleague)
        FeedbackItem.objects.filter(pk__in=[item.pk for item in items]).update(
            public_response="Thanks.", public_response_by=moderator
        )
        with CaptureQueriesContext(connection) as queries:
            rows = exported(client.get("/admin/feedback/", {"export": "csv"}), "csv")
        assert len(rows) == size + 1
        counts[size] = len(queries)
    assert counts[5] == counts[30], counts


def test_listing_queries_do_not_grow(client, moderator, world):
    client = as_user(client, moderator)
    counts = {}
    for size in (5, 30):
        FeedbackItem.objects.all().delete()
        feedback_in(world.story_a, moderator, size, team=world.hub_a.owners_group, assignee=world.colleague)
        client.get("/admin/feedback/")  # warm the caches of the admin
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/admin/feedback/")
        assert len(listed(response)) == min(size, 25)
        counts[size] = len(queries)
    assert counts[5] == counts[30], counts


def test_menu_item_is_shown_to_moderators_only(rf, world):
    item = ModeratorOnlyMenuItem("Feedback", "/admin/feedback/")
    for role, shown in [("editor_a", False), ("visitor", False), ("moderator_b", True), ("superuser", True)]:
        request = rf.get("/admin/")
        request.user = world.users[role]
        assert item.is_shown(request) is shown, role
