"""The "Your work" panel on the Wagtail dashboard: each moderator's questions nearing their
deadline and the feedback assigned to them. Two queries, whatever the number of comments."""

from django.urls import reverse
from wagtail.admin.ui.components import Component

from listening.models import FeedbackItem
from moderation.permissions import can_moderate_anything
from moderation.response_times import nearing_deadline, time_left

NEARING_HOURS = 4
LIMIT = 10


class YourWorkPanel(Component):
    name = "your_work"
    order = 40  # above the hubs' queue counts
    template_name = "listening/dashboard_panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        user = self.request.user
        questions = [
            {"comment": comment, "time_left": time_left(comment.respond_by)}
            for comment in nearing_deadline(user, within_hours=NEARING_HOURS, limit=LIMIT)
        ]
        feedback = list(
            FeedbackItem.objects.filter(assignee=user)
            .exclude(status__in=[FeedbackItem.Status.DONE, FeedbackItem.Status.DECLINED])
            .select_related("comment", "hub")
            .order_by("status_changed_at", "pk")[:LIMIT]
        )
        return {
            "questions": questions,
            "feedback": feedback,
            "nearing_hours": NEARING_HOURS,
            "needs_response_url": reverse("moderation-needs-response:index"),
            "feedback_url": reverse("feedback:index") + "?assignee=me",
        }


def add_your_work_panel(request, panels):
    if can_moderate_anything(request.user):
        panels.append(YourWorkPanel(request))
