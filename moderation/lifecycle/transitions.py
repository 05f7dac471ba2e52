"""Every change of a comment's state happens here: ``transition`` moves a set of comments.

It applies every rule of moderation (see its docstring), writes one audit entry
per comment (Wagtail's log, action ``townsquare_comment.<state>``) and, once the
transaction commits, announces the batch through ``comments_changed`` (search
index, page cache) and each comment asked for through ``comment_state_changed``
(follow-up e-mails, digests). ``set_state`` is ``transition`` of one comment.

Hiding a comment hides its published replies with it, and publishing it again
brings back exactly those replies; removing it (``removed``, a tombstone: see ``transition``)
wipes it and leaves its replies where they are: a fixed number of queries however large the
batch or the subtrees (django-comments-xtd's own helper issues two per descendant).
"""

import uuid
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Case, Exists, Min, OuterRef, Q, Value, When
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext
from django_comments.models import Comment as BaseComment
from wagtail.log_actions import get_active_log_context
from wagtail.log_actions import registry as log_registry

from moderation.decisions import match_reasons
from moderation.models import Appeal, Comment, CommentEdit, IllegalContentNotice, Reaction, Report

# Sent after a comment is created or changes state, once the transaction commits.
# Arguments: comment, old_state (None when new), new_state, actor.
comment_state_changed = Signal()

# Sent once per batch of changes (a new comment, or one transition of any number of comments,
# the replies hidden or restored with them included), once the transaction commits.
# Arguments: changes (a list of ``Change``), actor. Receivers do their work once per batch:
# the search index, the page cache, e-mails.
comments_changed = Signal()


@dataclass(frozen=True)
class Change:
    """One comment's move: ``old_state`` is None for a new comment; ``cascaded`` for a reply
    hidden or restored along with an ancestor."""

    comment: Comment
    old_state: str | None
    new_state: str
    cascaded: bool = False
    root: int | None = None  # for a cascaded reply: the pk of the comment it was hidden or restored with
    edited: bool = False  # its author changed its text (``lifecycle.editing``), its state unchanged

    @property
    def public_changed(self):
        """Whether visitors see something different: the comment entered or left the published
        state, or a published comment's text changed."""
        if self.edited:
            return self.new_state == Comment.State.PUBLISHED
        return (self.old_state == Comment.State.PUBLISHED) != (self.new_state == Comment.State.PUBLISHED)


HIDDEN_STATES = (Comment.State.HELD, Comment.State.REJECTED, Comment.State.SPAM)


def _entry(old_state, new_state, reason, **extra):
    return {"old_state": old_state, "new_state": new_state, "reason": reason, **extra}


def _announce(comment, old_state, new_state, actor):
    # The states are bound now: the comment may change again before the transaction commits.
    transaction.on_commit(
        lambda: comment_state_changed.send(
            sender=Comment, comment=comment, old_state=old_state, new_state=new_state, actor=actor
        )
    )
    change = Change(comment, old_state, new_state)
    transaction.on_commit(lambda: comments_changed.send(sender=Comment, changes=[change], actor=actor))


def descendants(comment):
    """The replies below ``comment`` in its thread (xtd keeps each thread in depth-first ``order``)."""
    if comment.level == 0:
        return Comment.objects.filter(thread_id=comment.thread_id, level__gt=0)
    thread = Comment.objects.filter(thread_id=comment.thread_id)
    end = thread.filter(order__gt=comment.order, level__lte=comment.level).aggregate(end=Min("order"))["end"]
    subtree = thread.filter(order__gt=comment.order)
    return subtree.filter(order__lt=end) if end is not None else subtree


def _sync_xtd_flags(pks, state):
    # xtd's is_public/is_removed live on the parent table, and follow the state: one UPDATE.
    BaseComment.objects.filter(pk__in=pks).update(
        is_public=state == Comment.State.PUBLISHED,
        is_removed=state in (Comment.State.REJECTED, Comment.State.SPAM, Comment.State.REMOVED),
    )


