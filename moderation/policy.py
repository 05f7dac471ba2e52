"""The comment policy: decides the state of a new comment and says why.

``decide()`` is the one place that turns the site's and the hub's comment
policy into a state. Every rule that fires adds a reason (a stable ``code``
and a translated ``message``), so a moderator sees exactly why a comment
waits ("suspect word 'refund'", "3 links"); rejection wins over holding, and
all reasons are kept.

The same module limits how fast one address may post (``check_rate_limit``)
and hides a comment that enough visitors reported (``record_report``).
Addresses are only ever stored or used as cache keys through
``hash_identifier``.
"""

import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache

from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import BooleanField, Exists, Q, Value
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from communities.models import CommunityHubPage
from moderation.commenters import premoderated_in
from moderation.models import BlockedCommenter, Comment, ModerationSettings, Report, WordList, commenter_key
from townsquare.mail import normalise_email
from townsquare.rate_limits import Limited, count_attempt
from townsquare.text import entry_words as entry_words_of
from townsquare.text import inflects, skeleton, stem
from townsquare.text import words as text_words

Reason = Comment.Reason

# Changing the prefix invalidates every stored BlockedCommenter hash.
HASH_PREFIX = "townsquare-moderation:"

# Entries with characters other than letters, digits, spaces, apostrophes and hyphens ("c++")
# are matched as written rather than word by word.
LITERAL_ENTRY = re.compile(r"[^\w\s'’-]|_")

# "www." right after "://" belongs to a link already counted by its scheme.
LINK_RE = re.compile(r"https?://|(?<!//)\bwww\.", re.IGNORECASE)

# The offensive-language model (alt-profanity-check) is trained on English only:
# its scores for other languages are meaningless, so other languages skip the check.
PROFANITY_LANGUAGES = {"en"}


@dataclass
class Decision:
    """The state a new comment starts in, why, and the scores behind it."""

    state: str = Comment.State.PUBLISHED
    reasons: list = field(default_factory=list)
    scores: dict = field(default_factory=dict)

    def hold(self, code, message):
        if self.state != Comment.State.REJECTED:
            self.state = Comment.State.HELD
        self.reasons.append({"code": str(code), "message": str(message)})

    def reject(self, code, message):
        self.state = Comment.State.REJECTED
        self.reasons.append({"code": str(code), "message": str(message)})


def hash_identifier(value):
    """The SHA-256 hex digest of an e-mail address or IP address, normalised; "" for an empty value."""
    normalised = (value or "").strip().lower()
    if not normalised:
        return ""
    return hashlib.sha256(f"{HASH_PREFIX}{normalised}".encode()).hexdigest()


def profanity_model():
    """The offensive-language model's scoring function. Loading it takes about a second: imported
    on first use, or at start-up where ``PRELOAD_PROFANITY_MODEL`` is on (``ModerationConfig.ready``:
    with gunicorn ``--preload``, once before the workers fork, so that no visitor waits for it)."""
    from profanity_check import predict_prob

    return predict_prob


def profanity_scores(texts):
    """Offensive-language probabilities (0–1) for English ``texts``, in one call to the model."""
    if not texts:
        return []
    return [float(score) for score in profanity_model()(list(texts))]


def _signed_in(user):
    return user is not None and user.is_authenticated


def _published_by(email, user, remote_author=""):
    """The commenter's published comments (the user's when signed in, a fediverse author's by
    their actor, else the e-mail address's).

    By ``commenter_key`` (indexed) of the address as written and of its normalised form
    (``townsquare.mail.normalise_email``), so "A+news@x.org" finds the comments of "a@x.org"."""
    published = Comment.objects.published()
    if _signed_in(user):
        return published.filter(user=user)
    if remote_author:
        return published.filter(remote_author=remote_author)
    return published.filter(commenter_key__in={commenter_key(email), commenter_key(normalise_email(email))})


def is_first_time(email, user, remote_author=""):
    """True when the commenter (the user when signed in, a fediverse author, else the e-mail
    address) has no published comment."""
    if not _signed_in(user) and not email and not remote_author:
        return True
    return not _published_by(email, user, remote_author).exists()


