"""Template tags of the public discussion."""

import json

from django import template
from django.utils.translation import gettext, pgettext

from moderation.discussion.printing import CommentPrinter

register = template.Library()


@register.simple_tag(takes_context=True)
def print_comments(context, threads=None, thread=None, replies=None, show_all=False):
    """The rows that ``moderation/discussion/comments.html`` prints (``printing.CommentPrinter``):
    whole ``threads`` (or one ``thread``), or ``replies`` on their own; with the labels they share."""
    if thread is not None:
        threads = [thread]
    request = context.get("request")
    user = getattr(request, "user", None)
    printer = CommentPrinter(
        context["story"],
        user_id=user.pk if user is not None and user.is_authenticated else None,
        comments_open=context.get("comments_open", False),
        max_reply_depth=context.get("max_reply_depth", 0),
    )
    rows = printer.thread_rows(threads, show_all=show_all) if threads is not None else printer.reply_rows(replies)
    return {"rows": rows, "labels": printer.labels}


@register.simple_tag
def altcha_strings():
    """The words of the comment form's ALTCHA widget, in the active language (its ``strings``
    attribute, as JSON; the template escapes it)."""
    return json.dumps(
        {
            "label": pgettext("comment form challenge", "Anti-spam check"),
            "loading": pgettext("comment form challenge", "Loading…"),
            "verifying": pgettext("comment form challenge", "Checking…"),
            "verified": pgettext("comment form challenge", "Checked"),
            "verificationRequired": gettext("Wait a moment: the anti-spam check is not finished."),
            "waitAlert": gettext("Checking… please wait."),
            "error": gettext("The check did not work: your comment will be read by a moderator first."),
            "expired": gettext("The check expired: it starts again when you post."),
            "reload": pgettext("comment form challenge", "Try again"),
        },
        ensure_ascii=False,
    )
