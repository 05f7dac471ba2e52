"""Middleware of the Townsquare project."""

import re

from django.conf import settings
from django.http import HttpResponseBadRequest
from django.middleware.locale import LocaleMiddleware

# Paths outside the language prefix: a 404 there is a 404, not a redirect to /en/...
LANGUAGE_CODE_SHAPE = re.compile(r"^[a-z]{2,3}(?:[-_][a-zA-Z]{2,4})?$")
UNPREFIXED = ("/admin/", "/api/", "/documents/", "/healthz", "/sitemap.xml", "/robots.txt", "/static/", "/media/")


class TownsquareLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, except that it never redirects the admin and other unprefixed URLs.

    Django redirects any 404 to the same path under the language prefix when that path
    resolves; Wagtail's page catch-all resolves everything, so /admin/nothing/ would go to
    /en/admin/nothing/ before answering 404."""

    def process_response(self, request, response):
        if request.path_info.startswith(UNPREFIXED) or self.unknown_language_prefix(request.path_info):
            return response
        return super().process_response(request, response)

    @staticmethod
    def unknown_language_prefix(path):
        """/xx/... where xx looks like a language code but is not one of ours: a 404, not /en/xx/..."""
        first = path.strip("/").split("/", 1)[0]
        known = {code for code, _name in settings.LANGUAGES}
        return bool(LANGUAGE_CODE_SHAPE.match(first)) and first not in known


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy on every response.

    Public pages get ``CONTENT_SECURITY_POLICY``: scripts and styles only from this
    site's own files (the templates have no inline script, style or event handler),
    no plugins, no framing by other sites. The Wagtail admin gets the shorter
    ``ADMIN_CONTENT_SECURITY_POLICY``, because Wagtail's own pages rely on inline
    scripts and styles; it still forbids plugins and framing by other sites (the
    page editor frames its own previews). Django's SecurityMiddleware and
    XFrameOptionsMiddleware add the other headers (nosniff, Referrer-Policy,
    Cross-Origin-Opener-Policy, X-Frame-Options).

    The page editor's preview renders a public page inside the admin (Wagtail runs it through
    this middleware as a request of its own, marked ``is_dummy``): it gets the public policy,
    except that the admin's origin may frame it.

    A view that sets its own ``Content-Security-Policy`` keeps it. The header is
    the same for every response of a kind, so cached pages carry it too.
    """

    ADMIN_PREFIXES = ("/admin/", "/documents/")

    def __init__(self, get_response):
        self.get_response = get_response
        self.public_policy = self.serialise(settings.CONTENT_SECURITY_POLICY)
        self.admin_policy = self.serialise(settings.ADMIN_CONTENT_SECURITY_POLICY)
        self.preview_policy = self.serialise({**settings.CONTENT_SECURITY_POLICY, "frame-ancestors": ["'self'"]})
        self.permissions_policy = settings.PERMISSIONS_POLICY

    @staticmethod
    def serialise(policy):
        return "; ".join(" ".join([directive, *sources]) for directive, sources in policy.items())

    def __call__(self, request):
        response = self.get_response(request)
        if request.path_info.startswith(self.ADMIN_PREFIXES):
            policy = self.admin_policy
        elif getattr(request, "is_dummy", False):
            policy = self.preview_policy
        else:
            policy = self.public_policy
        response.headers.setdefault("Content-Security-Policy", policy)
        if self.permissions_policy:
            response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        return response


class MalformedRequestMiddleware:
    """Answer 400 to a request whose ``Content-Length`` is not a number.

    Django reads such a header as a number when the body is first used, and fails with a 500;
    some servers pass it through. Placed first, before anything reads the body."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        length = request.META.get("CONTENT_LENGTH", "")
        if length and not (length.isascii() and length.isdigit()):
            return HttpResponseBadRequest("Bad request: Content-Length is not a number.", content_type="text/plain")
        return self.get_response(request)
