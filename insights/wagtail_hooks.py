"""Registers the insights page with the Wagtail admin: its URLs and a menu item for moderators."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from insights import transparency, views
from moderation.viewsets import ModeratorOnlyMenuItem


@hooks.register("register_admin_urls")
def register_insights_urls():
    return [
        path("insights/", views.insights_view, name="insights"),
        path("insights/export/<slug:slug>.csv", views.export_view, name="insights-export"),
        path("insights/transparency/", views.transparency_view, name="insights-transparency"),
    ]


@hooks.register("register_admin_menu_item")
def register_insights_menu_item():
    return ModeratorOnlyMenuItem(_("Insights"), reverse("insights"), name="insights", icon_name="table", order=950)


@hooks.register("register_admin_menu_item")
def register_transparency_menu_item():
    return ModeratorOnlyMenuItem(
        _("Transparency report"),
        reverse("insights-transparency"),
        name="insights-transparency",
        icon_name="doc-full",
        order=960,
    )


@hooks.register("hub_transparency_summary")
def hub_transparency_summary(hub, year):
    """The figures of a hub's public yearly summary (``CommunityHubPage.transparency``): the
    transparency report of the hub in every language, for the calendar year."""
    return {"template": "insights/public_transparency.html", "report": transparency.year_of(hub, year)}
