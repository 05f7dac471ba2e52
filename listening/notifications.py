"""The e-mail telling a commenter what became of their feedback (sent from ``listening.tasks``)."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from listening.models import FeedbackItem


def send_status_changed(item, status):
    """E-mail the comment's author, in the comment's language, about ``item`` now being ``status``.

    Returns False when the comment has no address to write to. Mail server errors propagate
    (``moderation.notifications.MAIL_ERRORS``): the task retries them."""
    comment = item.comment
    if not comment.user_email:
        return False
    story = comment.page.specific if comment.page_id else None
    story_title = story.title if story is not None else ""
    with translation.override(comment.language or settings.LANGUAGE_CODE):
        status_label = str(FeedbackItem.Status(status).label)
        context = {
            "name": comment.user_name,
            "story_title": story_title,
            "status_label": status_label,
            "response": item.public_response,
            "comment_url": settings.WAGTAILADMIN_BASE_URL + comment.get_absolute_url(),
            "site_name": settings.WAGTAIL_SITE_NAME,
        }
        send_mail(
            _("Your comment on “%(title)s”: %(status)s") % {"title": story_title, "status": status_label},
            render_to_string("listening/email/status_changed.txt", context),
            settings.DEFAULT_FROM_EMAIL,
            [comment.user_email],
        )
    return True
