"""Trust, mail: a visitor's name cannot add a header or a line to an e-mail, and every e-mail can
stop them all in one click, which nobody without the link can do for someone else.

As a hostile visitor would: names carrying header injections behind every kind of line break
posted through the comment form; unsubscribe links forged, tampered, signed for another purpose
or with the development key once written in the repository; a link scanner opening every link.
Through HTTP (Django's test client); the e-mails are the ones the locmem backend captured, parsed
back from the bytes a mail server would receive.
"""

import email
import email.policy
import re

from django.core import mail, signing

from moderation.discussion.confirmation import make_confirm_key
from moderation.models import MailOptOut, ModerationSettings
from moderation.notifications import UNSUBSCRIBE_SALT, mute_key, unsubscribe_key
from tests.factories import StoryPageFactory
from tests.moderation.test_mail_hygiene import BREAKS
from tests.stories.comment_helpers import add_comment, form_post

INJECTIONS = [
    "Bcc: victim@example.org",
    "Subject: You have won",
    "Content-Type: text/html",
    "X-Mailer: forged",
    "{break}Forged paragraph in the body",
]
EXPECTED_HEADERS = {
    "content-type",
    "mime-version",
    "content-transfer-encoding",
    "subject",
    "from",
    "to",
    "date",
    "message-id",
    "list-unsubscribe",
    "list-unsubscribe-post",
}
LINK = re.compile(r"http://testserver(/en/comments/unsubscribe/[^/\s>]+/)")
OLD_DEV_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105 - the key that was public


def wire(message):
    return email.message_from_bytes(message.message().as_bytes(), policy=email.policy.default)


def unsafe_lines(message, name_marker):
    """Lines of the body that a name's line break started (they begin with the injected text)."""
    return [line for line in message.body.splitlines() if line.startswith(name_marker)]


def check_message(message):
    """Problems with one e-mail: headers beyond the expected ones, a missing one-click header."""
    parsed = wire(message)
    problems = [f"header {key}" for key in {k.lower() for k in parsed} - EXPECTED_HEADERS]
    if parsed["List-Unsubscribe-Post"] != "List-Unsubscribe=One-Click":
        problems.append("no List-Unsubscribe-Post")
    link = LINK.search(parsed["List-Unsubscribe"] or "")
    if link is None or link.group(1) not in message.body:
        problems.append("no List-Unsubscribe link, or not the footer's")
    if any(mark in message.body for mark in ("\u2028", "\u2029", "\x85")):
        problems.append("a Unicode line break in the body")
    return problems


def test_names_cannot_reach_headers_and_every_e_mail_stops_them_all(
    client, hub, report_figure, django_capture_on_commit_callbacks
):
    limits = ModerationSettings.load()
    limits.rate_limit_count = 5000
    limits.save()
    story = StoryPageFactory(parent=hub, title="Seeds", slug="seeds")

    # 1. Hostile names through the comment form: each gets a confirmation request.
    names = [
        f"Eve{line_break}{injection.format(**{'break': line_break})}"
        for line_break in BREAKS
        for injection in INJECTIONS
    ]
    for n, name in enumerate(names):
        response = client.post("/en/comments/post/", form_post(story, name=name, email=f"eve{n}@example.org"))
        assert response.status_code == 302, name
    assert len(mail.outbox) == len(names) == 40
    broken = []
    for name, message in zip(names, mail.outbox, strict=True):
        problems = check_message(message)
        if message.to != [message.to[0]] or message.bcc or message.cc:
            problems.append("recipients")
        if unsafe_lines(message, ("Bcc:", "Subject:", "Content-Type:", "X-Mailer:", "Forged paragraph")):
            problems.append("a line of its own")
        if problems:
            broken.append((name, problems))

    # 2. Follow-ups from and to hostile names.
    mail.outbox.clear()
    followers = [
        add_comment(story, f"Question {n}", name=names[n], email=f"follower{n}@example.org", followup=True)
        for n in range(0, len(names), 4)
    ]
    with django_capture_on_commit_callbacks(execute=True):
        for n, question in enumerate(followers):
            add_comment(story, f"Answer {n}", name=names[-1 - n], email=f"answer{n}@example.org", parent=question)
    followups = list(mail.outbox)
    assert len(followups) == len(followers) == 10
    broken += [(message.to, check_message(message)) for message in followups if check_message(message)]

    # 3. A link scanner opens every unsubscribe link (GET, HEAD): nobody is unsubscribed.
    links = [LINK.search(message.body).group(1) for message in followups]
    scanned = 0
    for link in links:
        assert client.get(link).status_code == 200
        assert client.head(link).status_code == 405
        scanned += 2
    scanner_opt_outs = MailOptOut.objects.count()

    # 4. Forged keys: none stops anyone's e-mail.
    real = unsubscribe_key("follower0@example.org")
    forged = [
        "forged",
        real[:-1] + ("A" if real[-1] != "A" else "B"),
        real.split(":")[0] + ":" + real.split(":")[1] + ":" + "x" * 43,
        signing.dumps({"e": "follower0@example.org"}, key=OLD_DEV_KEY, salt=UNSUBSCRIBE_SALT, compress=True),
        signing.dumps({"e": "follower0@example.org"}, salt="another.purpose", compress=True),
        signing.dumps(["follower0@example.org"], salt=UNSUBSCRIBE_SALT),
        signing.dumps({"e": 42}, salt=UNSUBSCRIBE_SALT),
        signing.dumps({}, salt=UNSUBSCRIBE_SALT),
        mute_key("follower0@example.org", story.pk),
        make_confirm_key({"email": "follower0@example.org"}),
    ]
    accepted = 0
    for key in forged:
        for method in (client.get, client.post):
            if method(f"/en/comments/unsubscribe/{key}/").status_code != 400:
                accepted += 1
    forged_opt_outs = MailOptOut.objects.count()

    # 5. One click (a mail client's POST, no CSRF token) by every follower; then nothing more is sent.
    for link in links:
        assert (
            client.post(
                link, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
            ).status_code
            == 200
        )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for n, question in enumerate(followers):
            add_comment(story, f"Later answer {n}", name="Zoe", email=f"later{n}@example.org", parent=question)
    sent_after_opt_out = len(mail.outbox)

    checked = len(names) + len(followups)
    report_figure(
        f"trust, mail: {len(names)} names with header injections behind {len(BREAKS)} kinds of line break, "
        f"{checked} e-mails checked: {len(broken)} with a forged header or line, "
        f"{checked - len(broken)} with one-click List-Unsubscribe; {len(forged) * 2} forged unsubscribe "
        f"requests, {accepted} accepted; {scanned} link-scanner visits, {scanner_opt_outs} opt-outs; "
        f"{len(followers)} follow-ups after one-click opt-out, {sent_after_opt_out} sent"
    )
    assert broken == []
    assert (scanner_opt_outs, accepted, forged_opt_outs) == (0, 0, 0)
    assert MailOptOut.objects.count() == len(followers)
    assert sent_after_opt_out == 0
