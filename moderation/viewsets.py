"""The Moderation menu: one ViewSet per queue (a Wagtail listing each), plus the log, word lists
and block list."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from moderation import appeal_views, commenter_views, notice_views, views
from moderation.admin_access import forbidden_as_403
from moderation.models import BlockedCommenter, WordList
from moderation.permissions import can_moderate_anything
from moderation.queue_views import ModerationLogIndexView, QueueIndexView, story_suggestions
from moderation.queues import QUEUES, queue_counts


class QueueMenuItem(MenuItem):
    """A queue in the menu, with the number of comments waiting in it; shown to moderators only."""

    def __init__(self, *args, queue=None, **kwargs):
        self.queue = queue
        super().__init__(*args, **kwargs)

    def is_shown(self, request):
        return can_moderate_anything(request.user)

    def render_component(self, request):
        component = super().render_component(request)
        if self.queue.counted:
            count = queue_counts(request).get(self.queue.slug, 0)
            component.label = f"{self.queue.label} ({count})"
        return component


class QueueViewSet(ViewSet):
    """A queue's listing and the results fragment Wagtail's search and filters fetch.

    Both URLs carry the queue's slug as ``queue``: a bulk action's "select all in listing"
    finds the queue from the page it was started on."""

    def __init__(self, queue):
        self.queue = queue
        super().__init__(name=f"moderation-{queue.slug}")
        self.icon = queue.icon
        self.menu_label = queue.label

    @property
    def url_prefix(self):
        return f"moderation/{self.queue.slug}"

    def get_urlpatterns(self):
        options = {
            "queue": self.queue,
            "index_url_name": self.get_url_name("index"),
            "index_results_url_name": self.get_url_name("index_results"),
        }
        index = forbidden_as_403(QueueIndexView.as_view(**options))
        results = forbidden_as_403(QueueIndexView.as_view(results_only=True, **options))
        kwargs = {"queue": self.queue.slug}
        return [
            path("", index, kwargs, name="index"),
            path("results/", results, kwargs, name="index_results"),
        ]

    def get_menu_item(self, order=None):
        return QueueMenuItem(
            self.menu_label, self.menu_url, name=self.name, icon_name=self.icon, order=order or 100, queue=self.queue
        )


class ModeratorOnlyMenuItem(MenuItem):
    """A menu item shown to moderators and hub owners only (the views check again)."""

    def is_shown(self, request):
        return can_moderate_anything(request.user)


class ModerationLogViewSet(ViewSet):
    """Comment actions (no menu entry) and the site-wide moderation log."""

    name = "moderation"
    icon = "history"
    menu_label = _("Moderation log")

    def get_urlpatterns(self):
        options = {
            "index_url_name": self.get_url_name("log"),
            "index_results_url_name": self.get_url_name("log_results"),
        }
        return [
            path("log/", forbidden_as_403(ModerationLogIndexView.as_view(**options)), name="log"),
            path(
                "log/results/",
                forbidden_as_403(ModerationLogIndexView.as_view(results_only=True, **options)),
                name="log_results",
            ),
            path("stories/", story_suggestions, name="stories"),
            path("<int:pk>/", views.history_view, name="history"),
            path("commenter/<int:pk>/", commenter_views.commenter_view, name="commenter"),
            path("<int:pk>/<slug:action>/", views.comment_action, name="action"),
            path("erase/", views.erase_view, name="erase"),
            path("appeals/<int:pk>/", appeal_views.appeal_view, name="appeal"),
            path("notices/<int:pk>/", notice_views.notice_view, name="notice"),
        ]

    def get_menu_item(self, order=None):
        return ModeratorOnlyMenuItem(
            self.menu_label, self.menu_url, name="moderation-log", icon_name=self.icon, order=order or 900
        )


class CaseListingViewSet(ViewSet):
    """A listing of cases about comments (appeals, notices) for moderators, each case opened on
    its own page (a ``moderation:`` route)."""

    index_view_class = None

    def get_urlpatterns(self):
        options = {
            "index_url_name": self.get_url_name("index"),
            "index_results_url_name": self.get_url_name("index_results"),
        }
        return [
            path("", forbidden_as_403(self.index_view_class.as_view(**options)), name="index"),
            path(
                "results/",
                forbidden_as_403(self.index_view_class.as_view(results_only=True, **options)),
                name="index_results",
            ),
        ]

    def get_menu_item(self, order=None):
        return ModeratorOnlyMenuItem(self.menu_label, self.menu_url, name=self.name, icon_name=self.icon, order=order)


class AppealViewSet(CaseListingViewSet):
    """The Appeals queue: commenters' appeals of decisions, decided by another moderator."""

    name = "moderation-appeals"
    url_prefix = "moderation/appeals"
    icon = "resubmit"
    menu_label = _("Appeals")
    index_view_class = appeal_views.AppealIndexView


class NoticeViewSet(CaseListingViewSet):
    """The Illegal content queue: notices of illegal content, each with its deadline."""

    name = "moderation-notices"
    url_prefix = "moderation/notices"
    icon = "warning"
    menu_label = _("Illegal content")
    index_view_class = notice_views.NoticeIndexView


class WordListViewSet(ModelViewSet):
    model = WordList
    icon = "list-ul"
    menu_label = _("Word lists")
    name = "word-lists"
    list_display = ["name", "language", "action", "hub"]
    list_filter = ["language", "action"]
    form_fields = ["name", "language", "action", "hub", "words"]
    search_fields = ["name", "words"]


class BlockedCommenterViewSet(ModelViewSet):
    model = BlockedCommenter
    icon = "lock"
    menu_label = _("Blocked commenters")
    name = "blocked-commenters"
    list_display = ["label", "reason", "blocked_by", "created_at"]
    form_fields = ["label", "reason"]
    add_to_admin_menu = False


class ModerationViewSetGroup(ViewSetGroup):
    menu_label = _("Moderation")
    menu_icon = "comment"
    menu_order = 150
    items = (
        *(QueueViewSet(queue) for queue in QUEUES.values()),
        AppealViewSet,
        NoticeViewSet,
        ModerationLogViewSet,
        WordListViewSet,
        BlockedCommenterViewSet,
    )
