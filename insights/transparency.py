"""The transparency report: what the moderators and the rules decided, what visitors asked for,
for some hubs over a period. Every figure is an aggregate computed by the database.

``compute(hub_ids, start, end)`` answers for the hubs in ``hub_ids`` (None: every hub) and the
period from ``start`` (inclusive) to ``end`` (exclusive), in seven queries whatever the numbers:
the decisions (one pass over the comments' audit entries), the labels of the hubs' reasons, the
notices of illegal content (counts, then two for the median handling time), the appeals and
the visitors' reports.

Definitions (``docs/moderators.md`` explains them to moderators):

- a *decision* is an audit entry that moved a comment to a state that restricts it — rejected,
  marked as spam, held for review as it was posted, hidden after it was published — or
  published a comment that was waiting. Replies hidden or shown with their parent are not
  decisions of their own; neither is an author removing their own comment.
- *automated*: made by the rules (as the comment was posted, or by the report threshold), not
  by a person.
- a decision's *reason* is the hub's reason the moderator chose (``moderation.decisions``).
- a notice is *handled* once decided; its handling time runs from received to decided.
"""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count, F, Q
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from wagtail.models import ModelLogEntry

from communities.models import CommunityHubPage
from insights.metrics import median_duration
from moderation.models import Appeal, Comment, IllegalContentNotice, Report

State = Comment.State

# The kinds of decision, in the report's order, and what each audit entry is.
PUBLISHED, HELD, HIDDEN, REJECTED, SPAM = "published", "held", "hidden", "rejected", "spam"
KINDS = {
    REJECTED: _("Rejected"),
    HIDDEN: _("Hidden after publication"),
    HELD: _("Held for review as posted"),
    SPAM: _("Marked as spam"),
    PUBLISHED: _("Published after review"),
}
ACTIONS = [f"townsquare_comment.{state}" for state in (State.PUBLISHED, State.HELD, State.REJECTED, State.SPAM)]
NO_REASON = _("No reason from the hub's list")
RULES = _("The community's rules")


@dataclass
class Row:
    """One line of the report: its section, what it counts, and the figures."""

    section: str
    item: str
    automated: int | None = None
    human: int | None = None
    total: int | None = None


@dataclass
class Transparency:
    start: object
    end: object
    decisions: list  # Row per (kind, reason)
    totals: dict  # "decisions", "automated", "human"
    notices: dict  # "received", "removed", "kept", "open", "overdue", "in_time"
    median_notice_handling: object  # timedelta or None
    appeals: dict  # "submitted", "upheld", "reversed", "open", "withdrawn"
    reports: list  # (reason label, count)
    rows: list = field(default_factory=list)  # everything, for the export

    def export_rows(self):
        """Every figure as a flat row (section, item, automated, human, total): the CSV/XLSX export."""
        return [vars(row) for row in self.rows]


def _scoped(queryset, hub_ids, hub_field):
    return queryset if hub_ids is None else queryset.filter(**{f"{hub_field}__in": hub_ids})


def _kind(action, old_state):
    state = action.rsplit(".", 1)[-1]
    if state == State.PUBLISHED:
        return PUBLISHED if old_state not in (None, State.PUBLISHED) else None
    if state == State.HELD:
        if old_state is None:
            return HELD
        return HIDDEN if old_state == State.PUBLISHED else None
    return state  # rejected, spam


def decision_counts(hub_ids, start, end):
    """{(kind, reason id or ""): [automated, human]} from the comments' audit entries (one query)."""
    entries = ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Comment),
        action__in=ACTIONS,
        timestamp__gte=start,
        timestamp__lt=end,
    ).exclude(data__has_key="cascaded_from")
    if hub_ids is not None:
        comments = Comment.objects.filter(hub_id__in=hub_ids).annotate(key=Cast("pk", CharField())).values("key")
        entries = entries.filter(object_id__in=comments)
    rows = (
        entries.annotate(old_state=KT("data__old_state"), reason=KT("data__decision_reason"))
        .values("action", "old_state", "reason")
        .annotate(
            # The rules decide as a comment is posted (the entry's user is then its author) and
            # when reports hide it (no user); a person decides everything else.
            automated=Count("pk", filter=Q(user__isnull=True) | Q(old_state__isnull=True)),
            total=Count("pk"),
        )
        .order_by()
    )
    counts = {}
    for row in rows:
        old_state = row["old_state"] if row["old_state"] not in ("", "null") else None
        kind = _kind(row["action"], old_state)
        if kind is None:
            continue
        figures = counts.setdefault((kind, row["reason"] or ""), [0, 0])
        figures[0] += row["automated"]
        figures[1] += row["total"] - row["automated"]
    return counts


def reason_labels(hub_ids):
    """{reason id: label} of the hubs' reasons, in the active language where a hub has it (one query)."""
    hubs = CommunityHubPage.objects.all()
    if hub_ids is not None:  # the hubs and their translations, which share the reasons' ids
        hubs = hubs.filter(
            translation_key__in=CommunityHubPage.objects.filter(pk__in=hub_ids).values("translation_key")
        )
    language = translation.get_language()
    labels = {}
    rows = hubs.values_list("locale__language_code", "decision_reasons")
    for _code, stream in sorted(rows, key=lambda row: row[0] == language):  # the active language last: it wins
        for block in stream.raw_data if hasattr(stream, "raw_data") else stream or []:
            if block.get("type") == "reason":
                labels[block["id"]] = block["value"]["label"]
    return labels


