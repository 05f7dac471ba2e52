from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The API: moderators' personal tokens, the comments and moderation endpoints, the schema."""

    name = "townsquare.api"
    label = "api"
    verbose_name = _("API")

    def ready(self):
        from townsquare.api import schema  # noqa: F401 - registers the token's description for the schema
