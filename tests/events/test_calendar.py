"""Events as iCalendar (events/calendar.py), read back with the ``icalendar`` library: the right
instants in the event's time zone, on both sides of a change of clocks, and the revision and
status a calendar needs to update its copy."""

import datetime
import zoneinfo

import icalendar
import pytest

from tests.factories import CommunityHubPageFactory, EventPageFactory

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


@pytest.fixture
def hub(home):
    return CommunityHubPageFactory(parent=home, title="Freewheelin", slug="freewheelin")


def read(content):
    [event] = icalendar.Calendar.from_ical(content).walk("VEVENT")
    return event


def test_the_ics_file_holds_the_times_in_the_events_zone_across_the_change_of_clocks(hub, client):
    # Saturday before and Sunday after Paris goes to summer time (28 March 2027).
    saturday = EventPageFactory(
        parent=hub, slug="before", start_date=datetime.date(2027, 3, 27), start_time=datetime.time(9)
    )
    sunday = EventPageFactory(
        parent=hub, slug="after", start_date=datetime.date(2027, 3, 28), start_time=datetime.time(9)
    )
    instants = {}
    for event in (saturday, sunday):
        response = client.get(event.url + "calendar/")
        assert response.status_code == 200
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        assert f'filename="{event.slug}.ics"' in response["Content-Disposition"]
        document = icalendar.Calendar.from_ical(response.content)
        assert [zone["TZID"] for zone in document.walk("VTIMEZONE")] == ["Europe/Paris"]
        vevent = read(response.content)
        start = vevent.decoded("DTSTART")
        assert start.tzinfo is not None and str(vevent["DTSTART"].params["TZID"]) == "Europe/Paris"
        assert (start.hour, vevent.decoded("DTEND").hour) == (9, 12)
        instants[event.slug] = start.astimezone(datetime.UTC)
        assert str(vevent["UID"]) == f"event-{event.pk}@townsquare.events"
        assert str(vevent["STATUS"]) == "CONFIRMED"
    assert instants == {
        "before": datetime.datetime(2027, 3, 27, 8, tzinfo=datetime.UTC),
        "after": datetime.datetime(2027, 3, 28, 7, tzinfo=datetime.UTC),
    }


def test_a_change_raises_the_sequence_and_a_cancellation_says_so(hub, client):
    event = EventPageFactory(parent=hub, slug="ride")
    assert int(read(client.get(event.url + "calendar/").content)["SEQUENCE"]) == 0
    event.summary = "A longer description."  # not what a calendar shows: no new revision
    event.save()
    assert event.sequence == 0
    event.start_time = datetime.time(10)
    event.save()
    assert int(read(client.get(event.url + "calendar/").content)["SEQUENCE"]) == 1
    event.cancelled, event.cancellation_reason = True, "Storm warning."
    event.save_revision().publish()
    vevent = read(client.get(event.url + "calendar/").content)
    assert (int(vevent["SEQUENCE"]), str(vevent["STATUS"])) == (2, "CANCELLED")
    assert vevent.decoded("DTSTART").hour == 10


def test_the_site_and_hub_calendars_list_their_events_in_the_pages_language(hub, home, client):
    lens = CommunityHubPageFactory(parent=home, title="Through the Lens", slug="lens")
    ride = EventPageFactory(parent=hub, title="Saturday ride", slug="ride")
    EventPageFactory(parent=lens, title="Photo walk", slug="walk")
    draft = EventPageFactory(parent=hub, title="Draft ride", slug="draft")
    draft.unpublish()

    site = icalendar.Calendar.from_ical(client.get("/en/events/calendar/").content)
    assert sorted(str(event["SUMMARY"]) for event in site.walk("VEVENT")) == ["Photo walk", "Saturday ride"]
    hub_feed = client.get(f"/en/events/calendar/{hub.pk}/")
    assert hub_feed["Content-Type"] == "text/calendar; charset=utf-8"
    [only] = icalendar.Calendar.from_ical(hub_feed.content).walk("VEVENT")
    assert str(only["UID"]) == f"event-{ride.pk}@townsquare.events"
    assert f"/en/events/calendar/{hub.pk}/" in client.get(hub.url).content.decode()
    assert client.get(f"/en/events/calendar/{ride.pk}/").status_code == 404  # not a hub
    assert client.get("/en/events/calendar/99999/").status_code == 404
