"""The Feedback screen in the admin menu (a Wagtail listing and the results fragment its filters
fetch), and the URLs of the changes to a feedback item."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.base import ViewSet

from listening import views
from moderation.admin_access import forbidden_as_403
from moderation.viewsets import ModeratorOnlyMenuItem


class FeedbackViewSet(ViewSet):
    name = "feedback"
    icon = "clipboard-list"
    menu_label = _("Feedback")
    menu_order = 160
    add_to_admin_menu = True

    def get_urlpatterns(self):
        options = {
            "index_url_name": self.get_url_name("index"),
            "index_results_url_name": self.get_url_name("index_results"),
        }
        return [
            path("", forbidden_as_403(views.FeedbackIndexView.as_view(**options)), name="index"),
            path(
                "results/",
                forbidden_as_403(views.FeedbackIndexView.as_view(results_only=True, **options)),
                name="index_results",
            ),
            path("<int:comment_pk>/mark/", views.mark_view, name="mark"),
            path("<int:item_pk>/status/", views.status_view, name="status"),
            path("<int:item_pk>/assign/", views.assign_view, name="assign"),
            path("<int:item_pk>/respond/", views.respond_view, name="respond"),
        ]

    def get_menu_item(self, order=None):
        return ModeratorOnlyMenuItem(
            self.menu_label, self.menu_url, name="feedback", icon_name=self.icon, order=order or self.menu_order
        )
