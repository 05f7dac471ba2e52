"""Response times: when the team should have answered a visitor's question, and how long is left.

Each hub sets a target time to the first team answer (``response_target_hours``),
the team's time zone and whether only working days count. ``deadline`` turns
those into the moment a question should be answered by; it is stored on the
question as ``respond_by`` when the question is written, and recomputed for the
open questions of a hub when the hub is published with other settings.

The arithmetic (``docs/moderators.md`` explains it to moderators):

- the clock starts when the visitor submits the question (``submit_date``),
  even while the question is held for review: the visitor waits either way;
- every day counts, all day: there are no office hours. With "working days
  only", the hours of Saturdays and Sundays *in the hub's time zone* do not
  count: a question asked on a Saturday starts counting on Monday at 00:00
  local time, and 24 hours from Friday 18:00 end on Monday 18:00;
- the counting happens on real elapsed time (in UTC); only the boundaries of
  the days are local. A day on which the clocks change counts for its real
  length (23 or 25 hours), so a deadline that crosses the change shows a
  local time one hour earlier or later than the time the question was asked.
"""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo, available_timezones

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, ngettext

UTC = datetime.UTC
SATURDAY = 5  # date.weekday(): Monday is 0, Saturday 5, Sunday 6
MAX_TARGET_HOURS = 720


def time_zone_choices():
    """Every IANA time zone name, sorted, as form choices."""
    return [(name, name) for name in sorted(available_timezones())]


def deadline(asked_at, hours, time_zone, working_days_only):
    """The moment a question asked at ``asked_at`` should have its first team answer.

    Args:
        asked_at: an aware datetime, when the question was submitted.
        hours: the hub's target, a positive number of hours.
        time_zone: an IANA name ("Europe/Paris") or a ``tzinfo``: where Saturdays and Sundays are.
        working_days_only: when true, the hours of Saturdays and Sundays in ``time_zone`` do not count.

    Returns:
        An aware datetime in UTC.
    """
    if hours <= 0:
        raise ValueError("the target must be a positive number of hours")
    start = asked_at.astimezone(UTC)
    remaining = datetime.timedelta(hours=hours)
    if not working_days_only:
        return start + remaining
    zone = ZoneInfo(time_zone) if isinstance(time_zone, str) else time_zone
    cursor = start
    while True:
        local_day = cursor.astimezone(zone).date()
        # The next local midnight, as a real instant. When midnight itself is skipped by a clock
        # change, fold=0 places it at the moment of the change: the day still ends where it ends.
        next_day = datetime.datetime.combine(local_day + datetime.timedelta(days=1), datetime.time(), tzinfo=zone)
        day_end = next_day.astimezone(UTC)
        if local_day.weekday() < SATURDAY:
            available = day_end - cursor
            if remaining <= available:
                return cursor + remaining
            remaining -= available
        cursor = day_end


def deadline_for(hub, asked_at):
    """``deadline`` with the settings of ``hub`` (a ``CommunityHubPage``)."""
    return deadline(asked_at, hub.response_target_hours, hub.response_time_zone, hub.response_working_days_only)


def duration_text(delta):
    """A short, translated length of time: "2 days 3 h", "5 h", "40 min", "less than a minute"."""
    minutes = int(abs(delta).total_seconds()) // 60
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    parts = []
    if days:
        parts.append(ngettext("%(count)s day", "%(count)s days", days) % {"count": days})
    if hours:
        parts.append(ngettext("%(count)s h", "%(count)s h", hours) % {"count": hours})
    if not days and not hours:
        if not minutes:
            return gettext("less than a minute")
        parts.append(ngettext("%(count)s min", "%(count)s min", minutes) % {"count": minutes})
    return " ".join(parts)


@dataclass(frozen=True)
class TimeLeft:
    """What a queue row shows about a question's deadline."""

    deadline: datetime.datetime
    left: datetime.timedelta  # negative once the deadline has passed

    @property
    def overdue(self):
        return self.left < datetime.timedelta(0)

    @property
    def text(self):
        if self.overdue:
            return gettext("Overdue by %(duration)s") % {"duration": duration_text(self.left)}
        return gettext("%(duration)s left") % {"duration": duration_text(self.left)}

    def __str__(self):
        return self.text


def time_left(deadline, now=None):
    """A ``TimeLeft`` until ``deadline`` (elapsed time: every hour counts here); None without a deadline."""
    if deadline is None:
        return None
    return TimeLeft(deadline=deadline, left=deadline - (now or timezone.now()))


def open_questions():
    """Questions from visitors still waiting for the team, published or held for review."""
    from moderation.models import Comment

    return Comment.objects.filter(
        is_question=True,
        is_staff_answer=False,
        answered_at=None,
        state__in=[Comment.State.PUBLISHED, Comment.State.HELD],
    )


def recompute_open_questions(hub):
    """Give the open questions of ``hub`` the deadline its current settings say; returns how many changed.

    Open questions are few (the queue is worked down daily), so they are computed in
    Python and written back with one bulk UPDATE. Questions from before response times
    existed get a deadline here too."""
    from moderation.models import Comment

    changed = []
    for question in open_questions().filter(hub=hub).only("pk", "submit_date", "respond_by"):
        respond_by = deadline_for(hub, question.submit_date)
        if question.respond_by != respond_by:
            question.respond_by = respond_by
            changed.append(question)
    if changed:
        Comment.objects.bulk_update(changed, ["respond_by"], batch_size=500)
    return len(changed)


def nearing_deadline(user, within_hours=4, limit=10):
    """Published questions awaiting an answer in the hubs ``user`` moderates, due within
    ``within_hours`` or overdue, the most urgent first: one query."""
    from communities.models import CommunityHubPage
    from moderation.models import Comment
    from moderation.queues import QUEUES

    if not user.is_authenticated or not user.is_active:
        return []
    due = timezone.now() + datetime.timedelta(hours=within_hours)
    queryset = Comment.objects.filter(QUEUES["needs-response"].condition, respond_by__lte=due)
    if not user.is_superuser:
        # A subquery rather than moderation.permissions' list of hub ids: one query in all.
        hubs = CommunityHubPage.objects.filter(Q(moderators_group__user=user) | Q(owners_group__user=user))
        queryset = queryset.filter(hub__in=hubs.values("pk"))
    # The most urgent ones are picked from this table alone, in the order of its deadline index; only
    # they are joined to the parent tables and pages (joining every open question first took half a
    # second at a million comments).
    urgent = queryset.order_by("respond_by", "xtdcomment_ptr_id").values("xtdcomment_ptr_id")[:limit]
    return list(
        Comment.objects.filter(pk__in=urgent).select_related("page", "hub").order_by("respond_by", "xtdcomment_ptr_id")
    )
