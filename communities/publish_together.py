"""Publish a page and its translations in one action (a frequent request from wagtail-localize users).

The page editor's action menu offers "Publish with translations" when the page
has translations with unpublished changes; a confirmation page lists them and
publishes the latest revision of each one the user may publish.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.admin.action_menu import ActionMenuItem
from wagtail.models import Page


def pending_translations(page, user):
    """(publishable, refused): translations of ``page`` with unpublished changes, split by permission."""
    publishable, refused = [], []
    for translation in page.get_translations().filter(has_unpublished_changes=True).select_related("locale"):
        if translation.permissions_for_user(user).can_publish():
            publishable.append(translation)
        else:
            refused.append(translation)
    return publishable, refused


class PublishWithTranslationsMenuItem(ActionMenuItem):
    label = gettext_lazy("Publish with translations")
    name = "action-publish-with-translations"
    icon_name = "globe"
    order = 25

    def is_shown(self, context):
        page = context.get("page")
        if context.get("view") != "edit" or page is None or not page.pk:
            return False
        if not context["user_page_permissions_tester"].can_publish():
            return False
        return page.get_translations().filter(has_unpublished_changes=True).exists()

    def get_url(self, parent_context):
        return reverse("publish_with_translations", args=[parent_context["page"].pk])


def publish_with_translations(request, page_id):
    page = get_object_or_404(Page, pk=page_id).specific
    if not page.permissions_for_user(request.user).can_publish():
        raise PermissionDenied
    publishable, refused = pending_translations(page, request.user)
    if request.method == "POST":
        published = 0
        for item in [page, *publishable]:
            revision = item.get_latest_revision()
            if revision is not None and (item.has_unpublished_changes or not item.live):
                revision.publish(user=request.user)
                published += 1
        messages.success(
            request,
            ngettext("%(count)d page published.", "%(count)d pages published.", published) % {"count": published},
        )
        return redirect("wagtailadmin_pages:edit", page.pk)
    return TemplateResponse(
        request,
        "communities/publish_with_translations.html",
        {"page": page, "publishable": publishable, "refused": refused, "title": _("Publish with translations")},
    )


urlpatterns = [
    path("publish-with-translations/<int:page_id>/", publish_with_translations, name="publish_with_translations"),
]
