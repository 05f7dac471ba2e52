"""The comment model and the records around it (reactions, reports).

``Comment`` extends django-comments-xtd's ``XtdComment`` (threading: thread,
parent, level, order). Its ``state`` is the one source of truth for where a
comment stands; xtd's ``is_public``/``is_removed`` are derived from it on
every save so that xtd's own helpers keep working. State changes go through
``moderation.lifecycle``, never through assigning ``state`` directly.
"""

import hashlib

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_comments_xtd.models import XtdComment
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


def commenter_key(email):
    """A 64-bit number standing for an e-mail address (case and spaces ignored), None for none:
    insights count commenters by it without reading addresses."""
    normalised = (email or "").strip().lower()
    if not normalised:
        return None
    digest = hashlib.sha256(f"townsquare-commenter:{normalised}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


class CommentQuerySet(models.QuerySet):
    def published(self):
        return self.filter(state=Comment.State.PUBLISHED)


# Not xtd's manager: it joins user and content type on every query, and threads need neither.
CommentManager = models.Manager.from_queryset(CommentQuerySet)


class Comment(XtdComment):
    # Not in Wagtail's reference index: a comment's links to its story and hub are the discussion
    # itself, not "usage" of the page, and indexing them queued a task for every comment posted.
    wagtail_reference_index_ignore = True

    class State(models.TextChoices):
        PUBLISHED = "published", _("Published")
        HELD = "held", _("Held for review")
        REJECTED = "rejected", _("Rejected")
        SPAM = "spam", _("Spam")
        # A tombstone (``moderation.lifecycle.removal``): wiped, kept in place for its replies.
        REMOVED = "removed", _("Removed at the author's request")

    class Removal(models.TextChoices):
        """Who asked for a tombstone: the author themself, or a privacy request (erasure)."""

        AUTHOR = "author", _("Deleted by its author")
        ERASURE = "erasure", _("Erased on request")

    class Reason(models.TextChoices):
        """Why a comment is where it is: the codes stored in ``reasons`` (with a message each)."""

        BLOCKED = "blocked", _("Commenter blocked")
        BANNED_WORD = "banned_word", _("Banned word")
        SUSPECT_WORD = "suspect_word", _("Suspect word")
        LINKS = "links", _("Too many links")
        OFFENSIVE = "offensive", _("Offensive-language score")
        PREMODERATION = "premoderation", _("Hub reviews every comment")
        FIRST_TIME = "first_time", _("First-time commenter")
        STAFF_ANSWER = "staff_answer", _("Answer from the team")
        REPORTS = "reports", _("Hidden after reports")
        COVERAGE = "coverage", _("Team away or behind")
        NO_CHALLENGE = "no_challenge", _("Posted without the browser check")
        WATCHED = "watched", _("Commenter pre-moderated by a moderator")

    xtdcomment_ptr = models.OneToOneField(
        XtdComment, parent_link=True, primary_key=True, on_delete=models.CASCADE, related_name="townsquare_comment"
    )
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.HELD)
    html = models.TextField(_("text as shown"), blank=True, editable=False, help_text=_("Sanitized once, on write."))
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("page"), on_delete=models.CASCADE, related_name="+", null=True
    )
    # The story's hub, kept here so that queues filter and scope by hub with an index.
    hub = models.ForeignKey(
        "communities.CommunityHubPage",
        verbose_name=_("hub"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    language = models.CharField(_("language"), max_length=12, blank=True)
    is_staff_answer = models.BooleanField(_("answer from the team"), default=False)
    staff_role = models.CharField(_("team role"), max_length=120, blank=True)
    # Why the policy decided what it did, e.g. [{"code": "first_time", "message": "..."}].
    reasons = models.JSONField(_("moderation reasons"), default=list, blank=True)
    scores = models.JSONField(_("scores"), default=dict, blank=True)
    like_count = models.PositiveIntegerField(_("likes"), default=0)
    report_count = models.PositiveIntegerField(_("reports"), default=0)
    # Triage: who looked at it last, why it was rejected, who should answer it.
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    rejection_reason = models.CharField(_("rejection reason"), max_length=500, blank=True)
    # The hub's reason the moderator chose (the id of a block of the hub's ``decision_reasons``,
    # the same in every translation of the hub): what the commenter's notice explains.
    decision_reason = models.CharField(_("reason chosen"), max_length=36, blank=True, editable=False)
    is_question = models.BooleanField(_("asks the team a question"), default=False)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    # The hub's target time to first answer, applied to a question (moderation.response_times).
    respond_by = models.DateTimeField(_("answer by"), null=True, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_comments",
    )
    assignment_note = models.CharField(_("assignment note"), max_length=500, blank=True)
    # Set on replies hidden because this comment (an ancestor) was: publishing it again restores them.
    hidden_with = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=True
    )

    # Copies of the parent tables' submit_date and (as a key) user_email, so that insights and a
    # commenter's history read this one table: joining three tables for every comment cost seconds
    # at a million.
    submitted_at = models.DateTimeField(_("submitted at"), null=True, editable=False)
    commenter_key = models.BigIntegerField(_("commenter key"), null=True, editable=False)
    # Tombstones: when and why the text and the author's details were wiped (state ``removed``).
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True, editable=False)
    removal = models.CharField(_("removal"), max_length=10, choices=Removal.choices, blank=True, editable=False)
    # A reply from another server of the fediverse (``federation``): the address of its author's
    # actor and of the note it came as. Its author is known by the actor, not by an e-mail address.
    remote_author = models.URLField(_("fediverse author"), max_length=500, blank=True, editable=False)
    remote_id = models.URLField(_("fediverse note"), max_length=500, blank=True, editable=False)

    objects = CommentManager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [
            models.Index(fields=["page", "state"], name="comment_page_state_idx"),
            models.Index(fields=["state", "language"], name="comment_state_idx"),
            models.Index(fields=["state", "report_count"], name="comment_reported_idx"),
            models.Index(fields=["hub", "state"], name="comment_hub_state_idx"),
            models.Index(fields=["is_question", "answered_at", "state"], name="comment_questions_idx"),
            # The needs-response queue, most urgent first.
            models.Index(fields=["is_question", "answered_at", "respond_by"], name="comment_respond_by_idx"),
            # Insights: a hub's comments in a date range (on PostgreSQL, migration 0006 adds the
            # columns insights read to this index, so that they are read from the index alone).
            models.Index(fields=["hub", "submitted_at"], name="comment_hub_submitted_idx"),
            # A commenter's history in the queue and the first-comment rule, counted from the index.
            models.Index(fields=["commenter_key", "state"], name="comment_commenter_idx"),
            # A remote author's history (the first-comment rule), by actor.
            models.Index(
                fields=["remote_author", "state"],
                name="comment_remote_author_idx",
                condition=~models.Q(remote_author=""),
            ),
        ]
        constraints = [
            # One comment per fediverse note: a delivery repeated stores nothing twice.
            models.UniqueConstraint(
                fields=["remote_id"], name="comment_remote_once", condition=~models.Q(remote_id="")
            ),
        ]

    def save(self, *args, **kwargs):
        """Store the comment in one pass: one INSERT per table for a new comment, never a second save.

        django-comments-xtd's ``XtdComment.save`` inserts a new comment, then saves it a second time
        to fill in its thread (and, for a reply, renumbers the thread on the way); and its
        ``pre_save`` receiver, which ``moderation.apps`` disconnects for this model, cascades
        ``is_public`` to the replies on every save. Neither fits here: ``moderation.lifecycle``
        owns visibility (replies hidden with their parent come back with it) and places a reply in
        its thread before it is inserted (``thread_id``, ``parent_id``, ``level``, ``order``).
        A top-level comment opens its own thread: ``_save_table`` gives it its own id as
        ``thread_id`` and ``parent_id`` as the xtd row is inserted, the id being known by then.
        ``nested_count`` is not kept: nothing here reads it (threads count their replies).
        """
        # xtd's flags follow the state, never the other way round.
        self.is_public = self.state == self.State.PUBLISHED
        self.is_removed = self.state in (self.State.REJECTED, self.State.SPAM)
        if self.submit_date is None:
            self.submit_date = timezone.now()
        self.submitted_at = self.submit_date
        self.commenter_key = commenter_key(self.user_email)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "state" in update_fields:
            kwargs["update_fields"] = {*update_fields, "is_public", "is_removed"}
        if update_fields is not None and {"submit_date", "user_email"} & set(update_fields):
            kwargs["update_fields"] = {*kwargs["update_fields"], "submitted_at", "commenter_key"}
        if self._state.adding and self.parent_id and not self.thread_id:
            raise ValueError("A new reply is placed in its thread by moderation.lifecycle.create_comment.")
        # django_comments' save (it fills in submit_date), not xtd's: see the docstring.
        super(XtdComment, self).save(*args, **kwargs)

    def _save_table(self, raw=False, cls=None, *args, **kwargs):
        # The row of xtd's table is inserted once the parent table's row has its id: a new
        # top-level comment's thread is itself.
        if cls is XtdComment and self._state.adding and not self.parent_id and self.id is not None:
            self.thread_id = self.parent_id = self.id
        return super()._save_table(raw, cls, *args, **kwargs)

    @property
    def is_published(self):
        return self.state == self.State.PUBLISHED

    @property
    def is_held(self):
        return self.state == self.State.HELD

    @property
    def anchor(self):
        return f"c{self.pk}"

    def get_absolute_url(self, anchor_pattern="#c%(id)s"):
        from django.urls import reverse

        return reverse("comment-permalink", args=[self.pk])


