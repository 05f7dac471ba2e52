"""The API's URLs, all under ``/api/v2/`` (docs/api.md): pages and images (Wagtail's API v2),
comments, moderation with a personal token, the OpenAPI schema and its documentation page."""

from django.urls import path, re_path
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from townsquare.api import comments, moderation
from townsquare.api.problems import problem
from townsquare.api.views import api_router


@csrf_exempt  # a 404 to any method: nothing to protect
def not_found(request):
    return problem(404, _("There is no such API address."))


urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    *comments.urlpatterns,
    *moderation.urlpatterns,
    path("", api_router.urls),
    # Anything else under /api/v2/ (an id that is not a number: -3, 1e9) is a problem document
    # too, not the site's HTML 404 page.
    re_path(r"^[\s\S]*$", not_found, name="api-not-found"),
]
