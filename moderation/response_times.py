"""Response times: when the team should have answered a visitor's question, and how long is left.

The deadline itself is arithmetic on the hub's settings (``communities.response_targets``,
where the rules are written down). This module stores it on the question as
``respond_by`` when the question is written, recomputes it for the open questions
of a hub when the hub is published with other settings (``apply_response_targets``,
a receiver of Wagtail's ``page_published``), and says how long is left.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from wagtail.signals import page_published

from communities.models import CommunityHubPage
from communities.response_targets import deadline_for


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


@receiver(page_published, sender=CommunityHubPage, dispatch_uid="moderation_apply_response_targets")
def apply_response_targets(sender, instance, **kwargs):
    """The open questions of a hub follow its target, time zone and working days as published.

    A receiver here rather than a call from the hub model: communities sits below moderation
    and knows nothing of questions."""
    recompute_open_questions(instance)


def nearing_deadline(user, within_hours=4, limit=10):
    """Published questions awaiting an answer in the hubs ``user`` moderates, due within
    ``within_hours`` or overdue, the most urgent first: one query."""
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
