"""Comments on events: the same discussion, form, confirmation, policy and moderation as on
stories (``moderation.discussion``), below the event page."""

import datetime
import re

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.test.utils import WagtailTestUtils

from moderation.models import Comment
from tests.factories import CommunityHubPageFactory, EventPageFactory, StoryPageFactory, UserFactory
from tests.stories.comment_helpers import fast_discussion, form_post

soup_of = WagtailTestUtils.get_soup
JSON = {"HTTP_ACCEPT": "application/json", "HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


@pytest.fixture
def hub(home):
    return CommunityHubPageFactory(parent=home, title="Freewheelin", slug="freewheelin")


@pytest.fixture
def ride(hub):
    return EventPageFactory(parent=hub, title="Saturday ride", slug="saturday-ride", capacity=10)


def confirm_link(message):
    return re.search(r"http://testserver(/en/comments/confirm/[^/\s]+/)", message.body).group(1)


def test_a_guests_comment_on_an_event_is_confirmed_held_then_approved_by_the_hubs_moderator(client, ride, hub):
    form = soup_of(client.get(ride.url).content).select_one("form.comment-form")
    assert form is not None
    assert form.select_one("input[name=content_type]")["value"] == "events.eventpage"

    posted = client.post("/en/comments/post/", form_post(ride, comment="Is there a slower group?"))
    assert posted.status_code == 302
    assert posted["Location"] == f"/en/comments/sent/{ride.pk}/"
    [request] = mail.outbox
    assert "Saturday ride" in request.subject
    assert client.get(confirm_link(request)).status_code == 302

    comment = Comment.objects.get()
    assert (comment.page_id, comment.hub_id) == (ride.pk, hub.pk)
    assert comment.state == Comment.State.HELD  # a first comment, as on a story
    assert [reason["code"] for reason in comment.reasons] == ["first_time"]
    assert soup_of(Client().get(ride.url).content).select_one(f"#c{comment.pk}") is None

    # The hub's moderator finds it in their queue, named by its event, and approves it there.
    moderator = UserFactory(username="mod", groups=[hub.moderators_group])
    admin = Client()
    admin.force_login(moderator)
    queue = admin.get("/admin/moderation/pending/")
    assert queue.status_code == 200
    row = soup_of(queue.content).select_one(f"tr[data-comment='{comment.pk}']")
    assert row is not None and "Saturday ride" in row.get_text()
    approved = admin.post(f"/admin/moderation/{comment.pk}/approve/", {}, **JSON)
    assert approved.json()["state"] == "published"

    page = soup_of(Client().get(ride.url).content)
    assert page.select_one("#comments-heading").get_text(strip=True) == "1 comment"
    assert "slower group" in page.select_one(f"#c{comment.pk}").get_text()


def test_a_moderator_of_another_hub_cannot_act_on_it(ride, home):
    other = CommunityHubPageFactory(parent=home, title="Through the Lens", slug="lens")
    outsider = UserFactory(username="outsider", groups=[other.moderators_group])
    client = Client()
    assert client.post("/en/comments/post/", form_post(ride)).status_code == 302
    client.get(confirm_link(mail.outbox[-1]))
    comment = Comment.objects.get()
    client.force_login(outsider)
    assert client.post(f"/admin/moderation/{comment.pk}/approve/", {}, **JSON).status_code == 403
    comment.refresh_from_db()
    assert comment.state == Comment.State.HELD


def test_a_post_naming_the_wrong_kind_of_page_is_refused(client, ride):
    wrong = client.post("/en/comments/post/", form_post(ride, content_type="stories.storypage"))
    assert wrong.status_code == 400
    assert "does not belong to a page that accepts comments" in wrong.content.decode()
    assert not mail.outbox and not Comment.objects.exists()


@pytest.mark.parametrize("where", ["event", "hub", "expired"])
def test_closed_discussions_of_events(client, ride, hub, where):
    if where == "event":
        ride.comments_closed = True
        ride.save_revision().publish()
    elif where == "hub":
        hub.comments_open = False
        hub.save_revision().publish()
    else:
        # "Close after N days" counts from the day the event ended, in its own time zone.
        hub.close_after_days = 30
        hub.save_revision().publish()
        assert ride.comments_are_open(hub=hub, today=ride.end_date + datetime.timedelta(days=30))
        assert not ride.comments_are_open(hub=hub, today=ride.end_date + datetime.timedelta(days=31))
        return
    page = soup_of(client.get(ride.url).content)
    assert page.select_one("form.comment-form") is None
    assert "Comments are closed" in page.select_one("#comments").get_text()
    closed = client.post("/en/comments/post/", form_post(ride))
    assert closed.status_code == 403
    assert client.get(f"/en/comments/write/{ride.pk}/").status_code == 403
    assert not Comment.objects.exists()


def test_the_write_page_and_fresh_form_data_work_for_events(client, ride):
    assert client.get(f"/en/comments/write/{ride.pk}/").status_code == 200
    data = client.get(f"/en/comments/form-data/{ride.pk}/")
    assert data.status_code == 200
    assert data.json()["content_type"] == "events.eventpage"


def test_the_event_page_queries_do_not_grow_with_its_discussion(client, hub):
    counts = {}
    for size in (2, 40):
        event = EventPageFactory(parent=hub, slug=f"ride-{size}", capacity=10)
        fast_discussion(event, size)
        client.get(event.url)  # warm caches
        with CaptureQueriesContext(connection) as queries:
            response = client.get(event.url)
        assert response.status_code == 200
        assert soup_of(response.content).select_one("#comments-heading").get_text(strip=True) == f"{size} comments"
        counts[size] = len(queries)
    assert counts[2] == counts[40], counts


def test_the_story_filter_of_the_queues_finds_events_too(hub):
    StoryPageFactory(parent=hub, title="Ride report", slug="ride-report")
    EventPageFactory(parent=hub, title="Ride to the lake", slug="ride-lake", capacity=5)
    moderator = UserFactory(username="mod", groups=[hub.moderators_group])
    client = Client()
    client.force_login(moderator)
    found = client.get("/admin/moderation/stories/", {"q": "Ride"})
    assert found.status_code == 200
    assert sorted(result["title"] for result in found.json()["results"]) == ["Ride report", "Ride to the lake"]
