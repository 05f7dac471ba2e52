"""The e-mail telling a commenter what became of their feedback (sent from ``listening.tasks``)."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from listening.models import FeedbackItem
from moderation.notifications import send_notification
from townsquare.mail import header_safe


def send_status_changed(item, status):
    """E-mail the comment's author, in the comment's language, about ``item`` now being ``status``.

    Through ``moderation.notifications.send_notification`` (unsubscribe headers and footer).
    Returns False when the comment has no address to write to, or the address stopped all
    e-mails. Mail server errors propagate
    (``moderation.notifications.MAIL_ERRORS``): the task retries them."""
    comment = item.comment
    if not comment.user_email:
        return False
    story = comment.page.specific if comment.page_id else None
    story_title = story.title if story is not None else ""
    with translation.override(comment.language or settings.LANGUAGE_CODE):
        status_label = str(FeedbackItem.Status(status).label)
        context = {
            "name": header_safe(comment.user_name),
            "story_title": story_title,
            "status_label": status_label,
            "response": item.public_response,
            "comment_url": settings.WAGTAILADMIN_BASE_URL + comment.get_absolute_url(),
            "site_name": settings.WAGTAIL_SITE_NAME,
        }
        return send_notification(
            subject=_("Your comment on “%(title)s”: %(status)s") % {"title": story_title, "status": status_label},
            body=render_to_string("listening/email/status_changed.txt", context),
            to=comment.user_email,
        )
