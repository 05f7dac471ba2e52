"""Reading a story's discussion: the threads on a page, the rest of a thread.

Threads are rendered by Townsquare itself, not by django-comments-xtd's tree
tag (which checks a permission per comment: two queries each). Every function
here runs a fixed number of queries whatever the size of the discussion:

- ``thread_page``: one query for the top-level comments of the requested page
  (with each thread's reply count and the story's total as subqueries), one for
  the first replies of those threads (a window function per thread);
- ``more_replies`` and ``single_thread``: one query each.

A visitor also sees their own held comments (ids kept in their session),
marked "awaiting review"; nobody else does.

Tombstones (comments removed at their author's request, ``lifecycle.removal``) keep their place
so that the replies below them stay where they were: a removed reply is shown in place, a removed
top-level comment only while its thread has a published reply. They are not counted: the totals
count published comments only.
"""

from dataclasses import dataclass, field

from django.db.models import Exists, F, Func, OuterRef, Q, Subquery, Value, Window
from django.db.models.functions import Coalesce, RowNumber

from moderation.models import Comment
from townsquare.validation import parse_number

THREADS_PER_PAGE = 20
MAX_PAGE = 100_000  # far past any discussion, and its offset stays a database integer
REPLIES_SHOWN = 3
SORTS = {
    "oldest": ("submit_date", "pk"),
    "newest": ("-submit_date", "-pk"),
    "liked": ("-like_count", "submit_date", "pk"),
}
DEFAULT_SORT = "oldest"
# Columns the thread templates use; the rest (raw text, e-mail, IP) stays in the database.
COLUMNS = (
    "pk",
    "thread_id",
    "parent_id",
    "level",
    "order",
    "user_name",
    "submit_date",
    "html",
    "state",
    "is_staff_answer",
    "staff_role",
    "like_count",
    "page_id",
    "user_id",  # its author's own "Edit or delete" link
    # A reply from the fediverse links to its author's profile on their server.
    "remote_author",
    "user_url",
    # The team's public response to feedback ("We heard you: ..."), joined in the same query.
    "feedback__status",
    "feedback__public_response",
)


@dataclass
class Thread:
    root: Comment
    replies: list = field(default_factory=list)
    more_replies: int = 0


@dataclass
class ThreadPage:
    threads: list
    total: int
    number: int
    sort: str
    has_next: bool

    @property
    def next_number(self):
        return self.number + 1


def visible(mine=(), *, roots=False):
    """Published comments and tombstones, plus the visitor's own held ones.

    ``roots``: for top-level comments, a tombstone only while its thread has a published reply."""
    tombstone = Q(state=Comment.State.REMOVED)
    if roots:
        replies = Comment.objects.filter(thread_id=OuterRef("thread_id"), level__gt=0, state=Comment.State.PUBLISHED)
        tombstone &= Exists(replies)
    condition = Q(state=Comment.State.PUBLISHED) | tombstone
    if mine:
        condition |= Q(pk__in=list(mine), state=Comment.State.HELD)
    return condition


def _published_count(**filters):
    # COUNT(*) as a plain function, so Django adds no GROUP BY to the subquery.
    count = Func(F("pk"), function="COUNT")
    rows = Comment.objects.filter(state=Comment.State.PUBLISHED, **filters).order_by().annotate(n=count)
    return Coalesce(Subquery(rows.values("n")[:1]), Value(0))


def thread_page(story, *, sort=DEFAULT_SORT, number=1, mine=()):
    """The ``number``-th page of top-level threads on ``story``, each with its first replies."""
    sort = sort if sort in SORTS else DEFAULT_SORT
    number = max(1, number)
    offset = (number - 1) * THREADS_PER_PAGE
    roots = list(
        Comment.objects.select_related("feedback")
        .filter(visible(mine, roots=True), page=story, level=0)
        .only(*COLUMNS)
        .annotate(
            reply_total=_published_count(thread_id=OuterRef("thread_id"), level__gt=0),
            story_total=_published_count(page=OuterRef("page_id")),
        )
        .order_by(*SORTS[sort])[offset : offset + THREADS_PER_PAGE + 1]
    )
    has_next = len(roots) > THREADS_PER_PAGE
    roots = roots[:THREADS_PER_PAGE]
    threads = [Thread(root) for root in roots]
    if threads:
        by_thread = {thread.root.thread_id: thread for thread in threads}
        replies = (
            Comment.objects.select_related("feedback")
            .filter(visible(mine), thread_id__in=list(by_thread), level__gt=0)
            .only(*COLUMNS)
            .annotate(position=Window(RowNumber(), partition_by=[F("thread_id")], order_by=[F("order").asc()]))
            .filter(position__lte=REPLIES_SHOWN)
            .order_by("thread_id", "order")
        )
        for reply in replies:
            by_thread[reply.thread_id].replies.append(reply)
        for thread in threads:
            shown = sum(1 for reply in thread.replies if reply.is_published)
            thread.more_replies = max(0, thread.root.reply_total - shown)
    total = roots[0].story_total if roots else 0
    return ThreadPage(threads=threads, total=total, number=number, sort=sort, has_next=has_next)


def requested_page(story, number, *, sort=DEFAULT_SORT, mine=()):
    """``thread_page`` for a page number as a visitor wrote it (``?comments_page=``, ``?page=``).

    None when there is no such page: not a number, or past the last page (the first page of a
    discussion without comments is always there). The story page and the "more threads"
    fragment both answer 404 then.
    """
    number = parse_number(number, maximum=MAX_PAGE)
    if number is None:
        return None
    page = thread_page(story, sort=sort, number=number, mine=mine)
    return page if page.threads or number == 1 else None


def more_replies(root, *, mine=()):
    """The replies of ``root``'s thread after the first ones the story page shows."""
    return list(
        Comment.objects.select_related("feedback")
        .filter(visible(mine), thread_id=root.thread_id, level__gt=0)
        .only(*COLUMNS)
        .order_by("order")[REPLIES_SHOWN:]
    )


def single_thread(story, thread_id, *, mine=()):
    """One whole thread of ``story`` (for permalinks), or None when it is not visible."""
    comments = list(
        Comment.objects.select_related("feedback")
        .filter(visible(mine), page=story, thread_id=thread_id)
        .only(*COLUMNS)
        .order_by("order")
    )
    if comments and comments[0].state == Comment.State.REMOVED and not any(c.is_published for c in comments):
        return None
    if not comments or comments[0].level != 0:
        return None
    return Thread(root=comments[0], replies=comments[1:])
