"""Response targets: the moment a visitor's question should have its first answer from a hub's team.

Each hub sets a target time to the first team answer (``response_target_hours``),
the team's time zone and whether only working days count. ``deadline`` turns
those into the moment a question should be answered by. This is arithmetic on
the hub's settings alone, so it lives beside the hub model; the moderation app
stores it on each question (``respond_by``) and keeps it up to date.

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
from zoneinfo import ZoneInfo, available_timezones

from django.conf import settings

UTC = datetime.UTC
SATURDAY = 5  # date.weekday(): Monday is 0, Saturday 5, Sunday 6
MAX_TARGET_HOURS = 720


def time_zone_choices():
    """Every IANA time zone name, sorted, as form choices."""
    return [(name, name) for name in sorted(available_timezones())]


def default_time_zone():
    return settings.TIME_ZONE


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
