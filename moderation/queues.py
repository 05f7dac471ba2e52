"""The moderation queues: which comments each one holds, and their counts for the menu."""

from dataclasses import dataclass

from django.db.models import F, Func, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from moderation.filters import CommentFilterSet
from moderation.models import Comment
from moderation.permissions import scope_comments

State = Comment.State


@dataclass(frozen=True)
class Queue:
    slug: str
    label: Promise
    description: Promise
    condition: Q
    icon: str
    counted: bool = False  # shown with a count on the menu: work waiting
    by_deadline: bool = False  # questions with a time to answer by: most urgent first

    @property
    def url(self):
        from django.urls import reverse

        return reverse(f"moderation-{self.slug}:index")


QUEUES = {
    queue.slug: queue
    for queue in (
        Queue(
            "pending",
            _("Pending"),
            _("Held by the rules or the hub's pre-moderation, waiting for a decision."),
            Q(state=State.HELD, hidden_with=None),
            "time",
            counted=True,
        ),
        Queue(
            "reported",
            _("Reported"),
            _("Reported by visitors. Approving keeps the comment and dismisses the reports."),
            Q(report_count__gt=0, state__in=[State.PUBLISHED, State.HELD], hidden_with=None),
            "warning",
            counted=True,
        ),
        Queue(
            "needs-response",
            _("Needs response"),
            _("Questions from visitors that nobody from the team has answered yet."),
            Q(is_question=True, answered_at=None, state=State.PUBLISHED, is_staff_answer=False),
            "help",
            counted=True,
            by_deadline=True,
        ),
        Queue("approved", _("Approved"), _("Published comments."), Q(state=State.PUBLISHED), "tick"),
        Queue(
            "rejected", _("Rejected"), _("Rejected comments: restore one to undo."), Q(state=State.REJECTED), "cross"
        ),
        Queue("spam", _("Spam"), _("Marked as spam: undo to restore."), Q(state=State.SPAM), "bin"),
    )
}


def queue_counts(request):
    """Counts of the queues that hold waiting work, for ``request.user``; one query per request.

    Each count is a subquery of its own, so that each reads its own index: one aggregate with a
    FILTER per queue would read every comment of the moderator's hubs (150 ms at a million)."""
    cached = getattr(request, "_townsquare_queue_counts", None)
    if cached is None:
        counted = [queue for queue in QUEUES.values() if queue.counted]
        scoped = scope_comments(Comment.objects.all(), request.user)
        count = Func(F("pk"), function="COUNT")  # a plain COUNT(*): no GROUP BY in the subquery
        subqueries = {
            queue.slug.replace("-", "_"): Coalesce(
                Subquery(scoped.filter(queue.condition).order_by().annotate(n=count).values("n")[:1]), Value(0)
            )
            for queue in counted
        }
        row = Comment.objects.order_by().annotate(**subqueries).values(*subqueries).first()
        cached = {key.replace("_", "-"): (row or {}).get(key, 0) for key in subqueries}
        request._townsquare_queue_counts = cached
    return cached


def default_ordering(queue):
    """Oldest first; questions by their deadline, most urgent first."""
    return "respond_by" if queue.by_deadline else "submit_date"


def valid_orderings(queue):
    """The ``?ordering=`` values a queue accepts (the sortable columns of its listing)."""
    orderings = ["submit_date", "-submit_date"]
    if queue.by_deadline:
        orderings += ["respond_by", "-respond_by"]
    return orderings


def order_comments(queryset, ordering):
    if ordering.lstrip("-") == "respond_by":
        # Questions from before response times have no deadline: after those that do, either way.
        field = F("respond_by")
        first = field.desc(nulls_last=True) if ordering.startswith("-") else field.asc(nulls_last=True)
        return queryset.order_by(first, "submit_date", "pk")
    return queryset.order_by(ordering, "pk" if not ordering.startswith("-") else "-pk")


def search_comments(queryset, text):
    """Comments whose text, author name or address contains ``text``."""
    text = text.strip()[:200]
    if not text:
        return queryset
    return queryset.filter(Q(comment__icontains=text) | Q(user_email__icontains=text) | Q(user_name__icontains=text))


def queue_comments(queue, user):
    """Every comment of ``queue`` that ``user`` moderates."""
    return scope_comments(Comment.objects.filter(queue.condition), user)


def queue_filterset(request, queue, queryset=None):
    return CommentFilterSet(
        request.GET,
        queryset=queryset if queryset is not None else queue_comments(queue, request.user),
        request=request,
        user=request.user,
        by_deadline=queue.by_deadline,
    )


def queue_listing(request, queue):
    """The comments of ``queue`` that ``request.user`` moderates, filtered, searched and ordered as
    ``request.GET`` says: what the queue's listing shows (``moderation.queue_views``), for its bulk
    actions' "select all in listing".

    Returns (queryset, filterset, search, ordering); invalid filters are ignored (the page says so)."""
    base = queue_comments(queue, request.user)
    filters = queue_filterset(request, queue, base)
    queryset = filters.filter_queryset(base) if filters.is_valid() else base
    search = request.GET.get("q", "").strip()[:200]
    queryset = search_comments(queryset, search)
    ordering = request.GET.get("ordering")
    if ordering not in valid_orderings(queue):
        ordering = default_ordering(queue)
    return order_comments(queryset, ordering), filters, search, ordering
