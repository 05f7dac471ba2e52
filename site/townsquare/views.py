"""Project-wide views: the health check, robots.txt and the friendly error pages."""

import logging

from django.db import DatabaseError, connections
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.template import loader
from django.urls import reverse
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger("townsquare.health")

# The same for every visitor of a host (a cache keys on the host too); crawlers re-read it daily.
ROBOTS_TXT_MAX_AGE = 60 * 60 * 24


@never_cache
@require_safe
def healthz(request):
    """Answer 200 when the database answers a query, 503 otherwise (JSON either way)."""
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        logger.warning("Health check: database unavailable: %s", exc)
        return JsonResponse({"status": "unavailable", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_safe
@cache_control(public=True, max_age=ROBOTS_TXT_MAX_AGE)
def robots_txt(request):
    """Crawlers may read everything but the admin; the sitemap's URL is on the host that was asked."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def server_error(request):
    """A 500 page rendered without context processors: it must work when the database does not."""
    return HttpResponseServerError(loader.get_template("500.html").render())
