from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "moderation"
    label = "moderation"
    verbose_name = _("Moderation")

    def ready(self):
        from moderation import lifecycle, signals

        lifecycle.comment_state_changed.connect(signals.on_comment_state_changed, dispatch_uid="notify_followers")
        lifecycle.comment_state_changed.connect(signals.on_comment_held, dispatch_uid="moderator_digest")