def _entry_pattern(entry):
    # Whole words only: lookarounds instead of \b, so entries may start or end with punctuation.
    words = entry.split()
    if not words:
        return None
    pattern = r"\s+".join(re.escape(word) for word in words)
    return rf"(?<!\w){pattern}(?!\w)"


def _phrase_at(tokens, position, entry_words, wildcard, language):
    """True when the words of an entry (normalised) are the words of the text from ``position``."""
    if position + len(entry_words) > len(tokens):
        return False
    for offset, entry_word in enumerate(entry_words):
        last_wildcard = wildcard and offset == len(entry_words) - 1
        if not any(
            spelling.startswith(entry_word) if last_wildcard else inflects(spelling, entry_word, language)
            for spelling in tokens[position + offset].spellings
        ):
            return False
    return True


@lru_cache(maxsize=256)
def _compiled_matcher(entries, language):
    unique = {}
    for entry in entries:
        unique.setdefault(skeleton(entry).strip(), entry)
    # Longest first, so a phrase wins over a word it starts with.
    ordered = sorted(unique.values(), key=len, reverse=True)
    alternatives, phrases, by_word, by_stem, wildcards = [], [], {}, {}, []
    for rank, entry in enumerate(ordered):
        if LITERAL_ENTRY.search(entry.rstrip("*")):  # "c++", "a.b": matched as written, normalised
            pattern = _entry_pattern(skeleton(entry))
            if pattern:
                alternatives.append(f"(?P<w{rank}>{pattern})")
            continue
        entry_words = entry_words_of(entry)
        if not entry_words:
            continue
        wildcard = entry.endswith("*")
        phrases.append((rank, tuple(entry_words), wildcard))
        if wildcard and len(entry_words) == 1:
            wildcards.append(len(phrases) - 1)
        else:
            by_word.setdefault(entry_words[0], []).append(len(phrases) - 1)
            by_stem.setdefault(stem(entry_words[0], language), []).append(len(phrases) - 1)
    regex = re.compile("|".join(alternatives)) if alternatives else None

    def candidates(token):
        found = set(wildcards)
        for spelling in token.spellings:
            for key in (spelling, spelling[:-1], spelling[:-2]):
                found.update(by_word.get(key, ()))
            found.update(by_stem.get(stem(spelling, language), ()))
        return sorted(found)  # in rank order: longest entry first

    def find(text):
        shown = skeleton(text or "")
        hits = [(match.start(), int(match.lastgroup[1:])) for match in regex.finditer(shown)] if regex else []
        tokens = text_words(shown)
        position = 0
        while position < len(tokens):
            for index in candidates(tokens[position]):
                rank, entry_words, wildcard = phrases[index]
                if _phrase_at(tokens, position, entry_words, wildcard, language):
                    hits.append((tokens[position].start, rank))
                    position += len(entry_words)
                    break
            else:
                position += 1
        found = []
        for _start, rank in sorted(hits):
            if ordered[rank] not in found:
                found.append(ordered[rank])
        return found

    return find


def _word_matcher(entries, language=""):
    """A function returning the entries (of ``entries``) found in a text, in order of first appearance.

    Text and entries are normalised alike (``townsquare.text``): look-alike letters, invisible
    characters, accents, digits for letters and spelled-out letters do not hide a word, and an
    entry matches its plural and inflected forms in ``language``, but only whole words: "class"
    is no form of "ass". Compiled once per list and language."""
    return _compiled_matcher(tuple(entries), language.split("-")[0])


def _word_lists(hub, language):
    """Banned and suspect entries for ``language``, site-wide and for ``hub``: one query for every list."""
    languages = {language, language.split("-")[0]}
    scope = Q(hub__isnull=True)
    if hub is not None:
        scope |= Q(hub_id=hub.pk)
    entries = {WordList.Action.REJECT: [], WordList.Action.HOLD: []}
    for action, words in WordList.objects.filter(scope, language__in=languages).values_list("action", "words"):
        entries.setdefault(action, []).extend(line.strip() for line in words.splitlines() if line.strip())
    return entries[WordList.Action.REJECT], entries[WordList.Action.HOLD]


