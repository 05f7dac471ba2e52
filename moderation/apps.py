from django.apps import AppConfig, apps
from django.conf import settings
from django.db.models.signals import pre_save
from django.utils.translation import gettext_lazy as _


def _disconnect_xtd_cascade():
    """Take django-comments-xtd's ``pre_save`` cascade off our comment model.

    On every save of an existing comment it rewrites ``is_public`` on all its replies (two
    queries per level) and shifts ``nested_count`` up the thread, whatever changed. Here
    ``moderation.lifecycle`` owns visibility: hiding a comment hides its published replies and
    remembers them, so that publishing it again restores exactly those.
    """
    from django_comments_xtd.models import publish_or_unpublish_on_pre_save

    from moderation.models import Comment

    pre_save.disconnect(publish_or_unpublish_on_pre_save, sender=Comment)


class ModerationConfig(AppConfig):
    name = "moderation"
    label = "moderation"
    verbose_name = _("Moderation")

    def ready(self):
        # checks registers its system checks, response_times its receiver of page_published (a
        # hub's targets), on import.
        from moderation import checks, lifecycle, policy, response_times, signals  # noqa: F401

        if getattr(settings, "PRELOAD_PROFANITY_MODEL", False):
            policy.profanity_model()

        lifecycle.comment_state_changed.connect(signals.on_comment_state_changed, dispatch_uid="notify_followers")
        lifecycle.comment_state_changed.connect(signals.on_comment_held, dispatch_uid="moderator_digest")
        lifecycle.comment_state_changed.connect(signals.on_comment_decided, dispatch_uid="decision_notice")
        from wagtail.signals import page_published

        from communities.models import CommunityHubPage
        from moderation.decisions import forget_reason_labels

        page_published.connect(forget_reason_labels, sender=CommunityHubPage, dispatch_uid="reason_labels")

        # xtd connects its cascade in its own ready(), which runs after this one when this app is
        # listed first: disconnect it now and again right after xtd's ready().
        _disconnect_xtd_cascade()
        xtd_config = apps.get_app_config("django_comments_xtd")
        xtd_ready = xtd_config.ready

        def ready_without_cascade():
            xtd_ready()
            _disconnect_xtd_cascade()

        xtd_config.ready = ready_without_cascade
