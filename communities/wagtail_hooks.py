"""Registers the communities app with the Wagtail admin. Logic lives elsewhere."""

from django.urls import include, path
from wagtail import hooks

from communities import publish_together


@hooks.register("register_admin_urls")
def register_publish_together_urls():
    return [path("translations/", include(publish_together.urlpatterns))]


@hooks.register("register_page_action_menu_item")
def register_publish_together_menu_item():
    return publish_together.PublishWithTranslationsMenuItem(order=25)