def _blocks(email, ip_address):
    """The blocks matching the commenter, or None when neither address is known."""
    # Empty hashes never match: a block by e-mail alone must not catch every comment without an IP.
    conditions = Q()
    if email_hash := hash_identifier(email):
        conditions |= Q(email_hash=email_hash)
    if ip_hash := hash_identifier(ip_address):
        conditions |= Q(ip_hash=ip_hash)
    return BlockedCommenter.objects.filter(conditions) if conditions else None


def _is_blocked(email, ip_address):
    blocks = _blocks(email, ip_address)
    return blocks is not None and blocks.exists()


def _team_groups(user, hub):
    """The hub's team groups the user belongs to."""
    team_group_ids = {hub.editors_group_id, hub.moderators_group_id, hub.owners_group_id} - {None}
    return Group.objects.filter(pk__in=team_group_ids, user=user)


def is_on_team(user, hub):
    """True when ``user`` is on ``hub``'s team (or a superuser): their comments are team answers."""
    if not _signed_in(user) or hub is None:
        return False
    return user.is_superuser or _team_groups(user, hub).exists()


@dataclass
class Commenter:
    """What the policy knows of a commenter, read before their comment is decided: the site's
    settings, whether a block matches them, whether they have a published comment, whether they
    are on the hub's team, whether the hub's moderators pre-moderate them. ``read_commenter``
    reads it all in one statement."""

    settings: ModerationSettings
    blocked: bool
    has_published: bool
    on_team: bool
    premoderated: bool = False  # a moderator of the hub asked to read their comments first
    remote: bool = False  # a fediverse author (``remote_author``): the lowest trust


def read_commenter(*, hub, user, email, ip_address, remote_author=""):
    """The ``Commenter`` posting in ``hub``: the settings row annotated with the three facts,
    one statement where reading each on its own took four (and the rate limit a fifth).

    A block of an e-mail address also catches its other spellings that reach the same mailbox
    ("a+new@x.org" when "a@x.org" is blocked: ``townsquare.mail.normalise_email``)."""
    false = Value(False, output_field=BooleanField())
    # A fediverse author has no e-mail address: their account's address stands in its place.
    blocks = _blocks(email or remote_author, ip_address)
    mailbox_hash = hash_identifier(normalise_email(email))
    if mailbox_hash and mailbox_hash != hash_identifier(email):
        by_mailbox = BlockedCommenter.objects.filter(email_hash=mailbox_hash)
        blocks = by_mailbox if blocks is None else blocks | by_mailbox
    has_published = (
        Exists(_published_by(email, user, remote_author)) if _signed_in(user) or email or remote_author else false
    )
    if _signed_in(user) and hub is not None:
        on_team = Value(True) if user.is_superuser else Exists(_team_groups(user, hub))
    else:
        on_team = false
    watched = premoderated_in(hub, email) if hub is not None and email else None
    row = (
        ModerationSettings.base_queryset()
        .annotate(
            commenter_blocked=Exists(blocks) if blocks is not None else false,
            commenter_has_published=has_published,
            commenter_on_team=on_team,
            commenter_premoderated=Exists(watched) if watched is not None else false,
        )
        .first()
    )
    if row is None:  # the settings row is created on first use
        return Commenter(
            settings=ModerationSettings.load(),
            blocked=blocks is not None and blocks.exists(),
            has_published=not is_first_time(email, user, remote_author),
            on_team=is_on_team(user, hub),
            premoderated=watched is not None and watched.exists(),
            remote=bool(remote_author),
        )
    return Commenter(
        settings=row,
        blocked=row.commenter_blocked,
        has_published=row.commenter_has_published,
        on_team=row.commenter_on_team,
        premoderated=row.commenter_premoderated,
        remote=bool(remote_author),
    )


