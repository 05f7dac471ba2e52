"""Whole-page caching of public pages for anonymous visitors.

Pages that may be cached say so with ``Cache-Control: public`` (see
``PublicPageMixin``); a CDN in front honours the same header. This
middleware keeps such responses in Django's cache (Redis when configured)
and serves them without touching the database until anything they show
changes: publishing, unpublishing, moving or deleting a page, and any
comment state change bump one version number that is part of every key.

A visitor with a session or pending messages (signed in, or just posted a
comment) is never served from, nor stored in, the cache; so a ``Vary: Cookie``
on a stored response (the page looked at the session and found none) is safe.
"""

from django.conf import settings
from django.core.cache import cache
from django.utils.cache import patch_cache_control

VERSION_KEY = "townsquare:page-cache-version"
PRIVATE_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")


def is_anonymous_request(request):
    return request.method in ("GET", "HEAD") and not any(name in request.COOKIES for name in PRIVATE_COOKIES)


def current_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


def invalidate(**kwargs):
    """Drop every cached page (by moving to a new version); connected to content signals."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 1, timeout=None)


class PublicPageMixin:
    """Marks a Wagtail page's response as cacheable when served to an anonymous visitor."""

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if is_anonymous_request(request) and response.status_code == 200 and not response.cookies:
            # Shared caches (a CDN) may keep the page; browsers check back each time, so a reader
            # never sees an old copy of a hub after a new story or comment.
            patch_cache_control(response, public=True, max_age=0, s_maxage=settings.PUBLIC_PAGE_MAX_AGE)
        return response


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.PUBLIC_PAGE_CACHE_SECONDS or not is_anonymous_request(request):
            return self.get_response(request)
        key = f"townsquare:page:{current_version()}:{request.build_absolute_uri()}"
        response = cache.get(key)
        if response is not None:
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if self.can_store(response):
            cache.set(key, response, timeout=settings.PUBLIC_PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def can_store(response):
        return (
            response.status_code == 200
            and "public" in response.get("Cache-Control", "")
            and not response.cookies
            and not response.streaming
        )
