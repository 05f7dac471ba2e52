"""Search: index documents, indexing, the query service, the search pages and the database fallback."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    label = "townsquare_search"
    verbose_name = _("Search")

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Page
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from communities.topics import Topic
        from moderation.lifecycle import comments_changed
        from moderation.models import Comment
        from search import indexing

        page_published.connect(indexing.on_page_changed, dispatch_uid="search-page-published")
        page_unpublished.connect(indexing.on_page_changed, dispatch_uid="search-page-unpublished")
        post_page_move.connect(indexing.on_page_changed, dispatch_uid="search-page-moved")
        post_delete.connect(indexing.on_page_deleted, sender=Page, dispatch_uid="search-page-deleted")
        post_delete.connect(indexing.on_comment_deleted, sender=Comment, dispatch_uid="search-comment-deleted")
        comments_changed.connect(indexing.on_comments_changed, dispatch_uid="search-comment-state")
        post_save.connect(indexing.on_topic_changed, sender=Topic, dispatch_uid="search-topic-saved")
        post_delete.connect(indexing.on_topic_changed, sender=Topic, dispatch_uid="search-topic-deleted")