def decide(*, hub, user, email, ip_address, text, language, is_staff_answer, commenter=None, unchallenged=False):
    """The state a new comment starts in, with the reasons for it.

    Args:
        hub: the ``CommunityHubPage`` the comment is posted in (its pre-moderation and word lists apply).
        language: the comment's language code; word lists are per language, and the
            offensive-language check runs for English only (the model knows no other language).
        is_staff_answer: answers from the hub's team are published without any check.
        commenter: the ``Commenter`` already read by ``read_commenter``, if it was; else each
            fact is read when a rule needs it.
        unchallenged: posted without a solution of the form's challenge (no JavaScript): held.

    Returns:
        A ``Decision``: ``state`` (a ``Comment.State``), ``reasons`` and ``scores``.
    """
    decision = Decision()
    if is_staff_answer:
        decision.reasons.append({"code": str(Reason.STAFF_ANSWER), "message": _("Answer from the community team.")})
        return decision

    settings = commenter.settings if commenter is not None else ModerationSettings.load()
    text = text or ""
    language = (language or "").lower()

    if commenter.blocked if commenter is not None else _is_blocked(email, ip_address):
        decision.reject(Reason.BLOCKED, _("This commenter is blocked."))

    banned, suspect = _word_lists(hub, language)
    for word in _word_matcher(banned, language)(text):
        decision.reject(Reason.BANNED_WORD, _("banned word '%(word)s'") % {"word": word})
    for word in _word_matcher(suspect, language)(text):
        decision.hold(Reason.SUSPECT_WORD, _("suspect word '%(word)s'") % {"word": word})

    links = len(LINK_RE.findall(text))
    if links > settings.max_links:
        decision.hold(Reason.LINKS, ngettext("%(count)s link", "%(count)s links", links) % {"count": links})

    if language.split("-")[0] in PROFANITY_LANGUAGES and settings.profanity_threshold < 1.0 and text.strip():
        (score,) = profanity_scores([text])
        decision.scores["profanity"] = round(score, 3)
        if score > settings.profanity_threshold:
            decision.hold(Reason.OFFENSIVE, _("offensive-language score %(score).2f") % {"score": score})

    if commenter.premoderated if commenter is not None else (hub is not None and premoderated_in(hub, email).exists()):
        decision.hold(Reason.WATCHED, _("A moderator asked to read this commenter's comments first."))

    premoderation = getattr(hub, "premoderation", None)
    if premoderation == CommunityHubPage.Premoderation.ALL:
        decision.hold(Reason.PREMODERATION, _("This community reviews every comment before it appears."))
    elif premoderation == CommunityHubPage.Premoderation.FIRST_TIME and (
        not commenter.has_published if commenter is not None else is_first_time(email, user)
    ):
        decision.hold(Reason.FIRST_TIME, _("First comment from this commenter."))
    elif premoderation == CommunityHubPage.Premoderation.WHEN_AWAY and (
        not commenter.has_published if commenter is not None else is_first_time(email, user)
    ):
        from moderation import coverage  # the hub's hours and queue, read only for a first comment

        now = coverage.coverage(hub)
        if not now.covered:
            decision.hold(coverage.REASON_CODE, now.message)
    # Another server vouches for nobody: a fediverse account's first comment is read first,
    # whatever the hub's pre-moderation.
    first_remote = commenter is not None and commenter.remote and not commenter.has_published
    if first_remote and not any(reason["code"] == Reason.FIRST_TIME for reason in decision.reasons):
        decision.hold(Reason.FIRST_TIME, _("First comment from this fediverse account."))
    if unchallenged:
        decision.hold(Comment.Reason.NO_CHALLENGE, _("Posted without the browser check (JavaScript off or blocked)."))
    return decision


def _rate_limit_key(kind, value):
    """The cache key counting ``kind`` attempts by ``value``; an e-mail address counts by the
    mailbox it reaches (``normalise_email``: "A+1@x.org" and "a+2@x.org" are "a@x.org")."""
    if kind == "email":
        value = normalise_email(value)
    return f"moderation:rate:{kind}:{hash_identifier(value)}"


