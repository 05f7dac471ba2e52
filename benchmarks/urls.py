"""The project's URLs, plus the anchors the comment POST is compared with (a bare insert, a signed-in
insert with an audit row) and xtd's own URLs."""

from django.db import connection, transaction
from django.http import HttpResponse, HttpResponseForbidden
from django.urls import include, path
from django.views.decorators.http import require_POST

from townsquare.urls import handler500  # noqa: F401
from townsquare.urls import urlpatterns as project_urlpatterns

BARE_TABLE = "bench_bare_row"
AUDIT_TABLE = "bench_audit_row"


@require_POST
def bare_insert(request):
    """One row, one INSERT: the floor under any view that stores something."""
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {BARE_TABLE} (body) VALUES (%s)", [request.POST.get("comment", "")[:3000]])  # noqa: S608
    return HttpResponse(status=204)


@require_POST
def signed_in_insert(request):
    """The realistic floor under a signed-in post: the session and user read, CSRF checked (by the
    middleware, as for every POST), one row and one audit row written in one transaction."""
    if not request.user.is_authenticated:
        return HttpResponseForbidden()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {BARE_TABLE} (body) VALUES (%s)", [request.POST.get("comment", "")[:3000]])  # noqa: S608
        cursor.execute(f"INSERT INTO {AUDIT_TABLE} (user_id) VALUES (%s)", [request.user.pk])  # noqa: S608
    return HttpResponse(status=204)


urlpatterns = [
    path("bench/insert/", bare_insert, name="bench-insert"),
    path("bench/insert-signed-in/", signed_in_insert, name="bench-insert-signed-in"),
    # django-comments-xtd's own URLs, which its tree template (the anchor) links to.
    path("bench/xtd/", include("django_comments_xtd.urls")),
    *project_urlpatterns,
]
