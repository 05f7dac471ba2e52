"""Middleware of the Townsquare project."""

import re

from django.conf import settings
from django.middleware.locale import LocaleMiddleware

# Paths outside the language prefix: a 404 there is a 404, not a redirect to /en/...
LANGUAGE_CODE_SHAPE = re.compile(r"^[a-z]{2,3}(?:[-_][a-zA-Z]{2,4})?$")
UNPREFIXED = ("/admin/", "/documents/", "/healthz", "/sitemap.xml", "/static/", "/media/")


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
