"""Registers the communities app with the Wagtail admin. Logic lives elsewhere."""

from django.urls import include, path
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from communities import explorer, publish_together, translation_rights
from communities.viewsets import TopicViewSet

register_snippet(TopicViewSet)


@hooks.register("register_admin_urls")
def register_publish_together_urls():
    return [path("translations/", include(publish_together.urlpatterns))]


@hooks.register("register_admin_urls", order=-1)  # before wagtail-localize's own, at the same addresses
def register_translation_rights_urls():
    return translation_rights.urlpatterns


@hooks.register("register_page_action_menu_item")
def register_publish_together_menu_item():
    return publish_together.PublishWithTranslationsMenuItem(order=25)


@hooks.register("register_page_action_menu_item")
def register_submit_together_menu_item():
    return publish_together.SubmitWithTranslationsMenuItem(order=26)


@hooks.register("construct_main_menu")
def open_explorer_on_my_hubs(request, menu_items):
    explorer.open_explorer_on_my_hubs(request, menu_items)
