"""Who may translate a page: the team of its hub, and nobody else.

wagtail-localize asks only for its site-wide ``submit_translation`` permission before it
starts or syncs a translation, whatever the page. Hub editors and owners hold that
permission (``communities.teams``), so its two views are served here in front of
wagtail-localize's own, at the same addresses, with one more rule: the user must be able
to edit the source page, which only the team of the page's hub can. The translation
itself is created in the hub's translated tree, where the same team edits it and its
review workflow applies; it is created as a draft (the setting
``WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False``).
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import path
from wagtail.models import Page
from wagtail_localize.models import TranslationSource
from wagtail_localize.views.submit_translations import SubmitPageTranslationView
from wagtail_localize.views.update_translations import UpdateTranslationsView


def can_translate(user, page):
    """The one rule: ``user`` may start or sync translations of ``page``."""
    return user.has_perm("wagtail_localize.submit_translation") and page.permissions_for_user(user).can_edit()


class SubmitHubPageTranslationView(SubmitPageTranslationView):
    def dispatch(self, request, *args, **kwargs):
        page = get_object_or_404(Page, pk=kwargs["page_id"])
        if not can_translate(request.user, page):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class UpdateHubTranslationsView(UpdateTranslationsView):
    def dispatch(self, request, *args, **kwargs):
        source = get_object_or_404(TranslationSource, pk=kwargs["translation_source_id"])
        instance = source.get_source_instance()
        if isinstance(instance, Page) and not can_translate(request.user, instance):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


# Registered before wagtail-localize's URLs (hook order -1), under its namespace's addresses.
urlpatterns = [
    path(
        "localize/submit/page/<int:page_id>/",
        SubmitHubPageTranslationView.as_view(),
        name="communities_submit_page_translation",
    ),
    path(
        "localize/update/<int:translation_source_id>/",
        UpdateHubTranslationsView.as_view(),
        name="communities_update_translations",
    ),
]
