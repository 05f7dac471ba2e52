"""The event page: what an editor may publish, the times in the event's time zone, the public
sign-up and the links in its e-mails, over HTTP."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from events import registrations
from events.models import EventPage, Registration, local_instant
from tests.factories import AuthorFactory, CommunityHubPageFactory, EventPageFactory
from townsquare import challenge

Status = Registration.Status


def guest(name="Dee", email="dee@example.org", **fields):
    """A guest's sign-up form as their browser posts it: with a solved anti-spam check."""
    return {"name": name, "email": email, "honeypot": "", "altcha": challenge.solve(challenge.create()), **fields}


@pytest.fixture
def hub(home):
    return CommunityHubPageFactory(parent=home, title="Freewheelin", slug="freewheelin")


@pytest.fixture
def ride(hub):
    return EventPageFactory(parent=hub, title="Saturday ride", slug="saturday-ride", capacity=1)


# Times across changes of clocks ----------------------------------------------------------


def test_times_are_read_in_the_events_time_zone_across_a_change_of_clocks():
    # Paris changes to summer time on 28 March 2027 at 02:00: 9:00 is 08:00 UTC the day before, 07:00 on the day.
    before = local_instant(datetime.date(2027, 3, 27), datetime.time(9), "Europe/Paris")
    after = local_instant(datetime.date(2027, 3, 28), datetime.time(9), "Europe/Paris")
    assert before.astimezone(datetime.UTC).hour == 8
    assert after.astimezone(datetime.UTC).hour == 7
    # The night the clocks went forward is an hour short (Python subtracts same-zone times by the clock).
    assert after.astimezone(datetime.UTC) - before.astimezone(datetime.UTC) == datetime.timedelta(hours=23)
    # New York changes a fortnight earlier: the same wall-clock hour is 13:00 UTC then.
    assert (
        local_instant(datetime.date(2027, 3, 28), datetime.time(9), "America/New_York").astimezone(datetime.UTC).hour
        == 13
    )
    with pytest.raises(ValueError, match="does not exist"):
        local_instant(datetime.date(2027, 3, 28), datetime.time(2, 30), "Europe/Paris")


def test_an_event_stores_its_instants_in_utc(hub):
    event = EventPageFactory(
        parent=hub,
        start_date=datetime.date(2027, 10, 30),
        start_time=datetime.time(22),
        end_date=datetime.date(2027, 10, 31),
        end_time=datetime.time(4),
        time_zone="Europe/Paris",
    )
    # Summer time until 03:00 on the 31st: 20:00 UTC to 03:00 UTC, seven hours for six on the clock.
    assert event.starts_at == datetime.datetime(2027, 10, 30, 20, tzinfo=datetime.UTC)
    assert event.ends_at == datetime.datetime(2027, 10, 31, 3, tzinfo=datetime.UTC)


# What an editor may publish ---------------------------------------------------------------


def errors_of(event):
    with pytest.raises(ValidationError) as raised:
        event.full_clean()
    return raised.value.message_dict


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"end_date": datetime.date(2027, 5, 1), "end_time": datetime.time(8)}, "end_date", "end after it starts"),
        ({"capacity": 0}, "capacity", "greater than or equal to 1"),
        ({"registration_closes": datetime.date(2027, 5, 2)}, "registration_closes", "close before the event"),
        ({"start_time": datetime.time(2, 30), "start_date": datetime.date(2027, 3, 28)}, "start_time", "clocks"),
        ({"attendance": "online", "online_url": ""}, "online_url", "link"),
        ({"place": "", "address": ""}, "place", "where people meet"),
        ({"cancelled": True, "cancellation_reason": " "}, "cancellation_reason", "why"),
        ({"time_zone": "Mars/Olympus"}, "time_zone", "not a valid choice"),
    ],
)
def test_an_event_that_cannot_happen_is_refused_with_the_reason(hub, change, field, message):
    event = EventPageFactory(
        parent=hub, start_date=datetime.date(2027, 5, 1), end_date=datetime.date(2027, 5, 1), capacity=5
    )
    for name, value in change.items():
        setattr(event, name, value)
    errors = errors_of(event)
    assert field in errors, errors
    assert message in " ".join(errors[field])


