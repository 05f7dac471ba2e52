"""The numbers of the insights page: every figure is an aggregate computed by the database.

``compute(hub_ids, start, end)`` answers for the hubs in ``hub_ids`` (None: every hub) and
the comments submitted from ``start`` (inclusive) to ``end`` (exclusive). The number of
queries is fixed, whatever the number of comments: one for the totals by language, one per
other table, and two for the median.

Definitions (``docs/moderators.md`` explains them to moderators):

- *question*: a visitor's comment that asks the team something (``is_question``);
- *first team answer*: ``answered_at``, set when a team member's reply is published;
- *within target*: answered no later than the question's ``respond_by`` (the hub's target
  time to first answer, counted as the hub says: working days only or every day);
- *new commenter* in a week: one whose first comment ever (by e-mail address, in the hubs
  shown) falls in that week; the others who commented that week are *returning*.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.apps import apps
from django.db.models import Count, DurationField, ExpressionWrapper, F, Min, Q
from django.db.models.functions import TruncWeek
from django.utils.translation import gettext_lazy as _

from moderation.models import Comment

State = Comment.State
TOP = 10


@dataclass
class Table:
    """One table of the page, also its CSV export (``slug``)."""

    slug: str
    title: str
    columns: list
    rows: list = field(default_factory=list)


@dataclass
class Insights:
    start: object
    end: object
    totals: dict
    median_first_answer: timedelta | None
    tables: dict  # slug → Table, in the page's order

    def table(self, slug):
        return self.tables[slug]


def _scoped(queryset, hub_ids, hub_field="hub_id"):
    return queryset if hub_ids is None else queryset.filter(**{f"{hub_field}__in": hub_ids})


def _weeks(start, end):
    """Monday of every week from ``start`` to ``end``, as dates."""
    monday = (start - timedelta(days=start.weekday())).date() if hasattr(start, "date") else start
    weeks = []
    while monday < (end.date() if hasattr(end, "date") else end):
        weeks.append(monday)
        monday += timedelta(days=7)
    return weeks


def _week_key(value):
    return value.date() if hasattr(value, "date") else value


def median_duration(queryset, expression):
    """The median of ``expression`` over ``queryset`` in two queries (count, then the middle rows)."""
    total = queryset.count()
    ordered = queryset.annotate(duration=expression).order_by("duration").values_list("duration", flat=True)
    # The second query runs even when there is nothing, so that the page's query count never varies.
    middle = list(ordered[(total - 1) // 2 : total // 2 + 1] if total else ordered[:1])
    return sum(middle, timedelta()) / len(middle) if total else None


def compute(hub_ids, start, end):
    comments = _scoped(Comment.objects.all(), hub_ids).filter(submit_date__gte=start, submit_date__lt=end)
    visitors = comments.filter(is_staff_answer=False)

    asked = Q(is_question=True, is_staff_answer=False)
    # Every total, per language, in one pass over the comments: the totals are the languages' sums.
    counts = {
        "comments": Count("pk"),
        "published": Count("pk", filter=Q(state=State.PUBLISHED)),
        "held": Count("pk", filter=Q(state=State.HELD)),
        "rejected": Count("pk", filter=Q(state=State.REJECTED)),
        "spam": Count("pk", filter=Q(state=State.SPAM)),
        "team_answers": Count("pk", filter=Q(is_staff_answer=True)),
        "questions": Count("pk", filter=asked),
        "answered": Count("pk", filter=asked & Q(answered_at__isnull=False)),
        "within_target": Count("pk", filter=asked & Q(answered_at__isnull=False, answered_at__lte=F("respond_by"))),
        "unanswered": Count("pk", filter=asked & Q(answered_at=None, state=State.PUBLISHED)),
    }
    by_language = list(comments.values("language").annotate(**counts).order_by("-comments", "language"))
    totals = {key: sum(row[key] for row in by_language) for key in counts}
    wait = ExpressionWrapper(F("answered_at") - F("submit_date"), output_field=DurationField())
    median = median_duration(visitors.filter(is_question=True, answered_at__isnull=False), wait)

    weeks = _weeks(start, end)
    per_week = {
        _week_key(row["week"]): row
        for row in comments.annotate(week=TruncWeek("submit_date"))
        .values("week")
        .annotate(
            comments=Count("pk"),
            commenters=Count("user_email", distinct=True, filter=Q(is_staff_answer=False)),
            questions=Count("pk", filter=asked),
        )
    }
    # First comment ever of each commenter in these hubs, counted in the week it falls in.
    firsts = (
        _scoped(Comment.objects.filter(is_staff_answer=False).exclude(user_email=""), hub_ids)
        .values("user_email")
        .annotate(first=Min("submit_date"))
        .filter(first__gte=start, first__lt=end)
    )
    new_per_week = {}
    for first in firsts.values_list("first", flat=True):
        week = _week_key(first) - timedelta(days=_week_key(first).weekday())
        new_per_week[week] = new_per_week.get(week, 0) + 1

    tables = {}
    tables["weekly"] = Table(
        "weekly",
        _("Comments per week"),
        [_("week"), _("comments"), _("questions"), _("commenters"), _("new commenters"), _("returning commenters")],
    )
    for week in weeks:
        row = per_week.get(week, {})
        commenters = row.get("commenters", 0)
        new = min(new_per_week.get(week, 0), commenters)
        tables["weekly"].rows.append(
            [week, row.get("comments", 0), row.get("questions", 0), commenters, new, commenters - new]
        )

    tables["answers"] = Table(
        "answers",
        _("Answers to visitors' questions"),
        [_("questions"), _("answered"), _("within target"), _("share within target"), _("unanswered")],
        [
            [
                totals["questions"],
                totals["answered"],
                totals["within_target"],
                _share(totals["within_target"], totals["answered"]),
                totals["unanswered"],
            ]
        ],
    )
    tables["moderation"] = Table(
        "moderation",
        _("Moderation outcomes"),
        [_("state"), _("comments"), _("share")],
        [
            [label, totals[key], _share(totals[key], totals["comments"])]
            for key, label in (
                ("published", _("Published")),
                ("held", _("Held for review")),
                ("rejected", _("Rejected")),
                ("spam", _("Spam")),
            )
        ],
    )
    tables["feedback"] = Table("feedback", _("Feedback items by status"), [_("status"), _("items")])
    if apps.is_installed("listening"):
        feedback_item = apps.get_model("listening", "FeedbackItem")
        counts = dict(
            _scoped(feedback_item.objects.all(), hub_ids)
            .filter(created_at__gte=start, created_at__lt=end)
            .values_list("status")
            .annotate(n=Count("pk"))
            .values_list("status", "n")
        )
        tables["feedback"].rows = [[label, counts.get(value, 0)] for value, label in feedback_item.Status.choices]
    tables["stories"] = Table(
        "stories",
        _("Most discussed stories"),
        [_("story"), _("comments")],
        _most_discussed(comments),
    )
    tables["topics"] = Table(
        "topics",
        _("Most discussed topics"),
        [_("topic"), _("comments")],
        [
            [row["topic"], row["n"]]
            for row in comments.filter(state=State.PUBLISHED, page__storypage__tagged_items__isnull=False)
            .values(topic=F("page__storypage__tagged_items__tag__name"))
            .annotate(n=Count("pk"))
            .order_by("-n", "topic")[:TOP]
        ],
    )
    tables["languages"] = Table(
        "languages",
        _("Comments by language"),
        [_("language"), _("comments"), _("questions")],
        [[row["language"] or "—", row["comments"], row["questions"]] for row in by_language],
    )
    return Insights(start=start, end=end, totals=totals, median_first_answer=median, tables=tables)


def _most_discussed(comments):
    """[title, comments] of the stories with the most published comments: counted by page id alone,
    then the titles of the top ones (joining every comment to its page first costs far more)."""
    from wagtail.models import Page

    top = list(
        comments.filter(state=State.PUBLISHED)
        .values("page_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "page_id")[:TOP]
        .values_list("page_id", "n")
    )
    # "or [0]": a query even when nothing was discussed, so that the page's query count never varies.
    ids = [page_id for page_id, _n in top] or [0]
    titles = dict(Page.objects.filter(pk__in=ids).values_list("pk", "title"))
    return sorted(([titles.get(page_id, "—"), n] for page_id, n in top), key=lambda row: (-row[1], row[0]))


def _share(part, whole):
    """A percentage with one decimal, or None when there is nothing to divide."""
    return round(100 * part / whole, 1) if whole else None
