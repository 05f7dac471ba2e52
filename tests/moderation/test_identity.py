"""Who a visitor is (``moderation.identity``): normalised e-mail addresses, the client address
behind trusted proxies, and the identity likes and reports count by."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory

from moderation import identity, policy
from moderation.discussion.my_comments import remember_my_comment
from moderation.models import BlockedCommenter, Comment
from moderation.reactions import report_weight
from tests.factories import StoryPageFactory, UserFactory
from tests.stories.comment_helpers import add_comment
from townsquare import mail, rate_limits


@pytest.mark.parametrize(
    ("email", "normalised"),
    [
        ("a@example.org", "a@example.org"),
        ("  A@Example.ORG ", "a@example.org"),
        ("a+1@example.org", "a@example.org"),
        ("A+News+More@example.org", "a@example.org"),
        ("a.b@example.org", "a.b@example.org"),  # dots only matter elsewhere
        ("A.B+x@gmail.com", "ab@gmail.com"),
        ("a.b@googlemail.com", "ab@gmail.com"),
        ("ab@gmail.com.", "ab@gmail.com"),
        ("+tag@example.org", "+tag@example.org"),  # nothing left before the tag: kept as written
        ("not-an-address", "not-an-address"),
        ("", ""),
        (None, ""),
    ],
)
def test_normalise_email(email, normalised):
    assert mail.normalise_email(email) == normalised


def request_from(remote_addr="198.51.100.7", forwarded=None, user=None, session=None):
    meta = {"REMOTE_ADDR": remote_addr}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    request = RequestFactory().get("/", **meta)
    request.user = user or AnonymousUser()
    request.session = session if session is not None else SessionStore()
    return request


class TestClientIp:
    def test_without_proxies_forwarded_headers_are_ignored(self, settings):
        settings.TRUSTED_PROXIES = 0
        request = request_from("198.51.100.7", forwarded="203.0.113.9")
        request.META["HTTP_X_REAL_IP"] = "203.0.113.10"
        request.META["HTTP_CLIENT_IP"] = "203.0.113.11"
        assert rate_limits.client_ip(request) == "198.51.100.7"

    def test_one_proxy_takes_the_right_most_forwarded_address(self, settings):
        settings.TRUSTED_PROXIES = 1
        assert rate_limits.client_ip(request_from("10.0.0.2", forwarded="203.0.113.9")) == "203.0.113.9"
        # What the visitor wrote stays on the left.
        assert rate_limits.client_ip(request_from("10.0.0.2", forwarded="1.2.3.4, 203.0.113.9")) == "203.0.113.9"

    def test_two_proxies_take_the_second_from_the_right(self, settings):
        settings.TRUSTED_PROXIES = 2
        request = request_from("10.0.0.2", forwarded="1.2.3.4, 203.0.113.9, 10.0.0.1")
        assert rate_limits.client_ip(request) == "203.0.113.9"

    def test_rubbish_in_the_header_is_skipped(self, settings):
        settings.TRUSTED_PROXIES = 1
        request = request_from("10.0.0.2", forwarded="<script>, unknown, 203.0.113.9")
        assert rate_limits.client_ip(request) == "203.0.113.9"

    def test_a_request_that_bypassed_the_proxy_counts_by_its_connection(self, settings):
        settings.TRUSTED_PROXIES = 2
        assert rate_limits.client_ip(request_from("198.51.100.7")) == "198.51.100.7"
        assert rate_limits.client_ip(request_from("198.51.100.7", forwarded="203.0.113.9")) == "198.51.100.7"

    def test_ipv6_and_no_address(self, settings):
        settings.TRUSTED_PROXIES = 0
        assert rate_limits.client_ip(request_from("2001:db8::1")) == "2001:db8::1"
        assert rate_limits.client_ip(request_from("")) is None


class TestKeys:
    def test_an_ipv6_address_counts_by_its_64_network(self):
        assert identity.address_key("2001:db8:1:2::1") == identity.address_key("2001:db8:1:2:ffff::9")
        assert identity.address_key("2001:db8:1:2::1") != identity.address_key("2001:db8:1:3::1")
        assert identity.address_key("198.51.100.7") != identity.address_key("198.51.100.8")
        assert identity.address_key("") == ""

    def test_keys_are_keyed_with_the_secret(self, settings):
        before = identity.email_key("a@example.org"), identity.address_key("198.51.100.7")
        settings.SECRET_KEY = "another secret key, long enough to be one, 0123456789"
        after = identity.email_key("a@example.org"), identity.address_key("198.51.100.7")
        assert before[0] != after[0] and before[1] != after[1]
        assert all(len(key) <= 64 for key in before)

    def test_an_email_key_is_the_mailbox(self):
        assert identity.email_key("A+1@Example.org") == identity.email_key("a+2@example.org")
        assert identity.email_key("a@example.org") != identity.email_key("b@example.org")
        assert identity.email_key("") == ""


@pytest.fixture
def story(hub):
    return StoryPageFactory(parent=hub, title="Seeds", slug="seeds")


class TestVisitor:
    def test_fresh_sessions_from_one_address_are_one_visitor(self, db):
        first, second = request_from("198.51.100.7"), request_from("198.51.100.7")
        assert identity.visitor_key(first) == identity.visitor_key(second)
        assert identity.visitor_key(first).startswith("a:")
        assert identity.visitor_key(first) != identity.visitor_key(request_from("198.51.100.8"))

    def test_a_signed_in_user_is_their_account(self, db):
        user = UserFactory()
        found = identity.visitor(request_from(user=user))
        assert found.key == f"u:{user.pk}" and found.user == user

    def test_a_guest_who_confirmed_an_address_is_that_mailbox(self, story):
        comment = add_comment(story, email="Robin+stories@example.org", state=Comment.State.HELD)
        request = request_from("198.51.100.7")
        remember_my_comment(request, comment)
        request.session.save()
        found = identity.visitor(request)
        assert found.key == identity.email_key("robin@example.org")
        assert found.email == "Robin+stories@example.org"
        assert found.address == identity.address_key("198.51.100.7")
        # The same browser from another address is the same person.
        moved = request_from("203.0.113.9", session=request.session)
        assert identity.visitor_key(moved) == found.key

    def test_a_signed_in_users_comments_do_not_make_an_email_identity(self, story):
        user = UserFactory()
        comment = add_comment(story, user=user, email=user.email, state=Comment.State.HELD)
        request = request_from("198.51.100.7")
        remember_my_comment(request, comment)
        request.session.save()
        assert identity.visitor_key(request) == identity.address_key("198.51.100.7")

    def test_without_any_address_the_session_is_all_there_is(self, db):
        request = request_from("")
        assert identity.visitor_key(request).startswith("s:")


class TestReportWeight:
    def test_a_commenter_with_a_published_comment_weighs_two(self, story):
        add_comment(story, email="robin@example.org")
        assert report_weight(identity.Visitor(key="e:x", address="", email="Robin+1@example.org")) == 2
        assert report_weight(identity.Visitor(key="e:y", address="", email="ana@example.org")) == 1

    def test_a_signed_in_user_with_a_published_comment_weighs_two(self, story):
        user, newcomer = UserFactory(), UserFactory()
        add_comment(story, user=user, email=user.email)
        assert report_weight(identity.Visitor(key=f"u:{user.pk}", address="", user=user)) == 2
        assert report_weight(identity.Visitor(key=f"u:{newcomer.pk}", address="", user=newcomer)) == 1

    def test_held_comments_and_addresses_weigh_one(self, story):
        add_comment(story, email="robin@example.org", state=Comment.State.HELD)
        assert report_weight(identity.Visitor(key="e:x", address="", email="robin@example.org")) == 1
        assert report_weight(identity.Visitor(key="a:x", address="a:x")) == 1


class TestPolicyByMailbox:
    def test_history_finds_the_comments_of_the_plain_address(self, story):
        add_comment(story, email="robin@example.org")
        assert not policy.is_first_time("Robin+stories@Example.org", None)
        assert not policy.is_first_time("robin@example.org", None)
        assert policy.is_first_time("ana+robin@example.org", None)

    def test_a_block_catches_other_spellings_of_the_mailbox(self, db):
        BlockedCommenter.objects.create(email_hash=policy.hash_identifier("robin@gmail.com"))
        for spelling in ("Robin+new@gmail.com", "r.o.bin@googlemail.com", "robin@gmail.com"):
            assert policy.read_commenter(hub=None, user=None, email=spelling, ip_address="").blocked, spelling
        assert not policy.read_commenter(hub=None, user=None, email="robina@gmail.com", ip_address="").blocked

    def test_the_email_rate_limit_counts_the_mailbox(self, db):
        keys = {policy._rate_limit_key("email", email) for email in ("a+1@x.org", "A@x.org", "a+2@X.ORG ")}
        assert len(keys) == 1
        assert policy._rate_limit_key("ip", "a+1@x.org") != policy._rate_limit_key("ip", "a@x.org")

    def test_reports_are_limited_per_visitor_and_per_address(self, db):
        allowed = [policy.check_report_rate_limit(visitor="e:one", address="a:home") for _ in range(10)]
        assert allowed == [None] * policy.REPORTS_PER_VISITOR
        assert "a lot of reports" in policy.check_report_rate_limit(visitor="e:one", address="a:home")
        # Other visitors at the same address share the address's allowance.
        others = [policy.check_report_rate_limit(visitor=f"e:{n}", address="a:home") for n in range(19)]
        assert others == [None] * 19  # 11 + 19 = 30 from the address
        assert policy.check_report_rate_limit(visitor="e:late", address="a:home") is not None
        assert policy.check_report_rate_limit(visitor="e:late", address="a:elsewhere") is None