def compute(hub_ids, start, end):
    counts = decision_counts(hub_ids, start, end)
    labels = reason_labels(hub_ids)
    decisions = []
    for kind, kind_label in KINDS.items():
        for (found, reason), (automated, human) in sorted(counts.items(), key=lambda item: item[0][1]):
            if found != kind:
                continue
            if reason in labels:
                decisions.append(Row(str(kind_label), str(labels[reason]), automated, human, automated + human))
                continue
            # No reason from a hub's list: the rules' decisions and people's apart.
            if automated:
                decisions.append(Row(str(kind_label), str(RULES), automated, 0, automated))
            if human:
                decisions.append(Row(str(kind_label), str(NO_REASON), 0, human, human))
    totals = {
        "automated": sum(row.automated for row in decisions),
        "human": sum(row.human for row in decisions),
    }
    totals["decisions"] = totals["automated"] + totals["human"]

    now = timezone.now()
    notices = _scoped(IllegalContentNotice.objects.all(), hub_ids, "hub_id").filter(
        received_at__gte=start, received_at__lt=end
    )
    Status = IllegalContentNotice.Status
    notice_counts = notices.aggregate(
        received=Count("pk"),
        removed=Count("pk", filter=Q(status=Status.REMOVED)),
        kept=Count("pk", filter=Q(status=Status.KEPT)),
        open=Count("pk", filter=Q(status=Status.OPEN)),
        overdue=Count("pk", filter=Q(status=Status.OPEN, deadline__lt=now)),
        in_time=Count("pk", filter=Q(handled_at__isnull=False, handled_at__lte=F("deadline"))),
    )
    median = median_duration(notices.exclude(handled_at=None), F("handled_at") - F("received_at"))

    appeals = _scoped(Appeal.objects.all(), hub_ids, "hub_id").filter(  # an appeal outlives its comment
        submitted_at__gte=start, submitted_at__lt=end
    )
    appeal_counts = appeals.aggregate(
        submitted=Count("pk"),
        upheld=Count("pk", filter=Q(status=Appeal.Status.UPHELD)),
        reversed=Count("pk", filter=Q(status=Appeal.Status.REVERSED)),
        open=Count("pk", filter=Q(status=Appeal.Status.OPEN)),
        withdrawn=Count("pk", filter=Q(status=Appeal.Status.WITHDRAWN)),
    )

    reasons = dict(Report.Reason.choices)
    reports = [
        (str(reasons.get(row["reason"], row["reason"])), row["n"])
        for row in _scoped(Report.objects.all(), hub_ids, "comment__hub_id")
        .filter(created_at__gte=start, created_at__lt=end)
        .values("reason")
        .annotate(n=Count("pk"))
        .order_by("-n", "reason")
    ]

    report = Transparency(
        start=start,
        end=end,
        decisions=decisions,
        totals=totals,
        notices=notice_counts,
        median_notice_handling=median,
        appeals=appeal_counts,
        reports=reports,
    )
    report.rows = _flatten(report)
    return report


def _flatten(report):
    decisions, notices, appeals, reports = (
        str(_("Decisions")),
        str(_("Notices of illegal content")),
        str(_("Appeals")),
        str(_("Reports by visitors")),
    )
    rows = [*report.decisions]
    rows.append(
        Row(
            decisions,
            str(_("All decisions")),
            report.totals["automated"],
            report.totals["human"],
            report.totals["decisions"],
        )
    )
    labels = {
        "received": _("Received"),
        "removed": _("Comment removed"),
        "kept": _("No action"),
        "open": _("Waiting for a decision"),
        "overdue": _("Past their deadline"),
        "in_time": _("Decided by their deadline"),
    }
    rows += [Row(notices, str(labels[key]), total=value) for key, value in report.notices.items()]
    median = report.median_notice_handling
    rows.append(
        Row(
            notices,
            str(_("Median hours to decide")),
            total=None if median is None else round(median.total_seconds() / 3600),
        )
    )
    appeal_labels = {
        "submitted": _("Submitted"),
        "upheld": _("Decision upheld"),
        "reversed": _("Decision reversed"),
        "open": _("Waiting for a decision"),
        "withdrawn": _("Closed: the comment was removed"),
    }
    rows += [Row(appeals, str(appeal_labels[key]), total=value) for key, value in report.appeals.items()]
    rows += [Row(reports, label, total=count) for label, count in report.reports]
    return rows


def year_of(hub, year):
    """The report of ``hub`` and its translations for the calendar ``year`` (to now, this year)."""
    zone = timezone.get_current_timezone()
    start = timezone.make_aware(timezone.datetime(year, 1, 1), zone)
    end = min(timezone.make_aware(timezone.datetime(year + 1, 1, 1), zone), timezone.now())
    hub_ids = list(CommunityHubPage.objects.filter(translation_key=hub.translation_key).values_list("pk", flat=True))
    return compute(hub_ids, start, end)
