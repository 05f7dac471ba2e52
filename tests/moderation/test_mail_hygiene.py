"""Mail hygiene: visitors' names never add a header or a line, every e-mail can stop them all.

Messages are the ones Django's locmem backend captured (``mail.outbox``), parsed back from the
bytes a mail server would receive.
"""

import email
import email.policy
import re

import pytest
from django.core import mail
from wagtail.test.utils import WagtailTestUtils

from moderation.models import MailOptOut
from moderation.notifications import mute_key, opt_out, opt_out_key, unsubscribe_key
from tests.factories import StoryPageFactory
from tests.stories.comment_helpers import add_comment, form_post
from townsquare.mail import header_safe

# Every way a name can end a line: CR, LF, CRLF, NEL, vertical tab, form feed, U+2028, U+2029.
BREAKS = ["\r", "\n", "\r\n", "\x85", "\x0b", "\x0c", "\u2028", "\u2029"]
pytestmark = pytest.mark.django_db

UNSUBSCRIBE_URL = re.compile(r"^<http://testserver(/en/comments/unsubscribe/[^/\s>]+/)>$")


@pytest.fixture
def story(hub):
    return StoryPageFactory(parent=hub, title="Seeds", slug="seeds")


def parsed(message):
    """The message as a mail client reads it from the wire."""
    return email.message_from_bytes(message.message().as_bytes(), policy=email.policy.default)


def unsubscribe_path(message):
    return UNSUBSCRIBE_URL.match(parsed(message)["List-Unsubscribe"].strip()).group(1)


