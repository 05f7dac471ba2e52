"""Signing up for events (events/registrations.py): places, the waitlist, confirmation by e-mail,
cancellation and promotion, and the sign-ups the rules refuse."""

import datetime

import pytest
from django.core import mail
from django.test import TestCase
from django.utils import timezone

from events import registrations
from events.models import Registration
from events.registrations import SignUpRefused
from tests.factories import CommunityHubPageFactory, EventPageFactory, UserFactory

Status = Registration.Status


def act(function, *args, **kwargs):
    """Call a rule and run what it does once committed (its e-mails), as a request would."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return function(*args, **kwargs)


def sign_up(event, **kwargs):
    return act(registrations.sign_up, event, **kwargs)


def confirm(registration, **kwargs):
    return act(registrations.confirm, registration, **kwargs)


def cancel(registration, **kwargs):
    return act(registrations.cancel, registration, **kwargs)


@pytest.fixture
def hub(home):
    return CommunityHubPageFactory(parent=home, title="Freewheelin", slug="freewheelin")


@pytest.fixture
def ride(hub):
    return EventPageFactory(parent=hub, title="Saturday ride", slug="saturday-ride", capacity=2)


def signed_up(event, name, **kwargs):
    user = UserFactory(username=name.lower(), email=f"{name.lower()}@example.org")
    return sign_up(event, name=name, email=user.email, user=user, **kwargs)


def test_signed_in_visitors_take_places_then_join_the_waitlist(ride):
    ana, bo, cy = (signed_up(ride, name) for name in ("Ana", "Bo", "Cy"))
    assert [ana.status, bo.status, cy.status] == [Status.CONFIRMED, Status.CONFIRMED, Status.WAITLISTED]
    assert registrations.places(ride) == {"capacity": 2, "taken": 2, "left": 0, "waiting": 1}
    subjects = [message.subject for message in mail.outbox]
    assert subjects == [
        "Your place at “Saturday ride”",
        "Your place at “Saturday ride”",
        "You are on the waitlist for “Saturday ride”",
    ]
    # A place comes with the calendar file and the cancel link.
    [(filename, content, mimetype)] = mail.outbox[0].attachments
    assert (filename, mimetype) == ("saturday-ride.ics", "text/calendar")
    assert "/saturday-ride/cancel/" in mail.outbox[0].body


def test_a_guest_counts_once_they_confirm_by_e_mail(ride, client):
    guest = sign_up(ride, name="Dee", email="dee@example.org")
    assert guest.status == Status.UNCONFIRMED
    assert registrations.places(ride)["taken"] == 0
    [request] = mail.outbox
    assert request.subject == "Please confirm your sign-up for “Saturday ride”"
    link = registrations.confirm_key(guest)
    assert link in request.body
    confirmed = confirm(guest)
    assert confirmed.status == Status.CONFIRMED
    assert confirm(confirmed).status == Status.CONFIRMED  # again: nothing changes
    assert registrations.places(ride)["taken"] == 1


def test_cancelling_a_place_promotes_the_first_on_the_waitlist(ride):
    ana, _bo, cy, dee = (signed_up(ride, name) for name in ("Ana", "Bo", "Cy", "Dee"))
    mail.outbox.clear()
    promoted = cancel(ana)
    assert promoted.pk == cy.pk
    statuses = dict(Registration.objects.values_list("name", "status"))
    assert statuses == {
        "Ana": Status.CANCELLED,
        "Bo": Status.CONFIRMED,
        "Cy": Status.CONFIRMED,
        "Dee": Status.WAITLISTED,
    }
    [message] = mail.outbox
    assert message.to == ["cy@example.org"]
    assert message.subject == "A place is free for you at “Saturday ride”"
    # Cancelling again, or cancelling a waitlisted sign-up, promotes nobody.
    assert cancel(ana) is None
    assert cancel(dee) is None
    assert registrations.places(ride) == {"capacity": 2, "taken": 2, "left": 0, "waiting": 0}


def test_the_same_mailbox_signs_up_once_and_again_after_cancelling(ride):
    first = sign_up(ride, name="Dee", email="dee@example.org")
    for same in ("dee@example.org", " DEE@Example.org ", "dee+rides@example.org"):
        with pytest.raises(SignUpRefused) as refused:
            sign_up(ride, name="Dee", email=same)
        assert refused.value.status == 409
        assert "already signed up" in refused.value.message
    cancel(first)
    again = sign_up(ride, name="Dee", email="dee@example.org")
    assert Registration.objects.filter(mailbox="dee@example.org").count() == 2
    assert again.status == Status.UNCONFIRMED


def test_no_sign_up_after_the_deadline_or_for_a_cancelled_event(ride):
    ride.registration_closes = ride.start_date - datetime.timedelta(days=2)
    ride.save()
    closed_at = ride.sign_ups_close_at
    assert closed_at.astimezone(datetime.UTC) == datetime.datetime.combine(
        ride.start_date - datetime.timedelta(days=1), datetime.time(0, 0), tzinfo=ride.local_start().tzinfo
    ).astimezone(datetime.UTC)
    act(
        registrations.sign_up,
        ride,
        name="Early",
        email="early@example.org",
        now=closed_at - datetime.timedelta(minutes=1),
    )
    with pytest.raises(SignUpRefused, match="closed"):
        sign_up(ride, name="Late", email="late@example.org", now=closed_at)
    ride.cancelled, ride.cancellation_reason = True, "Storm warning."
    ride.save()
    with pytest.raises(SignUpRefused, match="cancelled"):
        act(
            registrations.sign_up,
            ride,
            name="Eve",
            email="eve@example.org",
            now=closed_at - datetime.timedelta(days=1),
        )
    assert set(Registration.objects.values_list("name", flat=True)) == {"Early"}


def test_a_guest_confirming_after_the_deadline_is_refused(ride):
    guest = sign_up(ride, name="Dee", email="dee@example.org")
    with pytest.raises(SignUpRefused, match="closed"):
        confirm(guest, now=ride.starts_at + datetime.timedelta(minutes=1))
    guest.refresh_from_db()
    assert guest.status == Status.UNCONFIRMED


def test_check_in_is_for_people_with_a_place(ride):
    ana, bo, cy = (signed_up(ride, name) for name in ("Ana", "Bo", "Cy"))
    registrations.check_in(ana)
    assert Registration.objects.get(pk=ana.pk).checked_in_at is not None
    registrations.check_in(ana, present=False)
    assert Registration.objects.get(pk=ana.pk).checked_in_at is None
    with pytest.raises(SignUpRefused):
        registrations.check_in(cy)


def test_forged_and_foreign_links_name_no_sign_up(ride, hub):
    guest = sign_up(ride, name="Dee", email="dee@example.org")
    other = EventPageFactory(parent=hub, slug="photo-walk")
    key = registrations.confirm_key(guest)
    assert registrations.registration_for(ride, key, registrations.CONFIRM_SALT).pk == guest.pk
    for event, forged, salt in [
        (ride, key[:-2] + "xx", registrations.CONFIRM_SALT),
        (ride, "not-a-key", registrations.CONFIRM_SALT),
        (ride, key, registrations.CANCEL_SALT),  # a confirmation key does not cancel
        (other, key, registrations.CONFIRM_SALT),  # nor name a sign-up of another event
    ]:
        with pytest.raises(SignUpRefused) as refused:
            registrations.registration_for(event, forged, salt)
        assert refused.value.status == 400


def test_reminders_go_once_to_people_with_a_place(ride):
    from events.tasks import send_reminders

    ana, bo, cy = (signed_up(ride, name) for name in ("Ana", "Bo", "Cy"))
    mail.outbox.clear()
    too_early = ride.starts_at - datetime.timedelta(days=2)
    assert send_reminders.call(now=too_early) == 0
    the_day_before = ride.starts_at - datetime.timedelta(hours=20)
    assert send_reminders.call(now=the_day_before) == 2
    assert send_reminders.call(now=the_day_before + datetime.timedelta(hours=1)) == 0
    assert sorted(message.to[0] for message in mail.outbox) == ["ana@example.org", "bo@example.org"]
    assert {message.subject for message in mail.outbox} == {"Tomorrow: “Saturday ride”"}


def test_an_event_left_in_the_past_takes_no_sign_up(ride):
    with pytest.raises(SignUpRefused):
        act(
            registrations.sign_up,
            ride,
            name="Dee",
            email="dee@example.org",
            now=timezone.now() + datetime.timedelta(days=30),
        )


def test_an_event_published_cancelled_tells_everyone_signed_up_once(ride, django_capture_on_commit_callbacks):
    ana, bo, cy = (signed_up(ride, name) for name in ("Ana", "Bo", "Cy"))
    cancel(bo)
    mail.outbox.clear()
    ride.cancelled, ride.cancellation_reason = True, "Storm warning."
    with django_capture_on_commit_callbacks(execute=True):
        ride.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        ride.save_revision().publish()  # published again: nobody hears twice
    assert sorted(message.to[0] for message in mail.outbox) == ["ana@example.org", "cy@example.org"]
    message = mail.outbox[0]
    assert message.subject == "Cancelled: “Saturday ride”"
    assert "Storm warning." in message.body
    [(_name, content, _type)] = message.attachments
    assert "STATUS:CANCELLED" in str(content)


def test_an_event_and_its_translations_share_places_and_sign_ups(ride):
    from wagtail.models import Locale

    french_locale, _ = Locale.objects.get_or_create(language_code="fr")
    ride.get_parent().get_parent().copy_for_translation(french_locale)
    ride.get_parent().copy_for_translation(french_locale)
    sortie = ride.copy_for_translation(french_locale)
    sortie.title = "Sortie du samedi"
    sortie.save_revision().publish()
    sortie.refresh_from_db()
    anglophone = signed_up(ride, "Ana")
    francophone = sign_up(sortie, name="Léa", email="lea@example.org", language="fr")
    confirm(francophone)
    third = sign_up(ride, name="Bo", email="bo@example.org")
    assert confirm(third).status == Status.WAITLISTED  # two places in all, whichever page
    assert (
        registrations.places(ride)
        == registrations.places(sortie)
        == {"capacity": 2, "taken": 2, "left": 0, "waiting": 1}
    )
    with pytest.raises(SignUpRefused, match="already signed up"):
        sign_up(sortie, name="Ana", email="ana@example.org")
    mail.outbox.clear()
    cancel(anglophone)
    [message] = mail.outbox
    assert message.to == ["bo@example.org"]


def test_a_new_time_or_place_is_e_mailed_to_everyone_counted_once(ride, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ride.save_revision().publish()  # the first publication: what people are told, nobody e-mailed
    ana, bo, cy = (signed_up(ride, name) for name in ("Ana", "Bo", "Cy"))  # two places: Cy waits
    sign_up(ride, name="Di", email="di@example.org")  # a guest who never confirmed hears nothing
    Registration.objects.filter(pk=ana.pk).update(reminded_at=timezone.now())
    mail.outbox.clear()

    ride.title = "Saturday ride to the lake"
    with django_capture_on_commit_callbacks(execute=True):
        ride.save_revision().publish()
    assert not mail.outbox  # a new title is no news: calendars update through SEQUENCE

    ride.start_time, ride.place = datetime.time(10, 30), "The lake café"
    for _publication in range(2):  # published again unchanged: nobody hears twice
        with django_capture_on_commit_callbacks(execute=True):
            ride.save_revision().publish()
    assert sorted(message.to[0] for message in mail.outbox) == ["ana@example.org", "bo@example.org", "cy@example.org"]
    by_person = {message.to[0]: message for message in mail.outbox}
    told = by_person["ana@example.org"]
    assert told.subject == "New time or place: “Saturday ride to the lake”"
    assert "The lake café" in told.body and "10:30" in told.body and "/cancel/" in told.body
    [(_name, content, _type)] = told.attachments
    assert "LOCATION:The lake café" in str(content)
    assert "waitlist" in by_person["cy@example.org"].body and not by_person["cy@example.org"].attachments
    ana.refresh_from_db()
    assert ana.reminded_at is None  # reminded of the old time: reminded again of the new one

    # Cancelled with a new time as well: the cancellation is the only news.
    mail.outbox.clear()
    ride.start_time, ride.cancelled, ride.cancellation_reason = datetime.time(11), True, "Flooded road."
    with django_capture_on_commit_callbacks(execute=True):
        ride.save_revision().publish()
    assert {message.subject for message in mail.outbox} == {"Cancelled: “Saturday ride to the lake”"}
