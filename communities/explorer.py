"""Where the admin's page explorer opens: on my hub, in the language I use the admin in.

Wagtail opens the explorer on the closest page above everything a user may edit. A hub team
edits its hub in every language, and each language is its own tree under the root, so the
explorer would open on the root: a list of identical "Townsquare" home pages, one per language.
Within one language the same rule gives what an employee expects: their hub (or, for someone
in several hubs, the home page above them). Wagtail's own rule is untouched everywhere else.
"""

from django.conf import settings
from django.utils import translation
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.sidebar import PageExplorerMenuItem as PageExplorerMenuItemComponent
from wagtail.admin.wagtail_hooks import ExplorerMenuItem
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site
from wagtail.permission_policies.pages import PagePermissionPolicy


def _language(code):
    try:
        return get_supported_content_language_variant(code)
    except LookupError:
        return None


def explorer_start_page(user):
    """The page the explorer opens on for ``user``: Wagtail's explorable root when it lies within
    one language; otherwise the closest page above the user's pages (a superuser's: the sites' home
    pages) in the active language, or in the default language when they have none there.
    ``None`` when the user may explore nothing.

    One or two queries, on admin pages of users whose pages span languages only: the explorable
    root and the user's permissions are Wagtail's, cached for the request."""
    policy = PagePermissionPolicy()
    root = policy.explorable_root_instance(user)
    if root is None or not root.is_root():
        return root
    if user.is_superuser:
        homes = Site.objects.values("root_page__translation_key")
        pages = list(Page.objects.filter(translation_key__in=homes).select_related("locale"))
        language_of = {page.pk: page.locale.language_code for page in pages}
    else:
        pages = [page for page in policy.instances_with_direct_explore_permission(user) if not page.is_root()]
        codes = dict(Locale.objects.values_list("pk", "language_code"))
        language_of = {page.pk: codes.get(page.locale_id) for page in pages}
    for language in (_language(translation.get_language()), _language(settings.LANGUAGE_CODE)):
        in_language = [page for page in pages if language_of[page.pk] == language]
        if len(in_language) == 1:
            return in_language[0]
        if in_language:
            return Page.objects.first_common_ancestor_of(in_language, include_self=True, strict=True)
    return root


class HubExplorerMenuItem(ExplorerMenuItem):
    """Wagtail's "Pages" menu item, opening on :func:`explorer_start_page`."""

    def render_component(self, request):
        start_page = explorer_start_page(request.user)
        if start_page is None:
            return MenuItem.render_component(self, request)
        return PageExplorerMenuItemComponent(
            self.name, self.label, self.url, start_page.pk, icon_name=self.icon_name, classname=self.classname
        )


def open_explorer_on_my_hubs(request, menu_items):
    """``construct_main_menu`` hook: swap Wagtail's "Pages" item for :class:`HubExplorerMenuItem`."""
    for index, item in enumerate(menu_items):
        if item.name == "explorer" and not isinstance(item, HubExplorerMenuItem):
            menu_items[index] = HubExplorerMenuItem(
                item.label, item.url, name=item.name, icon_name=item.icon_name, order=item.order
            )
