"""Whole-page caching of public pages for anonymous visitors, and purging what a change affects.

Pages that may be cached say so with ``Cache-Control: public`` (see
``PublicPageMixin``); a CDN in front honours the same header.
``AnonymousPageCacheMiddleware`` keeps such responses in Django's cache (Redis
when configured, shared by every app server) and serves them without touching
the database.

A change purges the pages it affects, and only those, by URL, through Wagtail's
frontend cache (``wagtail.contrib.frontend_cache``): every backend configured in
``WAGTAILFRONTENDCACHE`` hears the same URLs, in every content language.
``EmbeddedPageCacheBackend`` is the backend of this cache (configured by
default); a CDN or caching proxy is another (docs/operators.md). The purges
below reach this cache at once, in the process that made the change (``purge_urls``),
and a CDN through Wagtail's purge task, which a worker runs. What purges what:

- a page published or unpublished: the page (Wagtail's own signal handlers), its
  feeds and translations (their language links), and the listings above it (its
  hub and the home page, their feeds, the author pages of a story's authors);
- a page moved: its old and new URLs, its subpages' too, and both parents' listings;
- a page deleted: it, its subpages, and the listings above them;
- comments published or hidden, once per batch: their stories and the stories'
  translations (which count the comments in other languages). Hubs and feeds show
  no comments. A comment held or marked as spam changes nothing public and purges nothing;
- a feedback status or response shown under a published comment: its story;
- a like: its story, from this cache only (a CDN's copy expires within ``PUBLIC_PAGE_MAX_AGE``).

Cache keys are hashes, so they stay short whatever the URL. Each path has a
version token, part of the key of every response stored for it: a purge
replaces the token, so that every query-string variant of the path goes with
it (sorting, pagination, a topic filter).

A visitor with a session or pending messages (signed in, or just posted a
comment) is never served from, nor stored in, the cache; so a ``Vary: Cookie``
on a stored response (the page looked at the session and found none) is safe.
"""

import contextlib
import hashlib
import secrets
from types import SimpleNamespace
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import QuerySet
from django.urls import NoReverseMatch
from django.utils.cache import patch_cache_control
from django.utils.module_loading import import_string
from wagtail.contrib.frontend_cache.backends import BaseBackend
from wagtail.contrib.frontend_cache.tasks import purge_urls_from_cache_task
from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

from townsquare.shared_state import CacheUnavailable

PAGE_KEY_PREFIX = "townsquare:page:"
PATH_VERSION_PREFIX = "townsquare:page-path:"
PRIVATE_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")
# Routes of a page (``communities.models.StoryFeedsMixin``) cached along with it.
FEED_ROUTES = ("feed_rss", "feed_atom")
AUTHOR_ROUTE = "author"


def is_anonymous_request(request):
    return request.method in ("GET", "HEAD") and not any(name in request.COOKIES for name in PRIVATE_COOKIES)


def _digest(text):
    return hashlib.sha256(text.encode()).hexdigest()


def path_version_key(path):
    """The cache key of ``path``'s version token (``path`` as ``request.path`` has it: unquoted)."""
    return PATH_VERSION_PREFIX + _digest(path)


def page_key(version, absolute_uri):
    """The cache key of one response: bounded in length however long the URL."""
    return PAGE_KEY_PREFIX + _digest(f"{version} {absolute_uri}")


def _version_timeout():
    # A token only has to differ from the one it replaces, so it may expire: entries stored under
    # it become unreachable, never stale. Kept as long as the pages it stands for.
    return max(settings.PUBLIC_PAGE_CACHE_SECONDS, 60)


def purge_paths(paths):
    """Drop every cached response for ``paths`` (all hosts, all query strings), on every app server."""
    # A new token rather than a deleted one: a request that read no token and rendered the page
    # before the change cannot then store its copy under a token of its own (``cache.add`` fails).
    cache.set_many({path_version_key(path): secrets.token_hex(8) for path in paths}, timeout=_version_timeout())


class EmbeddedPageCacheBackend(BaseBackend):
    """The frontend-cache backend of the app's own page cache (``WAGTAILFRONTENDCACHE``).

    It purges by path through the shared cache, so one purge reaches every app
    server. Inside a transaction (a purge task run inline while a page is being
    published) it waits for the commit: a request in between would otherwise
    store the page as it was.
    """

    def purge(self, url):
        self.purge_batch([url])

    def purge_batch(self, urls):
        paths = {unquote(urlsplit(url).path) for url in urls}
        transaction.on_commit(lambda: purge_paths(paths))


