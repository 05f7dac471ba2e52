"""Who is asking and how often: the client address, and counters of attempts in a time window.

Every public form counts here: comments (``moderation.policy.check_rate_limit``), reports
(``moderation.policy.check_report_rate_limit``) and event sign-ups (``events.routes``). The
counters live in Django's default cache (shared by every process: ``townsquare.shared_state``).
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from ipware import get_client_ip

from townsquare.shared_state import CacheUnavailable


def client_ip(request):
    """The visitor's address, as a string, or None when the request carries none.

    ``settings.TRUSTED_PROXIES`` says how many reverse proxies stand in front of the site. With 0,
    the address is the connection's (``REMOTE_ADDR``) and X-Forwarded-For and the like are
    ignored: any visitor can write them. With N, each proxy appends the address it received the
    request from to X-Forwarded-For, and the last one connects to us: the visitor is the N-th
    address from the right of X-Forwarded-For (the right-most one a trusted proxy wrote);
    anything left of it was written by the visitor and is ignored. A header too short for N
    proxies (a request that did not come through them all) falls back to ``REMOTE_ADDR``.
    """
    proxies = max(int(getattr(settings, "TRUSTED_PROXIES", 0) or 0), 0)
    address = None
    if proxies:
        # django-ipware counts the proxies listed in the header; the last proxy is REMOTE_ADDR.
        # Not strict: a header longer than the proxies wrote (the visitor's own entries) is normal.
        address, _routable = get_client_ip(
            request, proxy_count=proxies - 1, request_header_order=["HTTP_X_FORWARDED_FOR"], strict=False
        )
    if address is None:
        address, _routable = get_client_ip(request, request_header_order=["REMOTE_ADDR"], strict=False)
    return address


class Limited(str):
    """A refusal for too many attempts: the message to show, with ``retry_after``, the seconds
    after which trying again is sure to be counted in a new window (a ``Retry-After`` header)."""

    def __new__(cls, message, retry_after):
        limited = super().__new__(cls, message)
        limited.retry_after = int(retry_after)
        return limited


def retry_after_header(response, limited):
    """``response`` with ``Retry-After`` set from a ``Limited`` refusal."""
    response["Retry-After"] = str(limited.retry_after)
    return response


def count_attempt(key, window):
    """Count one attempt under ``key`` in a fixed window of ``window`` seconds; returns the count
    so far (this attempt included), or 0 when the cache cannot tell."""
    # add() only creates the counter, so the window runs from the first attempt (a fixed window);
    # incr() is atomic on Redis and on the database cache, so parallel posts cannot slip through together.
    try:
        cache.add(key, 0, timeout=window)
        return cache.incr(key)
    except ValueError:
        # The counter expired between add() and incr(): this attempt opens a new window.
        cache.set(key, 1, timeout=window)
        return 1
    except CacheUnavailable:
        # Redis went away: rate limits fail open, so that visitors can still post and report. A
        # comment is then held all the same (the challenge cannot be checked for a replay), and a
        # report still counts once per visitor (in the database).
        return 0


def attempt_key(scope, value):
    """The cache key counting ``scope`` attempts by ``value`` (an address, a mailbox): a hash,
    so that the cache holds no address."""
    digest = hashlib.sha256(f"townsquare.rate:{scope}:{value}".encode()).hexdigest()
    return f"townsquare:rate:{scope}:{digest}"