# A tombstone keeps its place in the thread (thread, parent, level, order, date) and nothing of
# what its author wrote or who they were: these are wiped, on the two tables that hold them.
WIPED_ON_XTD = {"comment": "", "user_name": "", "user_email": "", "user_url": "", "ip_address": None, "user": None}
WIPED = {"html": "", "like_count": 0, "report_count": 0, "commenter_key": None, "reasons": [], "scores": {}}


def _wipe(pks):
    """Wipe the removed comments ``pks`` and what others wrote about their text (likes, reports),
    their earlier texts (authors' edits), their authors' appeal statements, the passages notices
    of illegal content quoted, and the text their audit entries quoted in their labels."""
    BaseComment.objects.filter(pk__in=pks).update(**WIPED_ON_XTD)
    Reaction.objects.filter(comment_id__in=pks).delete()
    Report.objects.filter(comment_id__in=pks).delete()
    CommentEdit.objects.filter(comment_id__in=pks).delete()
    # Appeals stay counted (transparency), without the author's words; open ones are closed.
    Appeal.objects.filter(comment_id__in=pks).update(statement="")
    Appeal.objects.filter(comment_id__in=pks, status=Appeal.Status.OPEN).update(
        status=Appeal.Status.WITHDRAWN, handled_at=timezone.now()
    )
    # Notices about them too; a notice's "where exactly" quotes the comment.
    IllegalContentNotice.objects.filter(comment_id__in=pks).update(location="")
    log_registry.get_log_model_for_model(Comment).objects.filter(
        content_type__app_label="moderation", content_type__model="comment", object_id__in=[str(pk) for pk in pks]
    ).update(label=gettext("removed comment"))


def mark_answered_by(published, when):
    """The questions that the team answers among ``published`` (comments just published) answer
    are answered at ``when``: each answer's parent and its thread's opening question. One UPDATE.

    Questions already answered keep the time of their first answer."""
    staff = published.filter(is_staff_answer=True)
    return (
        Comment.objects.filter(is_question=True, is_staff_answer=False, answered_at=None)
        .filter(Q(pk__in=staff.values("parent_id")) | Q(pk__in=staff.values("thread_id")))
        .update(answered_at=when)
    )


def unmark_answered_by(staff_pks, unpublished_pks):
    """Questions answered by the team answers ``staff_pks``, which just left the published state
    with the comments ``unpublished_pks``, wait for an answer again, unless another published
    team answer still answers them. One UPDATE.

    A question that left the published state along with its answer keeps its answer: it
    comes back answered when it is published again. A question also marked answered by hand
    is reopened all the same: the mark is not told apart from an answer's."""
    staff = Comment.objects.filter(pk__in=staff_pks)
    published_staff = Comment.objects.filter(state=Comment.State.PUBLISHED, is_staff_answer=True).exclude(
        pk=OuterRef("pk")
    )
    return (
        Comment.objects.filter(is_question=True, is_staff_answer=False, answered_at__isnull=False)
        .filter(Q(pk__in=staff.values("parent_id")) | Q(pk__in=staff.values("thread_id")))
        .exclude(pk__in=unpublished_pks)
        .exclude(Exists(published_staff.filter(parent_id=OuterRef("pk"))))
        .exclude(Q(level=0) & Exists(published_staff.filter(thread_id=OuterRef("pk"))))
        .update(answered_at=None)
    )


class Conflict(Exception):
    """A comment changed between the lock and the update (SQLite has no row locks): nothing is applied."""


