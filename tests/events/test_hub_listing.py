"""A hub lists its upcoming events (soonest first) and its latest past ones; the listing costs
the same queries for a few events as for many."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import CommunityHubPageFactory, EventPageFactory


@pytest.fixture
def hub(home):
    return CommunityHubPageFactory(parent=home, title="Freewheelin", slug="freewheelin")


def event_on(hub, days, title, **fields):
    day = datetime.date.today() + datetime.timedelta(days=days)
    return EventPageFactory(parent=hub, title=title, start_date=day, end_date=day, **fields)


def test_upcoming_soonest_first_then_the_latest_past_ones(hub, client):
    event_on(hub, 20, "Autumn ride")
    event_on(hub, 3, "Saturday ride")
    event_on(hub, -10, "Spring ride")
    event_on(hub, 5, "Cancelled ride", cancelled=True, cancellation_reason="Storm.")
    draft = event_on(hub, 4, "Draft ride")
    draft.unpublish()
    html = client.get(hub.url).content.decode()
    upcoming = html.index("Upcoming events")
    past = html.index("Past events")
    positions = {
        title: html.index(title) for title in ("Saturday ride", "Cancelled ride", "Autumn ride", "Spring ride")
    }
    assert upcoming < positions["Saturday ride"] < positions["Cancelled ride"] < positions["Autumn ride"] < past
    assert past < positions["Spring ride"]
    assert "Draft ride" not in html


def test_the_hub_page_costs_the_same_queries_for_2_and_12_events(hub, client):
    counts = []
    for total in (2, 12):
        while hub.events().count() < total:
            n = hub.events().count()
            event_on(
                hub,
                n - 3,
                f"Ride {n}",
                attendance="online" if n % 2 else "in_person",
                online_url="https://meet.example.org/r",
            )
        client.get(hub.url)  # warm the per-site caches
        with CaptureQueriesContext(connection) as queries:
            assert client.get(hub.url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_the_sitemap_lists_live_events(hub, client):
    live = event_on(hub, 3, "Saturday ride")
    draft = event_on(hub, 4, "Draft ride")
    draft.unpublish()
    sitemap = client.get("/sitemap.xml").content.decode()
    assert live.url in sitemap
    assert draft.url not in sitemap
