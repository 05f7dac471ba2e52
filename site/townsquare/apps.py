from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TownsquareConfig(AppConfig):
    """The project itself: base templates, static assets, health check, demo content."""

    name = "townsquare"
    verbose_name = _("Townsquare site")

    def ready(self):
        from django.db.models.signals import post_delete
        from wagtail.models import Page
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from moderation.lifecycle import comment_state_changed
        from townsquare import cache

        for signal in (page_published, page_unpublished, post_page_move, comment_state_changed):
            signal.connect(cache.invalidate, dispatch_uid=f"page-cache-{id(signal)}")
        post_delete.connect(cache.invalidate, sender=Page, dispatch_uid="page-cache-delete")