def test_capacity_cannot_be_negative(hub):
    event = EventPageFactory.build(capacity=-3)
    with pytest.raises(ValidationError) as raised:
        event.clean_fields(exclude=[f.name for f in EventPage._meta.fields if f.name != "capacity"])
    assert "capacity" in raised.value.message_dict


def test_an_event_starting_in_the_past_cannot_be_published_but_can_be_saved(hub, admin_client):
    from wagtail.test.utils.form_data import nested_form_data, streamfield

    past = datetime.date.today() - datetime.timedelta(days=3)
    data = nested_form_data(
        {
            "title": "Yesterday's ride",
            "slug": "yesterdays-ride",
            "summary": "Too late.",
            "start_date": past.isoformat(),
            "start_time": "09:00",
            "end_date": past.isoformat(),
            "end_time": "12:00",
            "time_zone": "Europe/Paris",
            "attendance": "in_person",
            "place": "The bridge",
            "capacity": "10",
            "organiser": str(AuthorFactory().pk),
            "body": streamfield([]),
        }
    )
    url = f"/admin/pages/add/events/eventpage/{hub.pk}/"
    published = admin_client.post(url, {**data, "action-publish": "publish"})
    assert published.status_code == 200
    assert "would start in the past" in published.content.decode()
    assert not EventPage.objects.filter(slug="yesterdays-ride").exists()
    saved = admin_client.post(url, data)
    assert saved.status_code == 302
    assert not EventPage.objects.get(slug="yesterdays-ride").live


# The public page and its links --------------------------------------------------------------


def test_a_guest_signs_up_confirms_and_cancels_through_the_page(ride, client, django_capture_on_commit_callbacks):
    page = client.get(ride.url)
    assert page.status_code == 200
    html = page.content.decode()
    assert '"@type": "Event"' in html
    assert "1 of 1 place left" in html
    # The page is cached for every guest: it holds no token of anyone's, and links to the form.
    assert not re.search(r'name="csrfmiddlewaretoken" value="[^"]', html)
    assert f'href="{ride.url}sign-up/"' in html
    form = client.get(ride.url + "sign-up/")
    assert form.status_code == 200
    assert "no-cache" in form["Cache-Control"]
    assert re.search(r'name="csrfmiddlewaretoken" value="[^"]', form.content.decode())
    assert "data-altcha-challenge" in form.content.decode()

    with django_capture_on_commit_callbacks(execute=True):  # the e-mails go once the sign-up is committed
        signed = client.post(ride.url + "sign-up/", guest())
    assert signed.status_code == 303
    [request] = mail.outbox
    confirm_url = re.search(r"https?://\S+/confirm/\S+/", request.body).group(0)
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.get(urlsplit(confirm_url).path)
    assert confirmed.status_code == 303
    assert Registration.objects.get().status == Status.CONFIRMED
    assert "You have a place" in client.get(ride.url).content.decode()

    cancel_url = urlsplit(re.search(r"https?://\S+/cancel/\S+/", mail.outbox[-1].body).group(0)).path
    assert client.get(cancel_url).status_code == 200  # a page with a button: opening the link cancels nothing
    assert Registration.objects.get().status == Status.CONFIRMED
    assert client.post(cancel_url).status_code == 303
    assert Registration.objects.get().status == Status.CANCELLED


@pytest.mark.parametrize(
    "data",
    [
        guest(name=""),
        guest(email="not an address"),
        guest(honeypot="spam"),
        guest(altcha=""),  # no JavaScript, or a robot: no solution
        guest(altcha="bm90IGpzb24="),  # forged
    ],
)
def test_a_malformed_sign_up_is_refused_and_stores_nothing(ride, client, data):
    response = client.post(ride.url + "sign-up/", data)
    assert response.status_code == 400
    assert not Registration.objects.exists()
    assert not mail.outbox
    if data["name"]:  # the form comes back with what was typed
        assert f'value="{data["email"]}"' in response.content.decode()