@dataclass
class Outcome:
    """What one ``transition`` did.

    ``changes``: the comments asked for that moved, then the replies hidden or restored with them
    (``cascaded``); ``reports_dismissed``: pks of comments whose reports an approval dismissed;
    ``refused``: {pk: message naming the comment} for those left as they were."""

    changes: list = field(default_factory=list)
    reports_dismissed: list = field(default_factory=list)
    refused: dict = field(default_factory=dict)

    @property
    def moved(self):
        """The comments asked for that changed state (cascaded replies not counted)."""
        return [change for change in self.changes if not change.cascaded]

    @property
    def handled(self):
        """How many of the comments asked for were acted on (moved, or their reports dismissed)."""
        return len(self.moved) + len(set(self.reports_dismissed) - {c.comment.pk for c in self.moved})


LOCKED_FIELDS = ("pk", "state", "report_count", "thread_id", "order", "level", "is_staff_answer", "page_id", "hub_id")


def transition(comments, new_state, *, actor=None, reason="", expected_state=None, removal="", notify=True):
    """Move a set of comments to ``new_state``, applying every rule of moderation; returns an ``Outcome``.

    This is the one place that writes a comment's state. Single actions, bulk actions, keyboard
    triage, the report threshold and erasure all call it (a single action is a set of one), so the
    rules below hold whichever button was used:

    - Race guard: each comment moves only from the state the caller saw (``expected_state``, or
      else the ``state`` of each instance passed in); of two moderators acting at once exactly one
      succeeds, the other's comment is refused with a message saying who got there first.
    - Approving dismisses the comment's reports (its ``report_count`` goes back to zero; the reports
      stay on record); approving a published comment that has reports only dismisses them.
    - Hiding a published comment hides its published replies (``hidden_with``); publishing it again
      brings back exactly those replies. Each such reply gets its own audit entry.
    - Removing a comment (``removed``, with ``removal`` saying who asked) makes it a tombstone: its
      text, author's name, e-mail, address and user, likes, reports and earlier texts are wiped, the
      labels of its audit entries too; the row keeps its place, so its replies stay published
      under "removed at the author's request". A state of its own rather than a flag on a
      published comment: everything that reads published comments (counts, likes, search,
      follow-up e-mails, insights) leaves tombstones out with no rule of its own, and only the
      thread shows them, on purpose. Removal is final: a tombstone never moves again (there is
      nothing left to publish), and ``restore`` is refused.
    - Team answers published or hidden mark or reopen the questions they answer (response times).
    - A rejection or hiding with a ``reason`` that names one of the hub's reasons stores that
      reason (``decisions.match_reasons``): the commenter's notice explains it in the hub's words.
    - One audit entry per comment changed (cascaded replies included), sharing one log context.
    - Once the transaction commits: ``comments_changed`` once for the batch (search index, page
      cache), and ``comment_state_changed`` per comment asked for (follow-up e-mails, digests,
      the commenter's notice unless ``notify`` is False: an appeal's outcome is its own e-mail).

    A fixed number of queries for any number of comments. All or nothing: one transaction.
    """
    if new_state not in Comment.State.values:
        raise ValueError(f"unknown state {new_state!r}")
    if expected_state is not None and expected_state not in Comment.State.values:
        raise ValueError(f"unknown expected state {expected_state!r}")
    if (new_state == Comment.State.REMOVED) != bool(removal) or (removal and removal not in Comment.Removal.values):
        raise ValueError(f"a removal ({removal!r}) goes with the removed state, and only with it")
    comments = list({comment.pk: comment for comment in comments}.values())  # the same id twice counts once
    if not comments:
        return Outcome()
    try:
        return _transition(
            comments,
            new_state,
            actor=actor,
            reason=reason,
            expected_state=expected_state,
            removal=removal,
            notify=notify,
        )
    except Conflict:
        outcome = Outcome()
        for comment in comments:
            outcome.refused[comment.pk] = _refusal(comment, gettext("changed while this was being done"))
        return outcome


