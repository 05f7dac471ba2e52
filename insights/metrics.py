"""The numbers of the insights page: every figure is an aggregate computed by the database.

``compute(hub_ids, start, end)`` answers for the hubs in ``hub_ids`` (None: every hub) and
the comments submitted from ``start`` (inclusive) to ``end`` (exclusive). The number of
queries is fixed, whatever the number of comments: seven. Two read every comment once: the
counts by language and story, and the weeks (comments, questions, new and returning
commenters); two find the median time to first answer among the answered questions; three
read small tables (feedback items, the top stories' titles, the stories' topics). Every query
reads the comment table alone (``submitted_at`` and ``commenter_key`` are kept on it), never
django-comments' parent tables.

Definitions (``docs/moderators.md`` explains them to moderators):

- *question*: a visitor's comment that asks the team something (``is_question``);
- *first team answer*: ``answered_at``, set when a team member's reply is published;
- *within target*: answered no later than the question's ``respond_by`` (the hub's target
  time to first answer, counted as the hub says: working days only or every day);
- *new commenter* in a week: one whose first comment ever (by e-mail address, in the hubs
  shown) falls in that week; the others who commented that week are *returning*.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.db.models import Count, DurationField, ExpressionWrapper, F, Q
from django.db.models.functions import Length, Substr
from django.utils import timezone
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
    # A tombstone (removed at its author's request) is not a comment any more: not counted.
    comments = _scoped(Comment.objects.exclude(state=State.REMOVED), hub_ids).filter(
        submitted_at__gte=start, submitted_at__lt=end
    )
    visitors = comments.filter(is_staff_answer=False)

    asked = Q(is_question=True, is_staff_answer=False)
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
    # One pass over the comments: every count by language and story (a row or so per story); the
    # totals, the languages and the most discussed stories and topics are sums of these rows.
    groups = list(comments.values("language", "page_id").annotate(**counts).order_by())
    totals = dict.fromkeys(counts, 0)
    languages, per_page = {}, {}
    for row in groups:
        language = languages.setdefault(row["language"], dict.fromkeys(counts, 0))
        for key in counts:
            totals[key] += row[key]
            language[key] += row[key]
        if row["published"]:
            per_page[row["page_id"]] = per_page.get(row["page_id"], 0) + row["published"]
    by_language = sorted(
        ({"language": language, **sums} for language, sums in languages.items()),
        key=lambda row: (-row["comments"], row["language"]),
    )
    wait = ExpressionWrapper(F("answered_at") - F("submitted_at"), output_field=DurationField())
    median = median_duration(visitors.filter(is_question=True, answered_at__isnull=False), wait)
    weekly = _weekly(hub_ids, start, end)

    tables = {}
    tables["weekly"] = Table(
        "weekly",
        _("Comments per week"),
        [_("week"), _("comments"), _("questions"), _("commenters"), _("new commenters"), _("returning commenters")],
    )
    for week in _weeks(start, end):
        count, questions, active, new = weekly.get(week, (0, 0, 0, 0))
        tables["weekly"].rows.append([week, count, questions, active, new, active - new])

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
    tables["stories"] = Table("stories", _("Most discussed stories"), [_("story"), _("comments")], _stories(per_page))
    tables["topics"] = Table(
        "topics", _("Most discussed topics"), [_("topic"), _("comments")], _topics(per_page, hub_ids)
    )
    tables["languages"] = Table(
        "languages",
        _("Comments by language"),
        [_("language"), _("comments"), _("questions")],
        [[row["language"] or "—", row["comments"], row["questions"]] for row in by_language],
    )
    tables["events"] = Table(
        "events",
        _("Events by hub"),
        [_("hub"), _("events"), _("places taken"), _("waitlisted"), _("checked in"), _("attendance")],
        _events(hub_ids, start, end),
    )
    return Insights(start=start, end=end, totals=totals, median_first_answer=median, tables=tables)


def _events(hub_ids, start, end):
    """[hub, events, places taken, waitlisted, checked in, attendance] for the events starting in the
    period; attendance is the share of people with a place checked in, over the events already
    over (two queries, whatever the number of events)."""
    from django.utils import timezone
    from wagtail.models import Page

    from events.models import EventPage, Registration

    Status = Registration.Status
    events = EventPage.objects.live().filter(starts_at__gte=start, starts_at__lt=end)
    ended = Q(event__ends_at__lte=timezone.now())
    rows = (
        Registration.objects.filter(event__in=events)
        .values("event__path")
        .annotate(
            taken=Count("pk", filter=Q(status=Status.CONFIRMED)),
            waiting=Count("pk", filter=Q(status=Status.WAITLISTED)),
            checked=Count("pk", filter=Q(status=Status.CONFIRMED, checked_in_at__isnull=False)),
            ended_taken=Count("pk", filter=Q(status=Status.CONFIRMED) & ended),
        )
        .order_by()
    )
    steplen = Page.steplen
    per_hub = {}
    for path in events.values_list("path", flat=True):
        per_hub.setdefault(path[:-steplen], [0, 0, 0, 0, 0])[0] += 1
    for row in rows:
        sums = per_hub.setdefault(row["event__path"][:-steplen], [0, 0, 0, 0, 0])
        for index, key in enumerate(("taken", "waiting", "checked", "ended_taken"), start=1):
            sums[index] += row[key]
    hubs = Page.objects.filter(path__in=list(per_hub) or [""])
    if hub_ids is not None:
        hubs = hubs.filter(pk__in=hub_ids)
    titles = dict(hubs.values_list("path", "title"))
    return sorted(
        (
            [titles[path], count, taken, waiting, checked, _share(checked, ended_taken)]
            for path, (count, taken, waiting, checked, ended_taken) in per_hub.items()
            if path in titles
        ),
        key=lambda row: (-row[1], row[0]),
    )


def _stories(per_page):
    """[title, comments] of the stories with the most published comments."""
    from wagtail.models import Page

    top = sorted(per_page.items(), key=lambda item: (-item[1], item[0]))[:TOP]
    # "or [0]": a query even when nothing was discussed, so that the page's query count never varies.
    titles = dict(Page.objects.filter(pk__in=[page_id for page_id, _n in top] or [0]).values_list("pk", "title"))
    return sorted(([titles.get(page_id, "—"), n] for page_id, n in top), key=lambda row: (-row[1], row[0]))


def _topics(per_page, hub_ids):
    """[topic, comments] of the topics whose stories have the most published comments (a comment
    counts for every topic of its story)."""
    from stories.models import StoryTopic

    tagged = StoryTopic.objects.all()
    if hub_ids is not None:
        # A story is a child of its hub: its path is the hub's and one step more.
        from communities.models import CommunityHubPage

        step = CommunityHubPage.steplen
        hubs = CommunityHubPage.objects.filter(pk__in=hub_ids).values("path")
        tagged = tagged.alias(
            parent_path=Substr("content_object__path", 1, Length("content_object__path") - step)
        ).filter(parent_path__in=hubs)
    totals = {}
    for page_id, topic in tagged.values_list("content_object_id", "tag__name"):
        if page_id in per_page:
            totals[topic] = totals.get(topic, 0) + per_page[page_id]
    return sorted(([topic, n] for topic, n in totals.items()), key=lambda row: (-row[1], row[0]))[:TOP]


def _weekly(hub_ids, start, end):
    """{week: (comments, questions, commenters, new commenters)} for the weeks from ``start`` to
    ``end``, in one query.

    Commenters are visitors, told apart by ``commenter_key``. The query groups every comment up
    to ``end`` by commenter and week (those before ``start`` in one group of their own); a
    visitor's group that holds their first comment ever makes them new that week."""
    quote = connection.ops.quote_name
    table = quote(Comment._meta.db_table)
    column = {
        name: f"{table}.{quote(name)}"
        for name in ("submitted_at", "commenter_key", "is_staff_answer", "is_question", "hub_id", "state")
    }
    tzname = timezone.get_current_timezone_name() if settings.USE_TZ else None
    week_sql, week_params = connection.ops.datetime_trunc_sql("week", column["submitted_at"], (), tzname)
    scope, scope_params = "", []
    if hub_ids is not None:
        scope = f"{column['hub_id']} IN ({', '.join(['%s'] * len(hub_ids)) or 'NULL'}) AND "
        scope_params = list(hub_ids)
    sql = f"""
        WITH pairs AS (
            SELECT {column["commenter_key"]} AS commenter,
                   {column["is_staff_answer"]} AS staff,
                   CASE WHEN {column["submitted_at"]} >= %s THEN {week_sql} END AS week,
                   MIN({column["submitted_at"]}) AS first_in_week,
                   COUNT(*) AS comments,
                   SUM(CASE WHEN {column["is_question"]} THEN 1 ELSE 0 END) AS questions
            FROM {table}
            WHERE {scope}{column["state"]} <> %s AND {column["submitted_at"]} < %s
            GROUP BY 1, 2, 3
        ),
        firsts AS (
            SELECT commenter, MIN(first_in_week) AS first_ever
            FROM pairs
            WHERE commenter IS NOT NULL AND NOT staff
            GROUP BY commenter
        )
        SELECT pairs.week,
               SUM(pairs.comments),
               SUM(CASE WHEN pairs.staff THEN 0 ELSE pairs.questions END),
               SUM(CASE WHEN firsts.commenter IS NULL THEN 0 ELSE 1 END),
               SUM(CASE WHEN pairs.first_in_week = firsts.first_ever THEN 1 ELSE 0 END)
        FROM pairs
        LEFT JOIN firsts ON firsts.commenter = pairs.commenter AND NOT pairs.staff
        WHERE pairs.week IS NOT NULL
        GROUP BY pairs.week
    """  # noqa: S608 (quoted names only; every value is a parameter)
    adapt = connection.ops.adapt_datetimefield_value
    with connection.cursor() as cursor:
        cursor.execute(sql, [adapt(start), *week_params, *scope_params, State.REMOVED.value, adapt(end)])
        rows = cursor.fetchall()
    result = {}
    for week, *figures in rows:
        if isinstance(week, str):  # SQLite answers text
            week = datetime.fromisoformat(week)
        result[_week_key(week)] = tuple(int(figure or 0) for figure in figures)
    return result


def _share(part, whole):
    """A percentage with one decimal, or None when there is nothing to divide."""
    return round(100 * part / whole, 1) if whole else None
