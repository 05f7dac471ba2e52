"""Feedback items: a published comment marked as feedback, an idea, a question or a complaint,
routed to a team or a person and followed from "new" to "done" or "declined".

Changes go through ``listening.workflow``, never through saving an item directly: it checks
the order of statuses, writes the audit entry on the comment and tells the commenter.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# Public responses are plain text shown under the comment; longer ones are refused, never cut.
MAX_RESPONSE_LENGTH = 2000


class FeedbackItem(models.Model):
    class Kind(models.TextChoices):
        FEEDBACK = "feedback", _("Feedback")
        IDEA = "idea", _("Idea")
        QUESTION = "question", _("Question")
        COMPLAINT = "complaint", _("Complaint")

    class Status(models.TextChoices):
        NEW = "new", _("New")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        PLANNED = "planned", _("Planned")
        DONE = "done", _("Done")
        DECLINED = "declined", _("Declined")

    comment = models.OneToOneField(
        "moderation.Comment", verbose_name=_("comment"), on_delete=models.CASCADE, related_name="feedback"
    )
    # The comment's hub, copied here so that listings and insights filter by hub with an index.
    hub = models.ForeignKey(
        "communities.CommunityHubPage",
        verbose_name=_("hub"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback_items",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.NEW)
    team = models.ForeignKey(
        "auth.Group", verbose_name=_("team"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_feedback",
    )
    public_response = models.TextField(_("public response"), blank=True, max_length=MAX_RESPONSE_LENGTH)
    # Who wrote the public response (not a deadline: a comment's ``respond_by`` is one).
    public_response_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("public response by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status_changed_at = models.DateTimeField(_("status changed at"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("feedback item")
        verbose_name_plural = _("feedback items")
        indexes = [
            models.Index(fields=["hub", "status"], name="feedback_hub_status_idx"),
            models.Index(fields=["assignee", "status"], name="feedback_assignee_status_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: comment {self.comment_id}"

    @property
    def is_shown_publicly(self):
        """Whether the story page shows this item's status or response under the comment."""
        return bool(self.public_response) or self.status != self.Status.NEW
