"""Trust, identity: one person, one voice. Likes and reports count people, not cookie sessions;
reports are rate-limited; plus-addressing does not open a new e-mail bucket; a forged
X-Forwarded-For does not move a visitor to another address.

As a hostile visitor would, through HTTP (Django's test client): fresh sessions are new
``Client`` objects, the address is ``REMOTE_ADDR`` (the connection) and ``X-Forwarded-For``
what a visitor or a proxy wrote.
"""

import re

import pytest
from django.core import mail
from django.test import Client

from moderation import policy
from moderation.models import Comment, ModerationSettings
from tests.factories import StoryPageFactory, UserFactory
from tests.stories.comment_helpers import add_comment, form_post

ATTACKER = "198.51.100.66"
SESSIONS = 12


@pytest.fixture
def story(hub):
    return StoryPageFactory(parent=hub, title="Seeds", slug="seeds")


@pytest.fixture
def moderation_settings(db):
    settings = ModerationSettings.load()
    assert settings.reports_to_hide == 3
    return settings


def report(client, comment, **extra):
    return client.post(f"/en/comments/report/{comment.pk}/", {"reason": "abusive"}, **extra)


def like(client, comment, **extra):
    return client.post(f"/en/comments/like/{comment.pk}/", HTTP_ACCEPT="application/json", **extra).json()["likes"]


def confirmed_guest(story, email, remote_addr):
    """A fresh browser whose guest comment was confirmed from its e-mail: it reacts as that mailbox."""
    browser = Client(REMOTE_ADDR=remote_addr)
    mail.outbox.clear()
    assert browser.post("/en/comments/post/", form_post(story, email=email)).status_code == 302
    [message] = mail.outbox
    link = re.search(r"http://testserver(/en/comments/confirm/[^/\s]+/)", message.body).group(1)
    assert browser.get(link).status_code == 302
    return browser


