from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TownsquareConfig(AppConfig):
    """The project itself: base templates, static assets, health check, demo content."""

    name = "townsquare"
    verbose_name = _("Townsquare site")

    def ready(self):
        from django.conf import settings
        from django.db.models.signals import pre_delete
        from wagtail.models import Page
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from listening.workflow import feedback_changed
        from moderation.lifecycle import comments_changed
        from townsquare import cache, shared_state

        if settings.REQUIRE_SHARED_CACHE:
            shared_state.check_cache_is_shared()

        # Each change purges the pages it affects (see townsquare/cache.py); Wagtail's frontend
        # cache purges a page published or unpublished itself.
        page_published.connect(cache.purge_around_published_page, dispatch_uid="page-cache-published")
        page_unpublished.connect(cache.purge_around_published_page, dispatch_uid="page-cache-unpublished")
        post_page_move.connect(cache.purge_around_moved_page, dispatch_uid="page-cache-moved")
        pre_delete.connect(cache.purge_around_deleted_pages, sender=Page, dispatch_uid="page-cache-deleted")
        comments_changed.connect(cache.purge_for_comments, dispatch_uid="page-cache-comments")
        feedback_changed.connect(cache.purge_for_feedback, dispatch_uid="page-cache-feedback")