def test_a_solution_is_accepted_once(ride, client):
    solved = guest()
    assert client.post(ride.url + "sign-up/", solved).status_code == 303
    replayed = client.post(ride.url + "sign-up/", {**solved, "name": "Eve", "email": "eve@example.org"})
    assert replayed.status_code == 400
    assert "not accepted" in replayed.content.decode()
    assert Registration.objects.count() == 1


def test_one_address_or_one_mailbox_signing_up_too_often_is_told_to_wait(hub, client):
    events = [EventPageFactory(parent=hub, slug=f"ride-{number}", capacity=50) for number in range(7)]
    # One mailbox: five sign-ups an hour (to as many events), whatever address they come from.
    for number, event in enumerate(events[:5]):
        ok = client.post(event.url + "sign-up/", guest(email="dee@example.org"), REMOTE_ADDR=f"198.51.100.{number}")
        assert ok.status_code == 303
    limited = client.post(events[5].url + "sign-up/", guest(email="DEE@example.org"), REMOTE_ADDR="198.51.100.9")
    assert limited.status_code == 429
    assert "wait an hour" in limited.content.decode()
    assert not Registration.objects.filter(event=events[5]).exists()
    # One client address: ten an hour, whatever mailboxes they name.
    for number in range(10):
        assert client.post(events[6].url + "sign-up/", guest(email=f"p{number}@example.org")).status_code == 303
    limited = client.post(events[6].url + "sign-up/", guest(email="p10@example.org"))
    assert limited.status_code == 429
    assert not Registration.objects.filter(email="p10@example.org").exists()


def test_a_second_sign_up_a_closed_event_and_forged_links_get_a_clear_4xx(ride, client):
    assert client.post(ride.url + "sign-up/", guest()).status_code == 303
    again = client.post(ride.url + "sign-up/", guest())
    assert again.status_code == 409
    assert "already signed up" in again.content.decode()
    assert Registration.objects.count() == 1

    for route in ("confirm", "cancel"):
        forged = client.get(f"{ride.url}{route}/forged-key/")
        assert forged.status_code == 400
        assert "not valid" in forged.content.decode()
    assert client.put(ride.url + "sign-up/").status_code == 405

    ride.cancelled, ride.cancellation_reason = True, "Storm warning."
    ride.save_revision().publish()
    cancelled = client.post(ride.url + "sign-up/", guest("Eve", "eve@example.org"))
    assert cancelled.status_code == 409
    assert "cancelled" in cancelled.content.decode()
    assert Registration.objects.count() == 1


def test_the_online_link_is_for_people_with_a_place(hub, client, django_user_model):
    event = EventPageFactory(
        parent=hub, attendance="online", online_url="https://meet.example.org/cowork", place="", capacity=5
    )
    assert "meet.example.org/cowork" not in client.get(event.url).content.decode()
    user = django_user_model.objects.create_user("ana", "ana@example.org", "pw")
    client.force_login(user)
    assert client.post(event.url + "sign-up/").status_code == 303
    assert "meet.example.org/cowork" in client.get(event.url).content.decode()
    assert registrations.places(event)["taken"] == 1


def test_a_past_event_links_the_story_of_what_happened(hub, client):
    from tests.factories import StoryPageFactory

    story = StoryPageFactory(parent=hub, title="Forty riders in the rain", slug="forty-riders")
    past = EventPageFactory(
        parent=hub,
        title="Spring ride",
        start_date=datetime.date.today() - datetime.timedelta(days=10),
        end_date=datetime.date.today() - datetime.timedelta(days=10),
        follow_up=story,
    )
    html = client.get(past.url).content.decode()
    assert "What happened:" in html and story.url in html
    story.unpublish()
    assert "What happened:" not in client.get(past.url).content.decode()
