"""The moderation panel on the Wagtail dashboard: queue counts per hub, age of the oldest pending."""

from django.db.models import Count, Min
from django.utils import timezone
from wagtail.admin.ui.components import Component

from moderation.models import Comment
from moderation.permissions import can_moderate_anything, scope_comments
from moderation.queues import QUEUES


class ModerationPanel(Component):
    name = "moderation"
    order = 50
    template_name = "moderation/dashboard_panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        pending, reported, needs = (QUEUES[s].condition for s in ("pending", "reported", "needs-response"))
        rows = (
            # Only the comments waiting in a queue, found through the queues' indexes, and only this
            # table's columns: counting every comment of the hubs took seconds at a million.
            scope_comments(Comment.objects.filter(pending | reported | needs), self.request.user)
            .values("hub_id", "hub__title")
            .annotate(
                pending=Count("pk", filter=pending),
                reported=Count("pk", filter=reported),
                needs_response=Count("pk", filter=needs),
                oldest_pending=Min("submitted_at", filter=pending),
            )
            .order_by("hub__title")
        )
        now = timezone.now()
        hubs = [{**row, "waiting": now - row["oldest_pending"] if row["oldest_pending"] else None} for row in rows]
        urls = {slug.replace("-", "_"): QUEUES[slug].url for slug in ("pending", "reported", "needs-response")}
        return {"hubs": hubs, "queues": urls}


def add_moderation_panel(request, panels):
    if can_moderate_anything(request.user):
        panels.append(ModerationPanel(request))