class Reaction(models.Model):
    """A visitor's like of a comment: one per visitor (``moderation.identity``: the signed-in user,
    else the confirmed e-mail, else the client address; never the browser session alone)."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reactions")
    visitor = models.CharField(
        max_length=64, help_text=_("'u:<user id>', or a keyed hash of the confirmed e-mail or of the address")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["comment", "visitor"], name="one_like_per_visitor")]

    def __str__(self):
        return f"like of comment {self.comment_id}"


class Report(models.Model):
    """A visitor's report of a comment; reports feed the moderation queues."""

    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam or advertising")
        ABUSIVE = "abusive", _("Abusive or harassing")
        OFF_TOPIC = "off_topic", _("Off-topic")
        OTHER = "other", _("Something else")

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="visitor_reports")
    # Who reported (``moderation.identity``): one report per visitor, and the hide threshold
    # counts visitors. ``address``: the keyed hash of the client address, so that guests
    # reporting from one address count once; ``weight``: 2 from a commenter with a published
    # comment (see docs/moderators.md).
    visitor = models.CharField(max_length=64)
    address = models.CharField(max_length=64, blank=True, default="", editable=False)
    weight = models.PositiveSmallIntegerField(default=1, editable=False)
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["comment", "visitor"], name="one_report_per_visitor")]

    def __str__(self):
        return f"{self.get_reason_display()}: comment {self.comment_id}"


