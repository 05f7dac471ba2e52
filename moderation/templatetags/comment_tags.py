"""Template tags of the public discussion."""

from django import template

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
