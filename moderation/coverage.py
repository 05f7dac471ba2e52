"""Coverage: is a hub's team there to review a comment now, and if not, when is it back?

A hub is *uncovered* when
- it is outside the team's working hours: before or after the team's day (``team_day_starts`` /
  ``team_day_ends`` in the hub's time zone), or on a Saturday or Sunday when only working days
  count (the response-time calendar, ``communities.response_targets``); ``back_at`` is the start
  of the team's next day;
- or its queue is late: the oldest comment waiting in the Pending queue is past the hub's
  response target (counted as the calendar counts it); ``back_at`` is unknown then.

A hub in the "hold first-time comments while the team is away" pre-moderation holds first-time
comments only while uncovered (``moderation.policy.decide``); in every hub, a visitor whose comment
waits is told when the team is back (``coverage_note``).

Cheap enough for every post: the hub's settings are already loaded, and the only query (the
oldest pending comment, on the hub/state index) is cached per hub for a minute.
"""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.core.cache import cache
from django.db.models import Min
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from communities.response_targets import SATURDAY, deadline_for
from moderation.models import Comment

# The reason a comment held while the team is away records.
REASON_CODE = Comment.Reason.COVERAGE
CACHE_SECONDS = 60
_NONE = "none"  # cached "no pending comment" (the cache cannot tell a stored None from a miss)


@dataclass(frozen=True)
class Coverage:
    """Whether a hub's team is there now; ``back_at`` (aware, UTC) when it is known that it is not."""

    covered: bool
    back_at: datetime.datetime | None = None
    reason: str = ""  # "", "away" or "late"
    zone: ZoneInfo = datetime.UTC  # the team's time zone, in which ``when`` is written

    @property
    def message(self):
        """What a visitor whose comment waits is told, in the active language ("" when covered)."""
        if self.covered:
            return ""
        if self.back_at is not None:
            return _("The team is away until %(when)s; we review comments then.") % {"when": self.when}
        return _("The team has more comments to review than usual; yours will be read as soon as possible.")

    @property
    def when(self):
        """``back_at`` as the visitor reads it: "Monday 9:00 (Europe/Paris)"."""
        if self.back_at is None:
            return ""
        local = timezone.localtime(self.back_at, self.zone)
        return f"{formats.date_format(local, 'l G:i')} ({self.zone})"


def _is_working_day(hub, day):
    return not hub.response_working_days_only or day.weekday() < SATURDAY


def _next_day_start(hub, local_now, zone):
    """The start of the team's next working day after (or later today than) ``local_now``."""
    day = local_now.date()
    if local_now.time() >= hub.team_day_starts or not _is_working_day(hub, day):
        day += datetime.timedelta(days=1)
    while not _is_working_day(hub, day):
        day += datetime.timedelta(days=1)
    return datetime.datetime.combine(day, hub.team_day_starts, tzinfo=zone).astimezone(datetime.UTC)


def _away_until(hub, now, zone):
    """When the team is back, or None while it is at work."""
    local = now.astimezone(zone)
    if hub.team_day_starts is None or hub.team_day_ends is None:
        # No stated hours: the team is there all day on its working days.
        if _is_working_day(hub, local.date()):
            return None
        day = local.date() + datetime.timedelta(days=1)
        while not _is_working_day(hub, day):
            day += datetime.timedelta(days=1)
        return datetime.datetime.combine(day, datetime.time(), tzinfo=zone).astimezone(datetime.UTC)
    if _is_working_day(hub, local.date()) and hub.team_day_starts <= local.time() < hub.team_day_ends:
        return None
    return _next_day_start(hub, local, zone)


def oldest_pending(hub, now):
    """When the oldest comment waiting in ``hub``'s Pending queue was submitted: one query, cached
    per hub for the minute of ``now``."""
    key = f"moderation:coverage:oldest:{hub.pk}:{int(now.timestamp()) // CACHE_SECONDS}"
    cached = cache.get(key)
    if cached is None:
        oldest = Comment.objects.filter(hub_id=hub.pk, state=Comment.State.HELD, hidden_with=None).aggregate(
            oldest=Min("submitted_at")
        )["oldest"]
        cached = oldest.isoformat() if oldest else _NONE
        cache.set(key, cached, CACHE_SECONDS)
    return None if cached == _NONE else datetime.datetime.fromisoformat(cached)


def coverage(hub, now=None, oldest=_NONE):
    """The ``Coverage`` of ``hub`` (a ``CommunityHubPage``) at ``now`` (default: the current time).

    ``oldest``: when the oldest pending comment of the hub was submitted (or None), when the caller
    has read it already (the dashboard reads it for every hub at once)."""
    now = now or timezone.now()
    zone = ZoneInfo(hub.response_time_zone)
    back_at = _away_until(hub, now, zone)
    if back_at is not None:
        return Coverage(covered=False, back_at=back_at, reason="away", zone=zone)
    if oldest is _NONE:
        oldest = oldest_pending(hub, now)
    if oldest is not None and deadline_for(hub, oldest) < now:
        return Coverage(covered=False, reason="late", zone=zone)
    return Coverage(covered=True, zone=zone)


def coverage_note(hub, now=None):
    """The sentence a visitor whose comment waits in ``hub`` reads, or "" while the team is there."""
    if hub is None:
        return ""
    return coverage(hub, now).message
