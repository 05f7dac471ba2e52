"""Project-wide views: the health check and the friendly error pages."""

import logging

from django.db import DatabaseError, connections
from django.http import HttpResponseServerError, JsonResponse
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger("townsquare.health")


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


def server_error(request):
    """A 500 page rendered without context processors: it must work when the database does not."""
    return HttpResponseServerError(loader.get_template("500.html").render())
