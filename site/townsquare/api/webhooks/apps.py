"""Outgoing webhooks: a hub's registered URLs told of its comments and feedback, signed and retried."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    """Webhooks: registrations per hub, signed deliveries on the task queue, the delivery log."""

    name = "townsquare.api.webhooks"
    label = "webhooks"
    verbose_name = _("Webhooks")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from listening.workflow import feedback_changed
        from moderation.lifecycle import comments_changed
        from townsquare.api.webhooks import dispatch
        from townsquare.api.webhooks.models import Webhook

        comments_changed.connect(dispatch.on_comments_changed, dispatch_uid="webhooks-comments")
        feedback_changed.connect(dispatch.on_feedback_changed, dispatch_uid="webhooks-feedback")
        post_save.connect(dispatch.forget_listening_hubs, sender=Webhook, dispatch_uid="webhooks-saved")
        post_delete.connect(dispatch.forget_listening_hubs, sender=Webhook, dispatch_uid="webhooks-deleted")
