"""E-mails about comments: the confirmation request and follow-up notifications.

Each function sends one kind of message and is called from a background task
(``moderation.tasks``), so a slow or broken mail server never delays a visitor.
"""

import smtplib

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from moderation.models import Comment

# What a mail server that is down, unreachable or refusing raises.
MAIL_ERRORS = (smtplib.SMTPException, OSError)


def send_confirmation_request(*, email, name, story_title, confirm_url, language):
    with translation.override(language):
        context = {
            "name": name,
            "story_title": story_title,
            "confirm_url": confirm_url,  # the address the visitor used, so the link works where they are
            "site_name": settings.WAGTAIL_SITE_NAME,
        }
        send_mail(
            _("Please confirm your comment on “%(title)s”") % {"title": story_title},
            render_to_string("moderation/email/confirm_comment.txt", context),
            settings.DEFAULT_FROM_EMAIL,
            [email],
        )


MUTE_SALT = "townsquare.comments.mute"


def mute_key(email, page_id):
    """A signed, URL-safe key that turns off follow-up e-mails for ``email`` on one story."""
    return signing.dumps({"e": email.lower(), "p": page_id}, salt=MUTE_SALT, compress=True)


def read_mute_key(key):
    """Return (email, page_id) from a mute key; raise ``signing.BadSignature`` when forged."""
    data = signing.loads(key, salt=MUTE_SALT)
    return data["e"], data["p"]


def thread_followers(comment):
    """Earlier commenters in ``comment``'s thread who asked to hear about replies: {email: their comment}."""
    followers = {}
    earlier = (
        Comment.objects.filter(thread_id=comment.thread_id, followup=True, state=Comment.State.PUBLISHED)
        .exclude(user_email__iexact=comment.user_email)
        .exclude(user_email="")
        .order_by("submit_date")
    )
    for follower in earlier:
        followers.setdefault(follower.user_email.lower(), follower)
    return followers


def notify_followers(comment, only=None):
    """E-mail every follower of ``comment``'s thread about it, each with a one-click mute link.

    ``only``: the addresses to write to (a retry after some failed); default every follower.
    Returns (addresses sent to, {address: error} for those that failed). A failure to reach
    the mail server stops nobody else's message from being tried."""
    story = comment.page.specific
    sent, failed = [], {}
    wanted = {address.lower() for address in only} if only is not None else None
    for address, follower in thread_followers(comment).items():
        if wanted is not None and address not in wanted:
            continue
        key = mute_key(follower.user_email, comment.page_id)
        with translation.override(comment.language or settings.LANGUAGE_CODE):
            context = {
                "name": follower.user_name,
                "comment": comment,
                "story_title": story.title,
                "comment_url": settings.WAGTAILADMIN_BASE_URL + comment.get_absolute_url(),
                "mute_url": settings.WAGTAILADMIN_BASE_URL + reverse("comment-mute", args=[key]),
                "site_name": settings.WAGTAIL_SITE_NAME,
            }
            try:
                send_mail(
                    _("New reply on “%(title)s”") % {"title": story.title},
                    render_to_string("moderation/email/followup.txt", context),
                    settings.DEFAULT_FROM_EMAIL,
                    [follower.user_email],
                )
            except MAIL_ERRORS as error:
                failed[address] = error
                continue
        sent.append(address)
    return sent, failed