@transaction.atomic
def _transition(comments, new_state, *, actor, reason, expected_state, removal, notify):
    by_pk = {comment.pk: comment for comment in comments}
    rows = {
        row["pk"]: row
        for row in Comment.objects.select_for_update()
        .filter(pk__in=by_pk)
        .order_by("pk")  # one lock order for everyone: no deadlocks between two batches
        .values(*LOCKED_FIELDS)
    }
    outcome = Outcome()
    movers, dismiss = [], []
    for pk, comment in by_pk.items():
        row = rows.get(pk)
        if row is None:
            outcome.refused[pk] = _refusal(comment, gettext("no longer exists"))
            continue
        seen = expected_state or comment.state
        if row["state"] == Comment.State.REMOVED and new_state != Comment.State.REMOVED:
            outcome.refused[pk] = _refusal(comment, gettext("was removed at its author's request"))
        elif row["state"] != seen:
            outcome.refused[pk] = None  # named below, with who changed it
        elif row["state"] == new_state:
            if new_state == Comment.State.PUBLISHED and row["report_count"]:
                dismiss.append(pk)
            else:
                outcome.refused[pk] = None
        else:
            movers.append(row)
    _name_refusals(outcome, by_pk)

    now = timezone.now()
    moved_pks = [row["pk"] for row in movers]
    if movers:
        fields = {"state": new_state, "moderated_at": now, "hidden_with": None}
        if actor is not None and getattr(actor, "is_authenticated", False):
            fields["moderated_by"] = actor
        # The reason belongs to the rejection: it goes when the comment leaves that state (the log keeps it).
        fields["rejection_reason"] = reason[:500] if new_state == Comment.State.REJECTED else ""
        chosen = match_reasons(movers, reason) if new_state in (Comment.State.REJECTED, Comment.State.HELD) else {}
        if new_state == Comment.State.REMOVED:
            fields.update(WIPED, removed_at=now, removal=removal)
        if new_state == Comment.State.PUBLISHED:
            fields["report_count"] = 0  # approving dismisses the reports
            dismiss += [row["pk"] for row in movers if row["report_count"]]
        # Conditional on the state each comment was locked in: without row locks (SQLite) a
        # concurrent change makes the count fall short, and the whole batch is refused.
        for old_state in {row["state"] for row in movers}:
            group = [row["pk"] for row in movers if row["state"] == old_state]
            for reason_id in {chosen.get(pk, "") for pk in group}:
                same = [pk for pk in group if chosen.get(pk, "") == reason_id]
                updated = Comment.objects.filter(pk__in=same, state=old_state).update(
                    **fields, decision_reason=reason_id
                )
                if updated != len(same):
                    raise Conflict
        _sync_xtd_flags(moved_pks, new_state)
        if new_state == Comment.State.REMOVED:
            _wipe(moved_pks)
            fields = {**fields, **WIPED_ON_XTD}
        for comment in (by_pk[pk] for pk in moved_pks):
            for name, value in fields.items():
                setattr(comment, name, value)
            comment.decision_reason = chosen.get(comment.pk, "")
            comment.is_public = new_state == Comment.State.PUBLISHED
            comment.is_removed = new_state in (Comment.State.REJECTED, Comment.State.SPAM, Comment.State.REMOVED)
    if dismiss:
        still_published = [pk for pk in dismiss if pk not in moved_pks]
        if still_published:
            Comment.objects.filter(pk__in=still_published).update(report_count=0)
        for pk in dismiss:
            by_pk[pk].report_count = 0
    outcome.reports_dismissed = dismiss

    outcome.changes = [Change(by_pk[row["pk"]], row["state"], new_state) for row in movers]
    outcome.changes += _cascade(movers, new_state, now)

    _log_batch(outcome, by_pk, rows, reason, actor, now)
    _announce_batch(outcome.changes, actor, notify)
    return outcome


def _refusal(comment, why):
    return gettext("Nothing changed: comment %(id)s (%(author)s) %(why)s.") % {
        "id": comment.pk,
        "author": comment.user_name or gettext("anonymous"),
        "why": why,
    }


