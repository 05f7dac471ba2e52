from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ListeningConfig(AppConfig):
    name = "listening"
    label = "listening"
    verbose_name = _("Listening")

    def ready(self):
        from listening import signals, workflow

        workflow.feedback_changed.connect(signals.on_feedback_changed, dispatch_uid="notify_feedback_author")
