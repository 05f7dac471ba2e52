"""What each comment of a discussion shows, worked out once per rendering.

The public discussion (a page of threads, a whole thread, the rest of a thread's replies) is
printed by one template loop, ``moderation/discussion/comments.html``, over rows that this module
prepares: every address, date, label and class of a comment as a finished string. The language,
the URL patterns, the date format and the labels are read once per rendering, not once per
comment.

Why: a thread of 1,000 comments rendered through a template included per comment, with a URL
tag three times, the ``date`` filter twice and translated labels per comment, took 1.75 × a
bare loop printing the same fields from the same query; template lookups and thread-local reads
(language, URL prefix, formats) were most of that time.

A row is a dict (the template engine looks keys up before attributes). Besides the comment's
own strings it says where it sits: ``thread_open`` (a thread starts with it), ``replies_open``
(the first reply shown: the root's id), ``reply`` (it is a reply), ``replies_close`` and
``thread_close`` (the thread's last row: the "Show n more replies" link, if any).
"""

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import dateformat
from django.utils.formats import get_format
from django.utils.timezone import template_localtime
from django.utils.translation import get_language, gettext

from moderation.models import Comment

# An id that no comment or page has, reversed in place of the real one.
_PLACEHOLDER = "2147483646"
_patterns = {}
_labels = {}


def url_pattern(name):
    """``reverse(name, args=[pk])`` as a pattern to fill with ``pattern % pk``, for the URLs that
    every comment links to (like, reply, report, permalink): reversed once per URL name,
    language, URL configuration and script prefix."""
    key = (get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), get_language(), name)
    pattern = _patterns.get(key)
    if pattern is None:
        pattern = _patterns[key] = reverse(name, args=[_PLACEHOLDER]).replace("%", "%%").replace(_PLACEHOLDER, "%d")
    return pattern


def comment_labels():
    """The words that every comment shows (Like, Reply, Report...) in the active language."""
    language = get_language()
    labels = _labels.get(language)
    if labels is None:
        labels = _labels[language] = {
            "like": gettext("Like"),
            "likes": gettext("likes"),
            "reply": gettext("Reply"),
            "report": gettext("Report"),
            "team": gettext("Team"),
            "fediverse": gettext("via the fediverse"),
            "held": gettext("Awaiting review — only you can see this"),
            "removed": gettext("Removed at the author's request."),
            "mine": gettext("Edit or delete"),
        }
    return labels


class CommentPrinter:
    """The rows of one rendering of ``story``'s discussion, for the visitor ``user_id`` (None when
    anonymous: nobody's "Edit or delete" link shows)."""

    def __init__(self, story, *, user_id=None, comments_open=False, max_reply_depth=0):
        self.story = story
        self.user_id = user_id
        # A comment can be answered while comments are open and it is above the deepest level.
        self.reply_below = max_reply_depth if comments_open else -1
        self.labels = comment_labels()
        self.permalink = url_pattern("comment-permalink")
        self.like = url_pattern("comment-like")
        self.report = url_pattern("comment-report")
        self.mine = url_pattern("comment-mine")
        self.replies = url_pattern("comment-replies")
        self.write = url_pattern("comment-write") % story.pk + "?reply_to="
        self.date_format = get_format("DATETIME_FORMAT")
        self._story_url = None

    def row(self, comment, **place):
        pk = comment.pk
        if comment.state == Comment.State.REMOVED:
            return {"pk": str(pk), "removed": True, **place}
        submitted = template_localtime(comment.submit_date)
        held = comment.state == Comment.State.HELD
        classes = "comment"
        if comment.is_staff_answer:
            classes += " comment--team"
        if held:
            classes += " comment--held"
        row = {
            "pk": str(pk),
            "comment": comment,
            "classes": classes,
            "author": comment.user_name,
            "profile": comment.user_url if comment.remote_author else "",
            "team": comment.staff_role if comment.is_staff_answer else "",
            "permalink": self.permalink % pk,
            "iso": submitted.isoformat(),
            "date": dateformat.format(submitted, self.date_format),
            "held": held,
            "html": comment.html,
            **place,
        }
        if comment.state == Comment.State.PUBLISHED:
            row["like_url"] = self.like % pk
            row["like_count"] = str(comment.like_count)
            row["report_url"] = self.report % pk
            if comment.level < self.reply_below:
                row["reply_url"] = f"{self.write}{pk}"
            if comment.user_id and comment.user_id == self.user_id:
                row["mine_url"] = self.mine % pk
        return row

    def reply_row(self, comment, **place):
        return self.row(comment, reply=True, level=str(comment.level), **place)

    def thread_rows(self, threads, *, show_all=False):
        """Rows for whole threads: each root, then the replies shown below it."""
        rows = []
        for thread in threads:
            rows.append(self.row(thread.root, thread_open=True))
            if thread.replies:
                rows.append(self.reply_row(thread.replies[0], replies_open=str(thread.root.pk)))
                rows.extend(self.reply_row(reply) for reply in thread.replies[1:])
                rows[-1]["replies_close"] = True
            rows[-1]["thread_close"] = {"more": 0 if show_all else thread.more_replies, **self._more_links(thread)}
        return rows

    def reply_rows(self, replies):
        """Rows for replies shown on their own (the rest of a thread, appended below it)."""
        return [self.reply_row(reply) for reply in replies]

    def _more_links(self, thread):
        root = thread.root
        if not thread.more_replies:
            return {}
        if root.state == Comment.State.REMOVED:
            # A tombstone has no permalink: its thread is opened on the story page.
            if self._story_url is None:
                self._story_url = self.story.url
            return {"href": f"{self._story_url}?thread={root.thread_id}#c{root.pk}"}
        return {"href": self.permalink % root.pk, "fragment": self.replies % root.pk}