def _name_refusals(outcome, by_pk):
    """Messages for the comments that were not where the caller saw them: one query for all."""
    pending = [pk for pk, message in outcome.refused.items() if message is None]
    if not pending:
        return
    current = (
        Comment.objects.filter(pk__in=pending)
        .select_related("moderated_by")
        .only("pk", "state", "moderated_by__username", "moderated_by__first_name", "moderated_by__last_name")
    )
    for comment in current:
        state = comment.get_state_display().lower()
        who = comment.moderated_by
        if who is not None:
            why = gettext("is already %(state)s, by %(who)s") % {
                "state": state,
                "who": who.get_full_name() or who.get_username(),
            }
        else:
            why = gettext("is already %(state)s") % {"state": state}
        outcome.refused[comment.pk] = _refusal(by_pk[comment.pk], why)


def _cascade(movers, new_state, now):
    """Hide the published replies of the comments that left the published state, or bring back
    those hidden with the comments just published. Returns their ``Change``s (cascaded)."""
    moved_pks = [row["pk"] for row in movers]
    staff_moved = [row["pk"] for row in movers if row["is_staff_answer"]]
    if new_state == Comment.State.PUBLISHED:
        restored = list(Comment.objects.filter(hidden_with__in=moved_pks).only(*REPLY_FIELDS))
        if staff_moved or any(reply.is_staff_answer for reply in restored):
            # Before the replies come back, while they can still be told apart by hidden_with.
            mark_answered_by(Comment.objects.filter(pk__in=[*moved_pks, *(r.pk for r in restored)]), now)
        if not restored:
            return []
        restored_pks = [reply.pk for reply in restored]
        Comment.objects.filter(pk__in=restored_pks).update(state=Comment.State.PUBLISHED, hidden_with=None)
        _sync_xtd_flags(restored_pks, Comment.State.PUBLISHED)
        changes = []
        for reply in restored:
            changes.append(
                Change(reply, reply.state, Comment.State.PUBLISHED, cascaded=True, root=reply.hidden_with_id)
            )
            reply.state, reply.hidden_with_id = Comment.State.PUBLISHED, None
        return changes

    were_published = [row for row in movers if row["state"] == Comment.State.PUBLISHED]
    # A tombstone keeps its replies in place: nothing is hidden with it.
    hidden = {} if new_state == Comment.State.REMOVED else _published_descendants(were_published, set(moved_pks))
    if not hidden:
        if staff_moved and were_published:
            unmark_answered_by(staff_moved, [row["pk"] for row in were_published])
        return []
    Comment.objects.filter(pk__in=hidden).update(
        state=Comment.State.HELD,
        hidden_with=Case(*[When(pk=pk, then=Value(root)) for pk, (root, _reply) in hidden.items()]),
    )
    _sync_xtd_flags(list(hidden), Comment.State.HELD)
    staff_hidden = [pk for pk, (_root, reply) in hidden.items() if reply.is_staff_answer]
    if staff_moved or staff_hidden:
        # Questions answered only by team answers that just left the published state wait again.
        unpublished = [row["pk"] for row in were_published] + list(hidden)
        unmark_answered_by([*staff_moved, *staff_hidden], unpublished)
    changes = [
        Change(reply, Comment.State.PUBLISHED, Comment.State.HELD, cascaded=True, root=root)
        for root, reply in hidden.values()
    ]
    for root, reply in hidden.values():
        reply.state, reply.hidden_with_id = Comment.State.HELD, root
    return changes


# What a cascaded reply needs for its audit entry, the index and the page cache.
REPLY_FIELDS = ("pk", "state", "hidden_with", "is_staff_answer", "page_id", "hub_id", "user_name", "comment", "level")