def check_rate_limit(*, ip_address, email, settings=None):
    """Count this attempt to post; None when allowed, else the message to show.

    At most ``rate_limit_count`` comments per ``rate_limit_minutes`` per IP address
    and per e-mail address (each counted on its own; an empty one is not counted).
    Refused attempts count too, so a flood does not reopen the window. ``settings``:
    the ``ModerationSettings`` when already read.
    """
    settings = settings or ModerationSettings.load()
    window = settings.rate_limit_minutes * 60
    counts = [
        count_attempt(_rate_limit_key(kind, value), window)
        for kind, value in (("ip", ip_address), ("email", email))
        if hash_identifier(value)
    ]
    if any(count > settings.rate_limit_count for count in counts):
        return Limited(
            _("You have posted a lot of comments in a short time. Please wait a few minutes and try again."), window
        )
    return None


# Reports one visitor (``identity.visitor``) may send per window, and one client address (a
# household, an office) may send: more than anyone reads in an hour, far fewer than a flood.
REPORTS_PER_VISITOR = 10
REPORTS_PER_ADDRESS = 30
REPORT_WINDOW = 60 * 60


def check_report_rate_limit(*, visitor, address):
    """Count this attempt to report; None when allowed, else the message to show.

    At most ``REPORTS_PER_VISITOR`` reports per hour per visitor key and ``REPORTS_PER_ADDRESS``
    per client address key (each counted on its own; an empty one is not counted); refused
    attempts count too."""
    counts = [
        (count_attempt(_rate_limit_key(kind, value), REPORT_WINDOW), limit)
        for kind, value, limit in (
            ("report-visitor", visitor, REPORTS_PER_VISITOR),
            ("report-address", address, REPORTS_PER_ADDRESS),
        )
        if value
    ]
    if any(count > limit for count, limit in counts):
        return Limited(
            _("You have sent a lot of reports in a short time. Please wait an hour and try again."), REPORT_WINDOW
        )
    return None


def report_voices(comment_id, report_count):
    """How much the live reports of a comment weigh towards hiding it.

    The live reports are the latest ``report_count`` (approving a comment dismisses its reports:
    they stay on record, the count goes back to zero). Each reporter is one identity (one report
    per identity) and brings its ``weight``; guests reporting from one client address (their
    reports share ``address``) count once, with the largest weight among them: a household
    or one person with several e-mail addresses is one voice. Signed-in accounts count each."""
    if report_count <= 0:
        return 0
    reports = Report.objects.filter(comment_id=comment_id).order_by("-pk")[:report_count]
    voices, by_address = 0, {}
    for visitor, address, weight in reports.values_list("visitor", "address", "weight"):
        if visitor.startswith("u:") or not address:
            voices += weight
        else:
            by_address[address] = max(by_address.get(address, 0), weight)
    return voices + sum(by_address.values())


@transaction.atomic
def record_report(comment):
    """Hide and hold ``comment`` once enough visitors reported it; True when this call hid it.

    "Enough": the ``report_voices`` of its live reports reach ``reports_to_hide`` (distinct
    identities, guests from one address counting once, commenters with a published comment
    counting twice). Call after a new visitor report was stored and ``report_count`` increased. The
    count and state are read again from the database, so concurrent reports
    hide the comment exactly once.
    """
    from moderation import lifecycle

    settings = ModerationSettings.load()
    current = Comment.objects.filter(pk=comment.pk).values("report_count", "state").first()
    if current is None:
        return False
    comment.report_count = current["report_count"]
    if current["state"] != Comment.State.PUBLISHED:
        return False
    if report_voices(comment.pk, comment.report_count) < settings.reports_to_hide:
        return False
    message = ngettext("hidden after %(count)s report", "hidden after %(count)s reports", comment.report_count) % {
        "count": comment.report_count
    }
    if not lifecycle.set_state(comment, Comment.State.HELD, reason=message, expected_state=Comment.State.PUBLISHED):
        return False
    # set_state records the reason in the audit log only; the queue shows comment.reasons.
    # The row lock keeps a concurrent writer of reasons from being overwritten.
    reasons = Comment.objects.select_for_update().filter(pk=comment.pk).values_list("reasons", flat=True).first()
    comment.reasons = [*(reasons or []), {"code": str(Reason.REPORTS), "message": message}]
    Comment.objects.filter(pk=comment.pk, state=Comment.State.HELD).update(reasons=comment.reasons)
    return True
