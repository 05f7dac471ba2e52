"""Webhooks a hub owner registers, the deliveries made to them and each attempt of a delivery.

A delivery keeps the exact body it sends until it is finished (delivered, given up, refused,
cancelled); then the body is dropped, as it names the comment's author, and only the record of
what happened stays in the log (deleted after ``conf.LOG_RETENTION``).
"""

import secrets
import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Event(models.TextChoices):
    """What a webhook can be told about; the value is the ``event`` of the payload and the
    ``Townsquare-Event`` header."""

    COMMENT_HELD = "comment.held", _("Comment held for review")
    COMMENT_PUBLISHED = "comment.published", _("Comment published")
    QUESTION_OVERDUE = "question.overdue", _("Question unanswered past its answer target")
    FEEDBACK_STATUS_CHANGED = "feedback.status_changed", _("Feedback status changed")


def new_secret():
    """A fresh signing secret: 32 random bytes, URL-safe text."""
    return secrets.token_urlsafe(32)


class Webhook(models.Model):
    # Its hub's pages are no "usage" of the webhook worth listing (nor the other way round).
    wagtail_reference_index_ignore = True

    hub = models.ForeignKey(
        "communities.CommunityHubPage", verbose_name=_("hub"), on_delete=models.CASCADE, related_name="webhooks"
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("What receives the events, e.g. “CRM”."))
    url = models.URLField(
        _("URL"),
        max_length=500,
        help_text=_("Where the events are sent: an http or https address on the public internet."),
    )
    events = models.JSONField(pgettext_lazy("webhook", "events"), default=list)
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive webhooks receive nothing; their pending deliveries stop.")
    )
    secret = models.CharField(_("signing secret"), max_length=100, default=new_secret, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Deliveries given up in a row (reset by any success): at conf.DEACTIVATE_AFTER the webhook is switched off.
    failures = models.PositiveIntegerField(_("failures in a row"), default=0, editable=False)
    deactivated_reason = models.CharField(_("why it was switched off"), max_length=200, blank=True, editable=False)

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")
        ordering = ["hub__title", "name", "pk"]

    def __str__(self):
        return self.name

    def wants(self, event):
        return self.is_active and event in self.events

    def get_events_display(self):
        labels = dict(Event.choices)
        return ", ".join(str(labels[event]) for event in self.events if event in labels)


class Delivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")
        REFUSED = "refused", _("Refused address")
        CANCELLED = "cancelled", _("Cancelled")

    webhook = models.ForeignKey(
        Webhook, verbose_name=_("webhook"), on_delete=models.CASCADE, related_name="deliveries"
    )
    # The ``Townsquare-Delivery`` header: the same on every attempt, so that a receiver can
    # ignore a delivery it already handled.
    uuid = models.UUIDField(_("delivery id"), default=uuid.uuid4, unique=True, editable=False)
    # The payload's ``id``: the same for every webhook told of the same event.
    event_id = models.UUIDField(_("event id"), editable=False)
    event = models.CharField(pgettext_lazy("webhook", "event"), max_length=40, choices=Event.choices)
    occurred_at = models.DateTimeField(_("occurred at"))
    body = models.TextField(_("body"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    response_status = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    # Set while an attempt is under way (``delivery.attempt``): no second worker takes it meanwhile.
    claimed_until = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        indexes = [
            # The sweep: pending deliveries whose next attempt is due.
            models.Index(fields=["status", "next_attempt_at"], name="webhook_delivery_due_idx"),
            # The delivery log of one webhook, newest first.
            models.Index(fields=["webhook", "-occurred_at"], name="webhook_delivery_log_idx"),
        ]

    def __str__(self):
        return f"{self.event} {self.uuid}"

    @property
    def is_finished(self):
        return self.status != self.Status.PENDING


class DeliveryAttempt(models.Model):
    """One try of a delivery: what the receiver answered, or why nothing was sent."""

    delivery = models.ForeignKey(
        Delivery, verbose_name=_("delivery"), on_delete=models.CASCADE, related_name="attempt_log"
    )
    number = models.PositiveSmallIntegerField(_("attempt"))
    attempted_at = models.DateTimeField(_("attempted at"))
    response_status = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)

    class Meta:
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")
        ordering = ["delivery", "number"]
        constraints = [
            models.UniqueConstraint(fields=["delivery", "number"], name="webhook_attempt_once"),
        ]

    def __str__(self):
        return f"{self.delivery_id} #{self.number}"


class OverdueQuestion(models.Model):
    """A question announced as unanswered past its deadline: announced once per deadline."""

    comment = models.ForeignKey("moderation.Comment", on_delete=models.CASCADE, related_name="+")
    respond_by = models.DateTimeField()
    announced_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "respond_by"], name="webhook_overdue_once"),
        ]

    def __str__(self):
        return f"{self.comment_id} past {self.respond_by}"
