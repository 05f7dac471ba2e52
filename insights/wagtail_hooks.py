"""Registers the insights page with the Wagtail admin: its URLs and a menu item for moderators."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from insights import views
from moderation.viewsets import ModeratorOnlyMenuItem


@hooks.register("register_admin_urls")
def register_insights_urls():
    return [
        path("insights/", views.insights_view, name="insights"),
        path("insights/export/<slug:slug>.csv", views.export_view, name="insights-export"),
    ]


@hooks.register("register_admin_menu_item")
def register_insights_menu_item():
    return ModeratorOnlyMenuItem(_("Insights"), reverse("insights"), name="insights", icon_name="table", order=950)
