from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FederationConfig(AppConfig):
    """ActivityPub: hubs followed from the fediverse (docs/federation.md)."""

    name = "federation"
    verbose_name = _("Fediverse")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from federation import signals

        signals.connect()
