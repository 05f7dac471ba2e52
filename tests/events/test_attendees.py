"""The attendees' list in the admin (events/admin_views.py): the hub's team sees its events'
sign-ups, checks people in and exports the list; nobody else sees them. Its queries do not grow
with the number of sign-ups."""

import csv
import io

import pytest
from django.urls import reverse

from events import registrations
from events.models import Registration
from tests.factories import CommunityHubPageFactory, EventPageFactory, UserFactory

URL = "/admin/events/sign-ups/"


@pytest.fixture
def hub(home):
    return CommunityHubPageFactory(parent=home, title="Freewheelin", slug="freewheelin")


@pytest.fixture
def ride(hub):
    return EventPageFactory(parent=hub, title="Saturday ride", slug="saturday-ride", capacity=3)


def sign_up_many(event, count, start=0):
    for n in range(start, start + count):
        user = UserFactory(username=f"rider{n}", email=f"rider{n}@example.org")
        registrations.sign_up(event, name=f"Rider {n}", email=user.email, user=user)


def editor_of(hub):
    return UserFactory(username="hub-editor", groups=[hub.editors_group])


def test_the_hubs_team_sees_checks_in_and_exports_its_events_sign_ups(hub, ride, client):
    sign_up_many(ride, 4)
    other_hub = CommunityHubPageFactory(parent=hub.get_parent(), title="Through the Lens", slug="lens")
    walk = EventPageFactory(parent=other_hub, title="Photo walk", slug="photo-walk")
    registrations.sign_up(walk, name="Secret", email="secret@example.org")
    client.force_login(editor_of(hub))

    listing = client.get(URL)
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "Rider 0" in html and "Rider 3" in html
    assert "Secret" not in html

    first = Registration.objects.get(name="Rider 0")
    response = client.post(reverse("event_attendees:check_in", args=[first.pk]), {"next": URL})
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.checked_in_at is not None
    waitlisted = Registration.objects.get(name="Rider 3")
    client.post(reverse("event_attendees:check_in", args=[waitlisted.pk]))
    waitlisted.refresh_from_db()
    assert waitlisted.checked_in_at is None  # only people with a place

    exported = client.get(URL + "?export=csv")
    assert exported.status_code == 200
    rows = list(csv.DictReader(io.StringIO(b"".join(exported.streaming_content).decode())))
    assert len(rows) == 4
    assert {row["Event"] for row in rows} == {"Saturday ride"}

    foreign = Registration.objects.get(name="Secret")
    assert client.post(reverse("event_attendees:check_in", args=[foreign.pk])).status_code in (302, 403)
    foreign.refresh_from_db()
    assert foreign.checked_in_at is None


def test_people_outside_the_team_see_no_sign_ups(hub, ride, client):
    sign_up_many(ride, 1)
    client.force_login(UserFactory(username="someone-else"))
    response = client.get(URL)
    assert response.status_code in (302, 403)
    assert b"Rider 0" not in response.content


def test_the_list_costs_the_same_queries_for_5_and_40_sign_ups(hub, ride, client, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(editor_of(hub))
    counts = []
    for size, start in ((5, 0), (35, 5)):
        sign_up_many(ride, size, start)
        client.get(URL)  # warm the per-user caches
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
