from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    """Webhooks: registrations per hub, signed deliveries on the task queue, the delivery log."""

    name = "townsquare.api.webhooks"
    label = "webhooks"
    verbose_name = _("Webhooks")