def _published_descendants(roots, exclude):
    """{reply pk: (pk of the root being hidden, reply)} for the published replies below ``roots``,
    in one query (xtd keeps each thread in depth-first ``order``).

    Replies in ``exclude`` (themselves part of the batch) are left to their own change."""
    if not roots:
        return {}
    rows = list(
        # Every state: a reply's place in the thread tells where a subtree ends.
        Comment.objects.filter(thread_id__in={r["thread_id"] for r in roots})
        .order_by("thread_id", "order")
        .only("thread_id", "order", *REPLY_FIELDS)
    )
    by_thread = {}
    for row in rows:
        by_thread.setdefault(row.thread_id, []).append(row)
    result = {}
    # Outermost roots first: a reply below two hidden comments is hidden with the higher one.
    for root in sorted(roots, key=lambda r: r["level"]):
        for row in by_thread.get(root["thread_id"], []):
            if row.order <= root["order"]:
                continue
            if row.level <= root["level"]:
                break
            if row.state == Comment.State.PUBLISHED and row.pk not in exclude:
                result.setdefault(row.pk, (root["pk"], row))
    return result


def write_log(entries, actor, now):
    """The audit entries ``[(comment, action, data), ...]``, written in one INSERT: the one place
    comment actions reach Wagtail's log (creation, every transition, dismissed reports).

    Built the way Wagtail's ``log()`` builds them (the registry's log model for the comment, its
    content type, label and the active log context's uuid), then inserted together: ``log()``
    validates each entry's foreign keys with a query per key and costs one INSERT per entry, so a
    post would pay three statements and a bulk action of 500 comments 1,500."""
    if not entries:
        return
    model = log_registry.get_log_model_for_model(Comment)
    content_type = ContentType.objects.get_for_model(Comment, for_concrete_model=False)
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    context = get_active_log_context()
    batch_uuid = context.uuid or uuid.uuid4()
    model.objects.bulk_create(
        [
            model(
                content_type=content_type,
                object_id=str(comment.pk),
                label=_label(comment),
                action=action,
                timestamp=now,
                data=data,
                user=user,
                uuid=batch_uuid,
            )
            for comment, action, data in entries
        ]
    )


def _log_batch(outcome, by_pk, rows, reason, actor, now):
    """One audit entry per comment changed (and per dismissal of reports)."""
    entries = []
    for change in outcome.changes:
        if change.cascaded:
            data = _entry(change.old_state, change.new_state, "", cascaded_from=change.root)
        else:
            data = _entry(change.old_state, change.new_state, reason)
            if getattr(change.comment, "decision_reason", ""):
                data["decision_reason"] = change.comment.decision_reason
        entries.append((change.comment, f"townsquare_comment.{change.new_state}", data))
    for pk in outcome.reports_dismissed:
        entries.append((by_pk[pk], "townsquare_comment.reports_dismissed", {"reports": rows[pk]["report_count"]}))
    write_log(entries, actor, now)


def _label(comment):
    # The label Wagtail's log would store (django-comments' str()), without reading the user row.
    if comment.state == Comment.State.REMOVED:
        return gettext("removed comment")
    return f"{comment.user_name}: {comment.comment[:50]}..."[:255]


def announce_changes(changes, actor):
    """Tell the index and the page cache about ``changes`` once the transaction commits (for a
    change that is not a move of state: an author's edit)."""
    transaction.on_commit(lambda: comments_changed.send(sender=Comment, changes=changes, actor=actor))


def _announce_batch(changes, actor, notify=True):
    if not changes:
        return
    # The states are bound now: the comments may change again before the transaction commits.
    transaction.on_commit(lambda: comments_changed.send(sender=Comment, changes=changes, actor=actor))
    for change in changes:
        if not change.cascaded:
            transaction.on_commit(
                lambda c=change: comment_state_changed.send(
                    sender=Comment,
                    comment=c.comment,
                    old_state=c.old_state,
                    new_state=c.new_state,
                    actor=actor,
                    notify=notify,
                )
            )


def set_state(comment, new_state, *, actor=None, reason="", expected_state=None):
    """``transition`` of one comment; True when it moved (False: someone else got there first)."""
    outcome = transition([comment], new_state, actor=actor, reason=reason, expected_state=expected_state)
    return bool(outcome.moved)
