"""URLs: the admin, the read API, health check, sitemap and robots.txt without a language prefix,
public pages with one."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from townsquare import views
from townsquare.sitemaps import TranslatedPagesSitemap

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # The open read API (docs/api.md): versioned, one URL per object whatever the language.
    path("api/v2/", include("townsquare.api.urls")),
    # ActivityPub and WebFinger (docs/federation.md): hubs followed from the fediverse.
    path("", include("federation.urls")),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": TranslatedPagesSitemap}}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path("comments/", include("moderation.discussion.urls")),
    path("search/", include("search.urls")),
    path("events/", include("events.feeds")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

handler500 = "townsquare.views.server_error"
