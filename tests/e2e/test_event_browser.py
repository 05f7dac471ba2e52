"""A visitor finds an event from its hub in Chromium, signs up as a guest, confirms by e-mail,
downloads the calendar file and cancels; the first person on the waitlist gets the place."""

import re
from urllib.parse import urlsplit

import icalendar
from django.core import mail
from playwright.sync_api import expect

from events import registrations
from events.models import Registration
from tests.factories import CommunityHubPageFactory, EventPageFactory

LINK = r"^(http://\S+/{route}/\S+/)$"


def link_in(message, route):
    """The path of the ``route`` link in ``message`` (its host is the site's, not the test server's)."""
    match = re.search(LINK.format(route=route), message.body, re.MULTILINE)
    assert match, message.body
    return urlsplit(match[1]).path


def mail_to(address):
    return [message for message in mail.outbox if address in message.to]


def test_a_guest_signs_up_confirms_downloads_the_ics_and_cancels(page, transactional_db, home, tmp_path):
    hub = CommunityHubPageFactory(parent=home, title="Freewheelin", slug="freewheelin")
    ride = EventPageFactory(parent=hub, title="Saturday group ride", slug="saturday-ride", capacity=1)

    page.goto(hub.url)
    events = page.get_by_role("region", name="Upcoming events")
    events.get_by_role("link", name="Saturday group ride").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Saturday group ride")
    expect(page.get_by_text("1 of 1 place left")).to_be_visible()

    # The event page is cached for every guest: its "Sign up" opens the form, with this visitor's check.
    page.get_by_role("link", name="Sign up").click()
    page.get_by_label("Your name").fill("Robin Quist")
    page.get_by_label("Your e-mail address").fill("robin@example.net")
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_text("Almost done: follow the link")).to_be_visible()
    assert Registration.objects.get().status == Registration.Status.UNCONFIRMED

    [request] = mail_to("robin@example.net")
    page.goto(link_in(request, "confirm"))
    expect(page.get_by_text("You have a place")).to_be_visible()
    expect(page.get_by_text("0 of 1 places left")).to_be_visible()

    # Someone else signs up meanwhile: the ride is full, so they wait in line.
    waiting = registrations.sign_up(ride, name="Sam Lind", email="sam@example.net")
    assert registrations.confirm(waiting).status == Registration.Status.WAITLISTED

    page.reload()
    with page.expect_download() as download:
        page.get_by_role("link", name="Add to calendar (.ics)").click()
    path = tmp_path / "ride.ics"
    download.value.save_as(path)
    [entry] = icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    assert str(entry["SUMMARY"]) == "Saturday group ride"
    assert entry.decoded("DTSTART") == ride.local_start()

    place = [message for message in mail_to("robin@example.net") if "place" in message.subject][-1]
    page.goto(link_in(place, "cancel"))
    page.get_by_role("button", name="Cancel my sign-up").click()
    expect(page.get_by_text("Your sign-up is cancelled")).to_be_visible()

    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses == {"robin@example.net": "cancelled", "sam@example.net": "confirmed"}
    [promotion] = [message for message in mail_to("sam@example.net") if "free for you" in message.subject]
    assert "Saturday group ride" in promotion.subject


def test_a_guest_asks_a_question_under_an_event_through_the_comment_form(page, transactional_db, home):
    from moderation.models import Comment

    hub = CommunityHubPageFactory(parent=home, title="Freewheelin", slug="freewheelin")
    ride = EventPageFactory(parent=hub, title="Saturday group ride", slug="saturday-ride", capacity=5)

    page.goto(ride.url)
    page.wait_for_function("() => customElements.get('altcha-widget') !== undefined")
    page.get_by_label("Your comment").fill("Is there a slower group?")
    page.get_by_label("Name", exact=True).fill("Lena Slow")
    page.get_by_label("E-mail", exact=True).fill("lena@example.net")
    page.get_by_role("button", name="Post comment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your e-mail", timeout=30_000)

    [confirmation] = mail_to("lena@example.net")
    page.goto(urlsplit(re.search(r"http://\S+/comments/confirm/\S+/", confirmation.body)[0]).path)
    comment = Comment.objects.get(page=ride)
    assert comment.state == Comment.State.HELD  # a first comment: the hub's moderators read it first
    expect(page.locator(f"#c{comment.pk}")).to_contain_text("Is there a slower group?")
    expect(page.locator(f"#c{comment.pk}")).to_contain_text("Awaiting review")
