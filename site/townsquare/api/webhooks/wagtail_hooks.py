"""Registers webhooks with the Wagtail admin. Logic lives in views, viewsets and the policy."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from townsquare.api.webhooks.models import Webhook
from townsquare.api.webhooks.permissions import webhook_permission_policy
from townsquare.api.webhooks.viewsets import WebhookViewSet

# Before the viewset is registered: it would make a plain model policy otherwise.
register_permission_policy(Webhook, webhook_permission_policy)

LOG_ACTIONS = {
    "townsquare_webhook.secret_rotated": (_("Make a new signing secret"), _("New signing secret made")),
    "townsquare_webhook.switched_off": (_("Switch off a webhook"), _("Webhook switched off after failed deliveries")),
}


@hooks.register("register_admin_viewset")
def register_webhook_viewset():
    return WebhookViewSet()


@hooks.register("register_log_actions")
def register_webhook_log_actions(actions):
    for action, (label, message) in LOG_ACTIONS.items():
        actions.register_action(action, label, message)