def assert_has_one_click_unsubscribe(message):
    wire = parsed(message)
    assert UNSUBSCRIBE_URL.match(wire["List-Unsubscribe"].strip()), wire["List-Unsubscribe"]
    assert wire["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe_path(message) in message.body  # the same link in the footer


@pytest.mark.parametrize("line_break", BREAKS)
def test_a_name_with_a_line_break_stays_on_its_line_in_the_confirmation_request(client, story, line_break):
    name = f"Eve{line_break}Bcc: victim@example.org{line_break}{line_break}Forged paragraph"
    assert client.post("/en/comments/post/", form_post(story, name=name)).status_code == 302
    [message] = mail.outbox
    wire = parsed(message)
    assert wire["Bcc"] is None
    assert message.bcc == []
    hello = [line for line in message.body.splitlines() if line.startswith("Hello")]
    assert hello == ["Hello Eve Bcc: victim@example.org Forged paragraph,"]
    assert "\u2028" not in message.body and "\u2029" not in message.body and "\x85" not in message.body
    assert_has_one_click_unsubscribe(message)


def reply_to_a_follower(story, capture, follower="Ana", email="ana@example.org", replier="Ben"):
    """Ana asks to hear about replies, Ben replies: the follow-up e-mail to Ana, and her comment."""
    question = add_comment(story, "Which seeds?", name=follower, email=email, followup=True)
    with capture(execute=True):
        add_comment(story, "Me too", name=replier, email="ben@example.org", parent=question)
    # Ben is told his held reply is published (a decision notice); Ana gets the follow-up.
    [message] = [message for message in mail.outbox if message.to == [email]]
    return message, question


def test_names_in_follow_up_e_mails_are_one_line(client, story, django_capture_on_commit_callbacks):
    message, _question = reply_to_a_follower(
        story, django_capture_on_commit_callbacks, follower="Ana\u2028Subject: hi", replier="Ben\r\nX-Evil: 1"
    )
    wire = parsed(message)
    assert wire["X-Evil"] is None
    lines = message.body.splitlines()
    assert "Hello Ana Subject: hi," in lines
    assert any(line.startswith("Ben X-Evil: 1 replied") for line in lines)
    assert_has_one_click_unsubscribe(message)


@pytest.mark.parametrize(
    ("unsafe", "safe"),
    [
        ("A\r\nB", "A B"),
        ("A\x00B\x1fC\x7fD", "A B C D"),
        ("A\u2028\u2029B", "A B"),
        ("\u202eevil", "evil"),
        ("  Zoë   Ngũgĩ  ", "Zoë Ngũgĩ"),
        ("أحمد\u200cخان", "أحمد\u200cخان"),  # a zero-width non-joiner is part of some names: kept
        (None, ""),
    ],
)
def test_header_safe(unsafe, safe):
    assert header_safe(unsafe) == safe


def test_one_click_post_stops_every_e_mail(client, story, django_capture_on_commit_callbacks):
    message, question = reply_to_a_follower(story, django_capture_on_commit_callbacks, email="Ana@Example.org")
    path = unsubscribe_path(message)

    # What a mail client sends for RFC 8058 one-click: a POST, no cookie, no CSRF token.
    response = client.post(path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert MailOptOut.objects.filter(email_key=opt_out_key("ana@example.org")).count() == 1
    assert client.post(path).status_code == 200  # again: still one opt-out
    assert MailOptOut.objects.count() == 1

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        add_comment(story, "Me three", name="Cy", email="cy@example.org", parent=question)
        add_comment(story, "Another reply", name="Dee", email="dee@example.org", parent=question)
    # Ana hears nothing more (and Cy and Dee, published as they posted, need no notice).
    assert mail.outbox == []


def test_an_opt_out_covers_the_mailbox_not_only_the_spelling(story, django_capture_on_commit_callbacks):
    opt_out("ANA+news@example.org")
    question = add_comment(story, "Which seeds?", name="Ana", email="ana@example.org", followup=True)
    other = add_comment(story, "Tomatoes?", name="Bo", email="bo@example.org", followup=True)
    with django_capture_on_commit_callbacks(execute=True):
        add_comment(story, "Me too", name="Ben", email="ben@example.org", parent=question)
        add_comment(story, "Yes", name="Ben", email="ben@example.org", parent=other)
    assert [m.to for m in mail.outbox if m.subject.startswith("New reply")] == [["bo@example.org"]]


def test_a_confirmation_request_still_reaches_an_address_that_opted_out(client, story):
    """The visitor asked for it on the site just now; without it they could not comment."""
    opt_out("robin@example.org")
    assert client.post("/en/comments/post/", form_post(story)).status_code == 302
    [message] = mail.outbox
    assert message.to == ["robin@example.org"]
    assert_has_one_click_unsubscribe(message)


def test_get_shows_a_button_and_stops_nothing(client):
    key = unsubscribe_key("ana@example.org")
    response = client.get(f"/en/comments/unsubscribe/{key}/")
    assert response.status_code == 200
    page = WagtailTestUtils.get_soup(response.content)
    form = page.select_one("form[method=post]")
    assert form is not None and form.select_one("button[type=submit]") is not None
    assert "ana@example.org" in page.get_text()
    assert MailOptOut.objects.count() == 0
    assert client.head(f"/en/comments/unsubscribe/{key}/").status_code == 405
    assert MailOptOut.objects.count() == 0


@pytest.mark.parametrize(
    "key",
    [
        "forged",
        unsubscribe_key("ana@example.org")[:-3] + "abc",
        "eyJlIjoiYW5hQGV4YW1wbGUub3JnIn0:1abcde:" + "x" * 43,
    ],
    # Named, not shown: the signed key holds the time it was made, which differs between the
    # test processes that collect it (pytest-xdist refuses different collections).
    ids=["forged", "altered-signature", "made-up-signature"],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_forged_keys_are_400(client, key, method):
    response = getattr(client, method)(f"/en/comments/unsubscribe/{key}/")
    assert response.status_code == 400
    assert MailOptOut.objects.count() == 0


def test_a_mute_key_is_no_unsubscribe_key(client, story):
    response = client.post(f"/en/comments/unsubscribe/{mute_key('ana@example.org', story.pk)}/")
    assert response.status_code == 400
    assert MailOptOut.objects.count() == 0
