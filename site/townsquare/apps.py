from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TownsquareConfig(AppConfig):
    """The project itself: base templates, static assets, health check, demo content."""

    name = "townsquare"
    verbose_name = _("Townsquare site")