def embedded_backend_names():
    """The names under which ``WAGTAILFRONTENDCACHE`` configures ``EmbeddedPageCacheBackend``."""
    configured = getattr(settings, "WAGTAILFRONTENDCACHE", None) or {}
    return [
        name
        for name, config in configured.items()
        if issubclass(import_string(config["BACKEND"]), EmbeddedPageCacheBackend)
    ]


def purge_urls(urls, *, embedded_only=False):
    """Purge ``urls`` from the configured frontend caches once the transaction commits (at once outside one).

    Args:
        urls: full URLs (duplicates and None are dropped).
        embedded_only: purge the app's own cache only, not a CDN.
    """
    urls = sorted({url for url in urls if url})
    if not urls:
        return
    embedded = embedded_backend_names()
    configured = getattr(settings, "WAGTAILFRONTENDCACHE", None) or {}
    at_once = embedded
    queued = [] if embedded_only else [name for name in configured if name not in embedded]
    if at_once or queued:
        transaction.on_commit(lambda: _purge(urls, at_once, queued))


def _purge(urls, at_once, queued):
    """The app's own cache at once, in this process (a few cache writes: no worker to wait for, no
    queue to write to, so no visitor is served the page as it was); a CDN or proxy through
    Wagtail's purge task, which a worker runs (an HTTP call to the outside)."""
    if at_once:
        purge_urls_from_cache_task.call(urls, backends=at_once)
    if queued:
        purge_urls_from_cache(urls, backends=queued)


# Which URLs a page has ------------------------------------------------------


def _route_paths(page, names, *args):
    resolver = getattr(page.specific_class, "get_resolver", None)
    if resolver is None:
        return []
    paths = []
    for name in names:
        with contextlib.suppress(NoReverseMatch):  # a page class without that route
            paths.append(resolver().reverse(name, *args))
    return paths


def _full_urls(page, paths, cache_object):
    base = page.get_full_url(cache_object)
    if base is None:  # not routable (the tree's root, a page outside every site)
        return []
    return [base + path.lstrip("/") for path in paths]


def feed_urls(page, cache_object=None):
    """The URLs of ``page``'s feeds, if it has any."""
    return _full_urls(page, _route_paths(page, FEED_ROUTES), cache_object)


def page_urls(page, cache_object=None):
    """Every URL at which ``page`` is cached: Wagtail's ``get_cached_paths`` and its feeds."""
    paths = [*page.specific_deferred.get_cached_paths(), *_route_paths(page, FEED_ROUTES)]
    return _full_urls(page, paths, cache_object)


