"""Events in the Wagtail admin: the attendees' list (``events.admin_views``)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet

from events import admin_views


class AttendeesMenuItem(MenuItem):
    """Shown to people who may edit pages (a hub's team), from the permissions Wagtail has already
    read for the request: no query."""

    def is_shown(self, request):
        return admin_views.may_see_sign_ups(request.user)


class AttendeeViewSet(ViewSet):
    name = "event_attendees"
    url_prefix = "events/sign-ups"
    icon = "date"
    menu_label = _("Event sign-ups")
    add_to_admin_menu = True
    menu_order = 220

    def get_urlpatterns(self):
        options = {
            "index_url_name": self.get_url_name("index"),
            "index_results_url_name": self.get_url_name("index_results"),
        }
        return [
            path("", admin_views.AttendeeIndexView.as_view(**options), name="index"),
            path(
                "results/", admin_views.AttendeeIndexView.as_view(results_only=True, **options), name="index_results"
            ),
            path("<int:pk>/check-in/", admin_views.check_in, name="check_in"),
        ]

    def get_menu_item(self, order=None):
        return AttendeesMenuItem(
            self.menu_label, self.menu_url, name=self.name, icon_name=self.icon, order=order or 220
        )


@hooks.register("register_admin_viewset")
def register_attendee_viewset():
    return AttendeeViewSet()
