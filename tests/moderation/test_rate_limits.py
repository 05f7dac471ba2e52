"""The rate limit on posting comments: per IP address and per e-mail address, in a fixed window."""

import time

import pytest
from django.core.cache import cache

from moderation import policy
from moderation.models import ModerationSettings

REFUSED = "You have posted a lot of comments in a short time. Please wait a few minutes and try again."


@pytest.fixture
def limit(db):
    """Three comments per two minutes."""
    settings = ModerationSettings.load()
    settings.rate_limit_count = 3
    settings.rate_limit_minutes = 2
    settings.save()
    return settings


@pytest.fixture
def clock(monkeypatch):
    """A clock the test moves forward, so the cache's expiry is exercised without sleeping."""
    now = [time.time()]
    monkeypatch.setattr(time, "time", lambda: now[0])
    return now


def attempt(ip_address="198.51.100.7", email="robin@example.org"):
    return policy.check_rate_limit(ip_address=ip_address, email=email)


def test_the_attempt_after_the_limit_is_refused_with_a_message(limit):
    # Different e-mail addresses: only the IP address is over the limit.
    assert [attempt(email=f"visitor{n}@example.org") for n in range(3)] == [None, None, None]
    assert attempt(email="visitor3@example.org") == REFUSED


def test_another_ip_and_email_are_still_allowed(limit):
    for _ in range(4):
        attempt()
    assert attempt() == REFUSED
    assert attempt(ip_address="203.0.113.50", email="someone.else@example.org") is None


def test_the_limit_per_email_holds_across_ip_addresses(limit):
    assert [attempt(ip_address=f"198.51.100.{n}", email="Robin@Example.org") for n in range(3)] == [None] * 3
    assert attempt(ip_address="198.51.100.99", email=" robin@example.org ") == REFUSED


def test_empty_addresses_are_not_counted(limit):
    assert [attempt(ip_address="", email="") for _ in range(10)] == [None] * 10
    assert [attempt(ip_address="", email=f"v{n}@example.org") for n in range(10)] == [None] * 10


def test_the_limit_comes_from_the_settings(limit):
    limit.rate_limit_count = 1
    limit.save()
    assert attempt() is None
    assert attempt() == REFUSED


def test_the_window_expires(limit, clock):
    for _ in range(3):
        attempt()
    clock[0] += 2 * 60 - 1
    assert attempt() == REFUSED
    clock[0] += 2
    assert attempt() is None


def test_the_window_runs_from_the_first_attempt(limit, clock):
    # A fixed window: attempts later in it do not push its end further out.
    attempt()
    clock[0] += 90
    attempt()
    attempt()
    assert attempt() == REFUSED
    clock[0] += 31
    assert attempt() is None


def test_the_cache_holds_hashes_not_addresses(limit):
    attempt(ip_address="198.51.100.7", email="robin@example.org")
    keys = " ".join(cache._cache)  # locmem's store: the keys as written
    assert policy.hash_identifier("198.51.100.7") in keys
    assert policy.hash_identifier("robin@example.org") in keys
    assert "198.51.100.7" not in keys
    assert "robin@example.org" not in keys
