"""Middleware of the Townsquare project."""

from django.middleware.locale import LocaleMiddleware

# Paths outside the language prefix: a 404 there is a 404, not a redirect to /en/...
UNPREFIXED = ("/admin/", "/documents/", "/healthz", "/sitemap.xml", "/static/", "/media/")


class TownsquareLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, except that it never redirects the admin and other unprefixed URLs.

    Django redirects any 404 to the same path under the language prefix when that path
    resolves; Wagtail's page catch-all resolves everything, so /admin/nothing/ would go to
    /en/admin/nothing/ before answering 404."""

    def process_response(self, request, response):
        if request.path_info.startswith(UNPREFIXED):
            return response
        return super().process_response(request, response)
