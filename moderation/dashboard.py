"""The moderation panel on the Wagtail dashboard: queue counts per hub, age of the oldest pending,
whether the hub's team is there (``moderation.coverage``) and which hubs nobody moderates."""

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, Min, OuterRef, Q
from django.utils import timezone
from wagtail.admin.ui.components import Component

from communities.models import CommunityHubPage
from moderation.coverage import coverage
from moderation.models import Comment
from moderation.permissions import can_moderate_anything, moderated_hub_ids, scope_comments
from moderation.queues import QUEUES


def staffed():
    """True for a hub whose moderators or owners group has an active member (a subquery)."""
    team = Q(groups=OuterRef("moderators_group_id")) | Q(groups=OuterRef("owners_group_id"))
    return Exists(get_user_model().objects.filter(team, is_active=True))


class ModerationPanel(Component):
    name = "moderation"
    order = 50
    template_name = "moderation/dashboard_panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        pending, reported, needs = (QUEUES[s].condition for s in ("pending", "reported", "needs-response"))
        rows = list(
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
        # The hubs of the rows and the unstaffed hubs with comments open, with their settings: one query.
        scope = moderated_hub_ids(self.request.user)
        hubs = CommunityHubPage.objects.annotate(staffed=staffed()).filter(
            Q(pk__in=[row["hub_id"] for row in rows]) | Q(comments_open=True, staffed=False)
        )
        if scope is not None:
            hubs = hubs.filter(pk__in=scope)
        hubs = {hub.pk: hub for hub in hubs.order_by("title")}
        now = timezone.now()
        table = []
        for row in rows:
            hub = hubs.get(row["hub_id"])
            table.append(
                {
                    **row,
                    "waiting": now - row["oldest_pending"] if row["oldest_pending"] else None,
                    "unstaffed": hub is not None and not hub.staffed,
                    "coverage": coverage(hub, now, oldest=row["oldest_pending"]) if hub is not None else None,
                }
            )
        listed = {row["hub_id"] for row in rows}
        unstaffed = [hub for pk, hub in hubs.items() if pk not in listed and not hub.staffed]
        urls = {slug.replace("-", "_"): QUEUES[slug].url for slug in ("pending", "reported", "needs-response")}
        return {"hubs": table, "unstaffed_hubs": unstaffed, "queues": urls}


def add_moderation_panel(request, panels):
    if can_moderate_anything(request.user):
        panels.append(ModerationPanel(request))
