"""The "Write a story" panel on the Wagtail dashboard: one button per hub the user may write in,
so an employee starts where their stories go rather than in the page tree. Their drafts and what
waits for their review are Wagtail's own panels ("Your most recent edits", "Awaiting your review")."""

from django.urls import reverse
from wagtail.admin.ui.components import Component
from wagtail.models import Locale
from wagtail.permission_policies.pages import PagePermissionPolicy

from communities.models import CommunityHubPage


def writable_hubs(user):
    """The hubs ``user`` may add a story to, one per hub: its version in the site's default
    language, or its only version for a hub that exists in one language (a local hub)."""
    addable = PagePermissionPolicy().instances_user_has_permission_for(user, "add")
    hubs = CommunityHubPage.objects.filter(pk__in=addable.values("pk")).select_related("locale").order_by("title")
    default = Locale.get_default().pk
    by_key = {}
    for hub in hubs:
        if hub.translation_key not in by_key or hub.locale_id == default:
            by_key[hub.translation_key] = hub
    return sorted(by_key.values(), key=lambda hub: hub.title.casefold())


class WriteStoryPanel(Component):
    name = "write_story"
    order = 20  # first: what an employee comes to do
    template_name = "stories/admin/write_story_panel.html"

    def __init__(self, hubs):
        self.hubs = hubs

    def get_context_data(self, parent_context):
        default = Locale.get_default().pk
        return {
            "hubs": [
                {
                    "hub": hub,
                    "add_url": reverse("wagtailadmin_pages:add", args=("stories", "storypage", hub.pk)),
                    "language": hub.locale.get_display_name() if hub.locale_id != default else "",
                }
                for hub in self.hubs
            ]
        }


def add_write_story_panel(request, panels):
    hubs = writable_hubs(request.user)
    if hubs:
        panels.append(WriteStoryPanel(hubs))