def listing_urls(pages, cache_object=None, *, author_slugs=(), exclude_paths=()):
    """The URLs of the live pages above ``pages`` (a hub, the home page), their feeds and the
    pages of ``author_slugs`` they have; one query. ``exclude_paths``: tree paths to leave out."""
    from wagtail.models import Page

    steplen = Page.steplen
    paths = {page.path[: steplen * depth] for page in pages for depth in range(2, len(page.path) // steplen)}
    paths -= set(exclude_paths)
    if not paths:
        return []
    urls = []
    for ancestor in Page.objects.live().filter(path__in=paths).select_related("locale"):
        urls += page_urls(ancestor, cache_object)
        for slug in author_slugs:
            urls += _full_urls(ancestor, _route_paths(ancestor, [AUTHOR_ROUTE], slug), cache_object)
    return urls


def story_urls(page_ids, *, with_translations=False):
    """The URLs of the live pages in ``page_ids`` (ids or a subquery), and of their translations."""
    from wagtail.models import Page

    pages = Page.objects.live()
    if with_translations:
        pages = pages.filter(translation_key__in=Page.objects.filter(pk__in=page_ids).values("translation_key"))
    else:
        pages = pages.filter(pk__in=page_ids)
    cache_object = SimpleNamespace()
    return [url for page in pages.select_related("locale") for url in page_urls(page, cache_object)]


# Receivers (connected in townsquare.apps) -----------------------------------


def purge_around_published_page(sender, instance, **kwargs):
    """On publish and unpublish. Wagtail's frontend cache purges the page itself; this adds
    its feeds, its translations and the listings above it."""
    cache_object = SimpleNamespace()
    authors = getattr(instance, "story_authors", None)
    author_slugs = {link.author.slug for link in authors.all()} if authors is not None else ()
    urls = feed_urls(instance, cache_object)
    for translation in instance.get_translations().live().select_related("locale"):
        urls += page_urls(translation, cache_object)
    urls += listing_urls([instance], cache_object, author_slugs=author_slugs)
    purge_urls(urls)


def purge_around_moved_page(
    sender, instance, parent_page_before, parent_page_after, url_path_before, url_path_after, **kwargs
):
    """After a move: the page and its subpages at their old and new URLs, both parents' listings."""
    from wagtail.models import Page

    if not instance.live:
        return
    cache_object = SimpleNamespace()
    urls = []
    for page in Page.objects.live().filter(path__startswith=instance.path).select_related("locale"):
        urls += page_urls(page, cache_object)
        if url_path_before != url_path_after:
            page.url_path = url_path_before + page.url_path[len(url_path_after) :]
            urls += page_urls(page, cache_object)
    parents = list(Page.objects.filter(pk__in=[parent_page_before.pk, parent_page_after.pk]).select_related("locale"))
    urls += [url for parent in parents if parent.live for url in page_urls(parent, cache_object)]
    urls += listing_urls(parents, cache_object)
    purge_urls(urls)


def purge_around_deleted_pages(sender, instance, origin=None, **kwargs):
    """Before pages are deleted (``pre_delete`` of ``Page``): they and the listings above them.

    Deleting a page deletes its subpages in the same query; the signal comes for each of
    them with the same ``origin``, which is handled once.
    """
    if isinstance(origin, QuerySet):
        if getattr(origin, "_townsquare_cache_purged", False):
            return
        origin._townsquare_cache_purged = True
        deleted = list(origin.select_related("locale"))
    else:
        deleted = [instance]
    cache_object = SimpleNamespace()
    live = [page for page in deleted if page.live]
    urls = [url for page in live for url in page_urls(page, cache_object)]
    urls += listing_urls(live, cache_object, exclude_paths={page.path for page in deleted})
    purge_urls(urls)


def purge_for_comments(sender, changes, **kwargs):
    """A batch of comment changes (``moderation.lifecycle.comments_changed``): the stories where
    visitors see a difference, and their translations; nothing when no comment entered or left
    the published state."""
    page_ids = {change.comment.page_id for change in changes if change.public_changed} - {None}
    if page_ids:
        purge_urls(story_urls(page_ids, with_translations=True))


# Feedback actions the story page shows: the status badge and the team's response.
PUBLIC_FEEDBACK_ACTIONS = ("status", "responded")


def purge_for_feedback(sender, item, action, **kwargs):
    """A feedback change (``listening.workflow.feedback_changed``): the story of its comment,
    when the change shows there."""
    from moderation.models import Comment

    if action in PUBLIC_FEEDBACK_ACTIONS:
        published = Comment.objects.filter(pk=item.comment_id, state=Comment.State.PUBLISHED)
        purge_urls(story_urls(published.values("page_id")))


def purge_for_like(story):
    """A like: the like count on its story page, in the app's own cache only (a like is too
    frequent an event to purge a CDN for)."""
    purge_urls(page_urls(story), embedded_only=True)


# The cache itself ------------------------------------------------------------


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
        version_key = path_version_key(request.path)
        version = cache.get(version_key)
        if version is not None:
            response = cache.get(page_key(version, request.build_absolute_uri()))
            if response is not None:
                response["X-Page-Cache"] = "hit"
                return response
        response = self.get_response(request)
        if self.can_store(response):
            if version is None:
                # The first copy of this path: a purge since the token was read leaves its own token,
                # and this copy, rendered before, is not stored.
                version = secrets.token_hex(8)
                try:
                    if not cache.add(version_key, version, timeout=_version_timeout()):
                        return response
                except CacheUnavailable:  # Redis went away: serve the page, store nothing
                    return response
            else:
                cache.touch(version_key, _version_timeout())
            cache.set(page_key(version, request.build_absolute_uri()), response, settings.PUBLIC_PAGE_CACHE_SECONDS)
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
