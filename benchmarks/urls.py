"""The project's URLs, plus the bare insert the comment POST is compared with and xtd's own URLs."""

from django.db import connection
from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.http import require_POST

from townsquare.urls import handler500  # noqa: F401
from townsquare.urls import urlpatterns as project_urlpatterns

BARE_TABLE = "bench_bare_row"


@require_POST
def bare_insert(request):
    """One row, one INSERT: the floor under any view that stores something."""
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {BARE_TABLE} (body) VALUES (%s)", [request.POST.get("comment", "")[:3000]])  # noqa: S608
    return HttpResponse(status=204)


urlpatterns = [
    path("bench/insert/", bare_insert, name="bench-insert"),
    # django-comments-xtd's own URLs, which its tree template (the anchor) links to.
    path("bench/xtd/", include("django_comments_xtd.urls")),
    *project_urlpatterns,
]
