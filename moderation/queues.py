"""The moderation queues: which comments each one holds, and their counts for the menu."""

from dataclasses import dataclass

from django.db.models import F, Func, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
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
            "flagged",
            _("Flagged"),
            _("Reported by visitors. Approving keeps the comment and dismisses the reports."),
            Q(flag_count__gt=0, state__in=[State.PUBLISHED, State.HELD], hidden_with=None),
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


# ?order= of a queue page: the ordering it stands for (the template compares with these).
ORDERS = {"oldest": "submit_date", "newest": "-submit_date", "urgent": "respond_by"}


def queue_listing(request, queue):
    """The comments of ``queue`` that ``request.user`` moderates, filtered, searched and ordered as
    ``request.GET`` says (the queue page, and its bulk actions' "select all in listing").
    Questions are listed by their deadline, most urgent first, unless asked otherwise;
    ``?overdue=1`` keeps those past it.

    Returns (queryset, filterset, search, order); invalid filters are ignored (the page says so)."""
    base = scope_comments(Comment.objects.filter(queue.condition), request.user)
    filters = CommentFilterSet(request.GET or None, queryset=base, user=request.user, request=request)
    queryset = filters.qs if filters.is_bound and filters.is_valid() else base
    search = request.GET.get("q", "").strip()[:200]
    if search:
        queryset = queryset.filter(
            Q(comment__icontains=search) | Q(user_email__icontains=search) | Q(user_name__icontains=search)
        )
    if queue.by_deadline and request.GET.get("overdue"):
        queryset = queryset.filter(respond_by__lt=timezone.now())
    choice = request.GET.get("order")
    if choice not in ORDERS or (choice == "urgent" and not queue.by_deadline):
        choice = "urgent" if queue.by_deadline else "oldest"
    order = ORDERS[choice]
    if order == "respond_by":
        # Questions from before response times have no deadline: after those that do.
        return queryset.order_by(F("respond_by").asc(nulls_last=True), "submit_date", "pk"), filters, search, order
    return queryset.order_by(order, "pk"), filters, search, order
