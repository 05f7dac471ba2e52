"""A moderator's view of a commenter: the one place for its rules.

Opened from a comment (its drawer in the queue, or its history page), it shows the moderator the
person who wrote it, within the hubs the moderator moderates:

- ``file_for(comment, user)``: the commenter's ``CommenterFile`` — their comments by state, the
  decisions made about them (Wagtail's audit log), their appeals, the reports they made as a
  visitor, the notes moderators left, and the hubs where they are pre-moderated.
- ``add_note(comment, user, text)``: a note for the hub's other moderators (audited).
- ``set_premoderated(comment, user, on)``: "always pre-moderate this commenter" in the comment's
  hub; ``policy.decide`` then holds their new comments there (``Comment.Reason.WATCHED``).

A commenter is the ``commenter_key`` of their e-mail address (``models.commenter_key``), as
written and as normalised (``townsquare.mail.normalise_email``: "a+x@gmail.com" is "a@gmail.com"), so a
new spelling of the same mailbox does not escape pre-moderation. Nothing here stores an address;
``actions.erase_commenter`` deletes the notes and pre-moderation with the comments.
"""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import CharField, Count, Q
from django.db.models.functions import Cast
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from moderation.identity import email_key
from moderation.models import Appeal, Comment, CommenterNote, Report, WatchedCommenter, commenter_key
from moderation.permissions import moderated_hub_ids
from townsquare.mail import normalise_email

RECENT = 20  # decisions and reports shown; the counts cover everything


class CommenterRefused(Exception):
    """The change cannot be made; the message says why (shown to the moderator, with a 400)."""


def keys_for(email):
    """The ``commenter_key`` values that stand for ``email``: as written and normalised."""
    return sorted({key for key in (commenter_key(email), commenter_key(normalise_email(email))) if key is not None})


@dataclass
class CommenterFile:
    name: str
    counts: dict  # "published", "held", "rejected", "spam", "removed", "total"
    decisions: list  # ModelLogEntry, the latest first
    appeals: list  # Appeal
    reports: list  # Report made by the commenter as a visitor
    notes: list  # CommenterNote, the latest first
    premoderated: bool  # in the comment's hub
    premoderated_elsewhere: list = field(default_factory=list)  # hub titles among the user's hubs


def _scoped(queryset, user, hub_field="hub_id"):
    hubs = moderated_hub_ids(user)
    return queryset if hubs is None else queryset.filter(**{f"{hub_field}__in": hubs})


def file_for(comment, user):
    """The ``CommenterFile`` of the author of ``comment``, as ``user`` may see it."""
    keys = keys_for(comment.user_email)
    if not keys:  # an erased comment: nobody left to know
        return CommenterFile(comment.user_name, {}, [], [], [], [], False)
    comments = _scoped(Comment.objects.filter(commenter_key__in=keys), user).order_by()
    counts = comments.aggregate(
        total=Count("pk"),
        **{state: Count("pk", filter=Q(state=state)) for state in Comment.State.values},
    )
    # Audit entries name their comment by a text id: matched in the database, whatever the number.
    comment_ids = comments.annotate(object_key=Cast("pk", output_field=CharField())).values("object_key")
    of_comments = ContentType.objects.get_for_model(Comment)
    decisions = list(
        ModelLogEntry.objects.filter(content_type=of_comments, object_id__in=comment_ids)
        .filter(action__startswith="townsquare_comment.")
        .select_related("user")
        .order_by("-timestamp", "-pk")[:RECENT]
    )
    appeals = list(_scoped(Appeal.objects.filter(comment__commenter_key__in=keys), user).order_by("-submitted_at"))
    # As a visitor they report under their account, or their confirmed address (``identity``).
    visitors = [email_key(comment.user_email)] + ([f"u:{comment.user_id}"] if comment.user_id else [])
    reports = list(
        _scoped(Report.objects.filter(visitor__in=visitors), user, "comment__hub_id")
        .select_related("comment")
        .order_by("-created_at")[:RECENT]
    )
    notes = list(
        _scoped(CommenterNote.objects.filter(commenter_key__in=keys), user)
        .select_related("author", "hub")
        .order_by("-created_at", "-pk")
    )
    watched = list(_scoped(WatchedCommenter.objects.filter(commenter_key__in=keys), user).select_related("hub"))
    return CommenterFile(
        name=comment.user_name,
        counts=counts,
        decisions=decisions,
        appeals=appeals,
        reports=reports,
        notes=notes,
        premoderated=any(watch.hub_id == comment.hub_id for watch in watched),
        premoderated_elsewhere=sorted({watch.hub.title for watch in watched if watch.hub_id != comment.hub_id}),
    )


def add_note(comment, user, text):
    """Leave ``text`` for the other moderators of the comment's hub, about its author."""
    text = (text or "").strip()
    if not text:
        raise CommenterRefused(_("Write the note first."))
    if len(text) > CommenterNote.MAX_LENGTH:
        raise CommenterRefused(
            _("A note can be at most %(max)s characters long; this one has %(length)s.")
            % {"max": CommenterNote.MAX_LENGTH, "length": len(text)}
        )
    key = commenter_key(normalise_email(comment.user_email))
    if key is None or comment.hub_id is None:
        raise CommenterRefused(_("This comment's author is no longer known: their data was erased."))
    note = CommenterNote.objects.create(commenter_key=key, hub_id=comment.hub_id, text=text, author=user)
    log(comment, "townsquare_comment.commenter_note", user=user, data={"note": note.pk})
    return note


@transaction.atomic
def set_premoderated(comment, user, on):
    """Turn "always pre-moderate this commenter" on or off in the comment's hub. Idempotent."""
    keys = keys_for(comment.user_email)
    if not keys or comment.hub_id is None:
        raise CommenterRefused(_("This comment's author is no longer known: their data was erased."))
    watches = WatchedCommenter.objects.filter(commenter_key__in=keys, hub_id=comment.hub_id)
    if not on:
        if watches.delete()[0]:
            log(comment, "townsquare_comment.commenter_premoderation_off", user=user)
        return False
    if watches.exists():
        return True
    try:
        with transaction.atomic():
            WatchedCommenter.objects.create(
                commenter_key=commenter_key(normalise_email(comment.user_email)),
                hub_id=comment.hub_id,
                label=comment.user_name[:120],
                set_by=user,
            )
    except IntegrityError:  # set at the same moment by another moderator
        return True
    log(comment, "townsquare_comment.commenter_premoderation_on", user=user)
    return True


def premoderated_in(hub, email):
    """The rows that make ``email``'s comments in ``hub`` wait for review (``policy.read_commenter``)."""
    return WatchedCommenter.objects.filter(hub=hub, commenter_key__in=keys_for(email))


def forget(email):
    """Delete the notes and pre-moderation about ``email`` (``actions.erase_commenter``)."""
    keys = keys_for(email)
    CommenterNote.objects.filter(commenter_key__in=keys).delete()
    WatchedCommenter.objects.filter(commenter_key__in=keys).delete()