class WordList(models.Model):
    """Words or phrases that reject or hold a comment, in one language, site-wide or for one hub."""

    class Action(models.TextChoices):
        REJECT = "reject", _("Reject (banned words)")
        HOLD = "hold", _("Hold for review (suspect words)")

    name = models.CharField(_("name"), max_length=120)
    language = models.CharField(_("language"), max_length=12, choices=settings.LANGUAGES)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices, default=Action.HOLD)
    hub = models.ForeignKey(
        "communities.CommunityHubPage",
        verbose_name=_("hub"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="word_lists",
        help_text=_("Leave empty to apply to every hub."),
    )
    words = models.TextField(
        _("words and phrases"),
        help_text=_(
            "One per line, plain words. Matching ignores case, accents and look-alike spellings, and catches "
            "plurals and other forms of whole words; end a word with * to match every word that starts with it."
        ),
    )

    class Meta:
        verbose_name = _("word list")
        verbose_name_plural = _("word lists")
        ordering = ["language", "action", "name"]

    def __str__(self):
        return f"{self.name} ({self.get_language_display()})"

    @property
    def word_list(self):
        return [line.strip() for line in self.words.splitlines() if line.strip()]


class BlockedCommenter(models.Model):
    """A commenter whose comments are rejected: stored as hashes, never as the address itself."""

    email_hash = models.CharField(max_length=64, blank=True, db_index=True)
    ip_hash = models.CharField(max_length=64, blank=True, db_index=True)
    label = models.CharField(_("shown as"), max_length=120, blank=True, help_text=_("e.g. the name they used"))
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    blocked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("blocked commenter")
        verbose_name_plural = _("blocked commenters")

    def __str__(self):
        return self.label or self.email_hash[:12]


class AboutCommenter(models.Model):
    """What moderators keep about a commenter in one hub (``moderation.commenters``): the commenter
    is their ``commenter_key`` (a hash of their e-mail address, as on their comments), so no
    address is stored; erasing the commenter deletes it."""

    commenter_key = models.BigIntegerField(_("commenter key"), db_index=True, editable=False)
    hub = models.ForeignKey(
        "communities.CommunityHubPage", verbose_name=_("hub"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        abstract = True


class WatchedCommenter(AboutCommenter):
    """Always pre-moderate this commenter in one hub: their new comments there are held for
    review, whatever the hub's own pre-moderation."""

    label = models.CharField(_("shown as"), max_length=120, blank=True, help_text=_("the name they used"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("set by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    set_at = models.DateTimeField(_("set at"), auto_now_add=True)

    class Meta:
        verbose_name = _("pre-moderated commenter")
        verbose_name_plural = _("pre-moderated commenters")
        constraints = [models.UniqueConstraint(fields=["commenter_key", "hub"], name="one_watch_per_hub")]

    def __str__(self):
        return f"pre-moderated commenter {self.pk}"


class CommenterNote(AboutCommenter):
    """A note the moderators of a hub leave each other about a commenter, read in the commenter's
    drawer; the commenter never sees it."""

    MAX_LENGTH = 1000

    text = models.TextField(_("note"), max_length=MAX_LENGTH)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("written by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        verbose_name = _("note about a commenter")
        verbose_name_plural = _("notes about commenters")

    def __str__(self):
        return f"note {self.pk} about a commenter"


class ModeratorDigest(models.Model):
    """When a moderator was last e-mailed about newly held comments (at most one digest per interval)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    last_sent_at = models.DateTimeField()

    def __str__(self):
        return f"digest for {self.user_id}"


@register_setting(icon="warning")
class ModerationSettings(BaseGenericSetting):
    """Site-wide defaults of the comment policy (each hub adds its own pre-moderation and word lists)."""

    max_links = models.PositiveSmallIntegerField(
        _("links allowed before holding"), default=2, help_text=_("A comment with more links is held.")
    )
    profanity_threshold = models.FloatField(
        _("offensive-language threshold"),
        default=0.85,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
        help_text=_("Comments in English scoring above this (0–1) are held. 1 turns the check off."),
    )
    reports_to_hide = models.PositiveSmallIntegerField(
        _("reports that hide a comment"),
        default=3,
        validators=[MinValueValidator(1)],
        help_text=_("After this many reports from different visitors a comment is hidden and held."),
    )
    rate_limit_count = models.PositiveSmallIntegerField(
        _("comments allowed per window"),
        default=5,
        validators=[MinValueValidator(1)],
        help_text=_("Per IP address and per e-mail address."),
    )
    rate_limit_minutes = models.PositiveSmallIntegerField(
        _("rate-limit window (minutes)"), default=10, validators=[MinValueValidator(1)]
    )
    require_rejection_reason = models.BooleanField(_("require a reason to reject"), default=True)
    digest_minutes = models.PositiveSmallIntegerField(
        _("minimum minutes between digest e-mails"), default=30, validators=[MinValueValidator(1)]
    )
    appeal_days = models.PositiveSmallIntegerField(
        _("days to appeal a decision"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("How long after a decision its notice's appeal link works."),
    )

    notice_hours = models.PositiveSmallIntegerField(
        _("hours to handle a notice of illegal content"),
        default=72,
        validators=[MinValueValidator(1), MaxValueValidator(720)],
        help_text=_("The deadline shown in the Illegal content queue and told to the person who sent the notice."),
    )

    class Meta:
        verbose_name = _("moderation settings")


class ConfirmationKey(models.Model):
    """A confirmation link handed out (``moderation.discussion.confirmation``): links are single-use
    and checked against this row, not only their signature; erasure deletes a commenter's rows, so
    their old links restore nothing. Only a hash of the key and of the e-mail address is kept."""

    key_hash = models.CharField(max_length=64, unique=True)
    email_key = models.CharField(max_length=64, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)
    comment = models.ForeignKey(Comment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    def __str__(self):
        return f"confirmation key {self.pk}"


class CommentEdit(models.Model):
    """An author's edit of their comment: the text before it, for the comment's history."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="edits")
    previous_text = models.TextField(_("previous text"))
    edited_at = models.DateTimeField(_("edited at"), auto_now_add=True)
    new_state = models.CharField(_("state after the edit"), max_length=12, choices=Comment.State.choices)

    class Meta:
        ordering = ["edited_at", "pk"]

    def __str__(self):
        return f"edit of comment {self.comment_id}"


class MailOptOut(models.Model):
    """An address that asked for no more e-mails from the site (``moderation.notifications``):
    every sender checks it. Only a hash of the normalised address is kept."""

    email_key = models.CharField(_("e-mail key"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("e-mail opt-out")

    def __str__(self):
        return f"e-mail opt-out {self.pk}"


class HandledCase(models.Model):
    """What an appeal and a notice of illegal content share: the comment they are about and its
    hub, the outcome a moderator gave, its reason (which the person who asked reads), who gave it
    and when.

    A case outlives its comment (deleted when its author removes it or has their data erased):
    it keeps the hub, stays counted, and is scoped to the hub's moderators by it."""

    comment = models.ForeignKey(
        Comment, verbose_name=_("comment"), null=True, on_delete=models.SET_NULL, related_name="%(class)ss"
    )
    hub = models.ForeignKey(
        "communities.CommunityHubPage",
        verbose_name=_("hub"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    outcome_reason = models.CharField(_("reason for the outcome"), max_length=500, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True, editable=False)

    class Meta:
        abstract = True


class Appeal(HandledCase):
    """A commenter's appeal of one decision about their comment (``moderation.appeals``).

    ``decision`` is the audit entry of the decision appealed (Wagtail's log): one appeal per
    decision, enforced by the database. The appeal is decided by another moderator than the one
    who decided, when the hub has another; a reversal goes through ``lifecycle.transition``.

    An appeal still open when its comment is removed is closed (``WITHDRAWN``)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for a decision")
        UPHELD = "upheld", _("Decision upheld")
        REVERSED = "reversed", _("Decision reversed")
        WITHDRAWN = "withdrawn", _("Closed: the comment was removed")

    decision = models.PositiveBigIntegerField(_("decision (audit entry)"), unique=True, editable=False)
    decided_state = models.CharField(_("decision"), max_length=12, choices=Comment.State.choices, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    statement = models.TextField(_("why the commenter thinks the decision is wrong"), max_length=2000)
    language = models.CharField(_("language"), max_length=12, blank=True, editable=False)
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        indexes = [models.Index(fields=["status", "submitted_at"], name="appeal_status_idx")]

    def __str__(self):
        return f"appeal {self.pk} of comment {self.comment_id}"


class IllegalContentNotice(HandledCase):
    """A notice that a comment is illegal, with what the law expects of one (the EU's Digital
    Services Act, article 16): why it is illegal, where exactly, who sends it and a statement of
    good faith. ``moderation.notices`` holds the rules: the sender is acknowledged, a moderator of
    the hub decides before the deadline, and the sender is told the outcome."""

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for a decision")
        REMOVED = "removed", _("Comment removed")
        KEPT = "kept", _("No action: the comment stays")

    explanation = models.TextField(_("why the content is illegal"), max_length=3000)
    location = models.CharField(_("where exactly"), max_length=500)
    reporter_name = models.CharField(_("name of the sender"), max_length=100)
    reporter_email = models.EmailField(_("e-mail of the sender"))
    good_faith = models.BooleanField(_("statement of good faith"), default=False)
    language = models.CharField(_("language"), max_length=12, blank=True, editable=False)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)
    deadline = models.DateTimeField(_("deadline"), editable=False)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)

    class Meta:
        verbose_name = _("notice of illegal content")
        verbose_name_plural = _("notices of illegal content")
        indexes = [models.Index(fields=["status", "deadline"], name="notice_status_idx")]
        constraints = [
            models.UniqueConstraint(fields=["comment", "reporter_email"], name="one_notice_per_sender_and_comment")
        ]

    def __str__(self):
        return f"notice {self.pk} about comment {self.comment_id}"