def test_fresh_sessions_of_one_address_hide_nothing(story, moderation_settings, report_figure):
    victim = add_comment(story, "A fair opinion.")
    statuses = [report(Client(REMOTE_ADDR=ATTACKER), victim).status_code for _ in range(SESSIONS)]
    # One visitor: the repeats are taken as the one report it was, until the rate limit answers.
    assert statuses == [200] * policy.REPORTS_PER_VISITOR + [429] * (SESSIONS - policy.REPORTS_PER_VISITOR)
    # Spoofed forwarding headers change nothing without a trusted proxy: still that visitor, still limited.
    spoofed = [
        report(Client(REMOTE_ADDR=ATTACKER), victim, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code
        for n in range(SESSIONS)
    ]
    assert spoofed == [429] * SESSIONS
    # Three guests who confirmed three mailboxes, all from the attacker's address: one voice.
    guests = [confirmed_guest(story, f"troll{n}@example.org", ATTACKER) for n in range(3)]
    assert [report(guest, victim).status_code for guest in guests] == [200] * 3
    victim.refresh_from_db()
    assert victim.report_count == 4  # the address, and three mailboxes
    assert policy.report_voices(victim.pk, victim.report_count) == 1
    wrongly_hidden = int(victim.state != Comment.State.PUBLISHED)
    assert wrongly_hidden == 0
    tried = len(statuses) + len(spoofed) + len(guests)
    assert tried == 2 * SESSIONS + 3
    report_figure(
        f"trust, reports: {tried} reports tried from {tried} sessions of one address (spoofed X-Forwarded-For "
        f"and 3 confirmed e-mail addresses among them), {wrongly_hidden} comments wrongly hidden"
    )

    # The threshold still counts people: the attacker's one voice and two others at two addresses.
    assert report(Client(REMOTE_ADDR="192.0.2.1"), victim).status_code == 200
    victim.refresh_from_db()
    assert victim.state == Comment.State.PUBLISHED
    assert report(Client(REMOTE_ADDR="192.0.2.2"), victim).status_code == 200
    victim.refresh_from_db()
    assert victim.state == Comment.State.HELD


def test_a_returning_commenters_report_weighs_two(story, moderation_settings):
    add_comment(story, "An earlier comment.", email="regular@example.org")
    target = add_comment(story, "Spam, spam, spam.")
    regular = confirmed_guest(story, "Regular+again@example.org", "192.0.2.10")
    assert report(regular, target).status_code == 200
    target.refresh_from_db()
    assert (target.report_count, target.state) == (1, Comment.State.PUBLISHED)
    assert report(Client(REMOTE_ADDR="192.0.2.11"), target).status_code == 200
    target.refresh_from_db()
    assert (target.report_count, target.state) == (2, Comment.State.HELD)  # 2 + 1 voices of 3


def test_fresh_sessions_of_one_address_like_once(story, report_figure):
    comment = add_comment(story)
    counts = [like(Client(REMOTE_ADDR=ATTACKER), comment) for _ in range(SESSIONS)]
    counts += [like(Client(REMOTE_ADDR=ATTACKER), comment, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}") for n in range(6)]
    assert len(counts) == SESSIONS + 6
    assert max(counts) == 1  # each fresh session only takes the visitor's one like back or gives it again
    comment.refresh_from_db()
    assert comment.like_count == comment.reactions.count() <= 1
    others = [like(Client(REMOTE_ADDR=f"192.0.2.{n + 1}"), comment) for n in range(3)]
    assert others == [comment.like_count + 1, comment.like_count + 2, comment.like_count + 3]
    report_figure(
        f"trust, likes: {len(counts)} likes tried from {len(counts)} sessions of one address, "
        f"like count never above {max(counts)}"
    )


def test_reports_are_rate_limited_per_visitor_and_per_address(story, moderation_settings, report_figure):
    targets = [add_comment(story, f"Comment {n}") for n in range(policy.REPORTS_PER_ADDRESS + 1)]
    visitor = Client(REMOTE_ADDR=ATTACKER)
    statuses = [report(visitor, target).status_code for target in targets[: policy.REPORTS_PER_VISITOR + 1]]
    assert statuses == [200] * policy.REPORTS_PER_VISITOR + [429]
    refused = report(visitor, targets[-1])
    assert refused.status_code == 429
    assert "a lot of reports" in refused.content.decode()
    json = report(visitor, targets[-1], HTTP_ACCEPT="application/json")
    assert json.status_code == 429 and json.json()["reported"] is False
    assert Comment.objects.get(pk=targets[-1].pk).report_count == 0  # refused reports are not stored

    # Accounts reporting from one address share its allowance.
    by_address = []
    for n, target in enumerate(targets[: policy.REPORTS_PER_ADDRESS - policy.REPORTS_PER_VISITOR - 3]):
        account = Client(REMOTE_ADDR=ATTACKER)
        account.force_login(UserFactory(username=f"reporter{n}"))
        by_address.append(report(account, target).status_code)
    # 13 attempts by the visitor, then 17 by accounts: the address's 30.
    assert by_address == [200] * len(by_address)
    late = Client(REMOTE_ADDR=ATTACKER)
    late.force_login(UserFactory(username="late_reporter"))
    assert report(late, targets[-1]).status_code == 429
    elsewhere = Client(REMOTE_ADDR="192.0.2.50")
    assert report(elsewhere, targets[-1]).status_code == 200
    report_figure(
        f"trust, reports: report {policy.REPORTS_PER_VISITOR + 1} from one visitor and report "
        f"{policy.REPORTS_PER_ADDRESS + 1} from one address answered 429, another address still heard"
    )


def test_plus_addressing_shares_one_email_bucket(story, moderation_settings, report_figure):
    moderation_settings.rate_limit_count = 2
    moderation_settings.save()
    spellings = ["a+1@example.org", "A@Example.org", "a+2@example.org"]
    statuses = [
        Client(REMOTE_ADDR=f"192.0.2.{n + 1}").post("/en/comments/post/", form_post(story, email=email)).status_code
        for n, email in enumerate(spellings)
    ]
    assert statuses == [302, 302, 429]
    gmail = ["r.obin@gmail.com", "Robin+x@googlemail.com", "ro.bin@gmail.com"]
    statuses_gmail = [
        Client(REMOTE_ADDR=f"192.0.2.{n + 10}").post("/en/comments/post/", form_post(story, email=email)).status_code
        for n, email in enumerate(gmail)
    ]
    assert statuses_gmail == [302, 302, 429]
    report_figure(
        f"trust, e-mail rate limit: {len(spellings) + len(gmail)} posts from {len(spellings) + len(gmail)} "
        "addresses under 2 mailboxes spelled apart (+tags, capitals, Gmail dots), the 3rd of each answered 429"
    )


def test_spoofed_forwarded_for_is_ignored_without_a_proxy(story, moderation_settings, settings, report_figure):
    settings.TRUSTED_PROXIES = 0
    moderation_settings.rate_limit_count = 3
    moderation_settings.save()
    spoofs = [f"203.0.113.{n}" for n in range(1, 7)]
    statuses = [
        Client(REMOTE_ADDR=ATTACKER)
        .post("/en/comments/post/", form_post(story, email=f"v{n}@example.org"), HTTP_X_FORWARDED_FOR=spoof)
        .status_code
        for n, spoof in enumerate(spoofs)
    ]
    assert statuses == [302, 302, 302, 429, 429, 429]  # one address: one bucket, whatever the header says

    # Signed in, the comment is stored at once with the address it was posted from.
    account = Client(REMOTE_ADDR="192.0.2.77", HTTP_X_FORWARDED_FOR="203.0.113.200", HTTP_X_REAL_IP="203.0.113.201")
    user = UserFactory(username="poster")
    account.force_login(user)
    assert account.post("/en/comments/post/", form_post(story, comment="Signed in.")).status_code == 302
    assert Comment.objects.get(user=user).ip_address == "192.0.2.77"
    report_figure(
        f"trust, proxies: {len(spoofs) + 1} requests with a spoofed X-Forwarded-For and TRUSTED_PROXIES=0, "
        "0 counted or stored under the spoofed address"
    )


def test_behind_one_proxy_the_right_most_untrusted_address_counts(story, moderation_settings, settings, report_figure):
    settings.TRUSTED_PROXIES = 1
    proxy = "10.0.0.2"
    user = UserFactory(username="behind_proxy")
    account = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.40")
    account.force_login(user)
    assert account.post("/en/comments/post/", form_post(story, comment="Through the proxy.")).status_code == 302
    assert Comment.objects.get(user=user).ip_address == "192.0.2.40"

    # Everyone comes from the proxy, yet each visitor is their own: three people hide a comment...
    victim = add_comment(story, "Reported by three.")
    for n in range(3):
        assert report(Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=f"192.0.2.{n + 1}"), victim).status_code == 200
    victim.refresh_from_db()
    assert victim.state == Comment.State.HELD

    # ...and one visitor writing other addresses in front of their own is still one.
    other = add_comment(story, "Reported by one, many times.")
    forged = [f"203.0.113.{n}, 192.0.2.99" for n in range(SESSIONS)]
    statuses = [report(Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=header), other).status_code for header in forged]
    assert statuses == [200] * policy.REPORTS_PER_VISITOR + [429] * (SESSIONS - policy.REPORTS_PER_VISITOR)
    other.refresh_from_db()
    assert (other.report_count, other.state) == (1, Comment.State.PUBLISHED)
    report_figure(
        f"trust, proxies: with TRUSTED_PROXIES=1, {len(forged)} forged X-Forwarded-For chains counted as 1 "
        "visitor (the right-most untrusted address), 3 visitors behind the proxy as 3"
    )
