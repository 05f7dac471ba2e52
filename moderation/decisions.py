"""Explaining decisions to the people they affect: the one place for which decision sends which
notice, and for what reason a moderator's words stand.

- ``notice_kind(old_state, new_state)``: whether a change of state is told to the commenter, and
  as what ("published", "rejected", "hidden"). ``moderation.signals`` calls it for every change
  (single action, bulk, keyboard, reports, rules, appeals), so they all notify alike.
- ``match_reasons(comments, text)``: which of the hub's reasons (``CommunityHubPage.decision_reasons``)
  a moderator's reason names: the text starts with the reason's label, in any of the hub's
  languages ("Off-topic", "Off-topic: the thread is about tyres"). ``lifecycle.transition`` stores
  it on each comment it rejects or hides; what follows the label is the moderator's own words.
- ``explain(comment)``: the reason as the commenter reads it, in their language.

Spam sends nothing: telling a spammer which message was caught, and why, teaches the next run to
get through, and spam is mostly sent under other people's addresses (the EU Digital Services Act
does not ask for statements of reasons for deceptive high-volume commercial content either).
"""

from django.utils.translation import gettext as _

from moderation.models import Comment

State = Comment.State

PUBLISHED, REJECTED, HIDDEN = "published", "rejected", "hidden"

# Decisions that restrict a comment: their notices are sent even to an address that stopped the
# site's other e-mails (the law requires a statement of reasons), and they can be appealed.
RESTRICTIONS = (REJECTED, HIDDEN)


def notice_kind(old_state, new_state):
    """What the commenter is told of their comment going from ``old_state`` (None: just posted)
    to ``new_state``: "published", "rejected", "hidden", or None for nothing.

    - published after waiting (held, or rejected and then reversed): "published". A comment
      published as it was posted needs no notice: the commenter saw it appear.
    - rejected, by a moderator or by a rule as it was posted: "rejected".
    - a published comment hidden for review (by reports or a moderator): "hidden". A comment held
      as it was posted needs no notice: the page told the commenter it awaits review.
    - spam, and removals (asked for by the author, or an erasure): nothing.
    """
    if new_state == State.PUBLISHED and old_state not in (None, State.PUBLISHED):
        return PUBLISHED
    if new_state == State.REJECTED:
        return REJECTED
    if new_state == State.HELD and old_state == State.PUBLISHED:
        return HIDDEN
    return None


def reasons_of_hubs(hub_ids):
    """{hub id: [{"id", "label", "explanation"}, ...]}: each hub's reasons, in its own language,
    and those of its translations after them (one query)."""
    from communities.models import CommunityHubPage

    own = CommunityHubPage.objects.filter(pk__in=hub_ids).values("translation_key")
    rows = list(
        CommunityHubPage.objects.filter(translation_key__in=own).values_list(
            "pk", "translation_key", "decision_reasons"
        )
    )
    keys = {pk: key for pk, key, _stream in rows if pk in set(hub_ids)}
    if not keys:
        return {}
    by_key = {}
    for pk, key, stream in rows:
        reasons = [
            {"id": block["id"], "label": block["value"]["label"], "explanation": block["value"]["explanation"]}
            for block in (stream.raw_data if hasattr(stream, "raw_data") else stream or [])
            if block.get("type") == "reason"
        ]
        by_key.setdefault(key, []).append((pk, reasons))
    result = {}
    for hub_id, key in keys.items():
        ordered = sorted(by_key.get(key, []), key=lambda item: item[0] != hub_id)  # its own first
        result[hub_id] = [reason for _pk, reasons in ordered for reason in reasons]
    return result


def match_reason(reasons, text):
    """The id of the reason among ``reasons`` whose label ``text`` starts with ("" for none): the
    longest label first, so "Spam link" wins over "Spam"; case and surrounding spaces ignored."""
    folded = (text or "").strip().casefold()
    if not folded:
        return ""
    for reason in sorted(reasons, key=lambda reason: -len(reason["label"])):
        label = reason["label"].strip().casefold()
        if label and folded.startswith(label) and (len(folded) == len(label) or not folded[len(label)].isalnum()):
            return reason["id"]
    return ""


def match_reasons(comments, text):
    """{comment pk: reason id} for ``comments`` (with ``hub_id``) given the moderator's ``text``."""
    if not (text or "").strip():
        return {}
    reasons = reasons_of_hubs({comment["hub_id"] for comment in comments if comment["hub_id"]})
    return {comment["pk"]: match_reason(reasons.get(comment["hub_id"], []), text) for comment in comments}


def own_words(reasons, reason_id, text):
    """What the moderator wrote beyond the chosen reason's label (the whole text without one)."""
    text = (text or "").strip()
    for reason in reasons:
        if reason["id"] == reason_id and text.casefold().startswith(reason["label"].strip().casefold()):
            return text[len(reason["label"].strip()) :].lstrip(" :;,.-–—").strip()
    return text


# What a rule's reason code means to the commenter (rules decide without a moderator).
RULE_EXPLANATIONS = {
    Comment.Reason.BLOCKED: lambda: _("The team has stopped accepting comments from this address."),
    Comment.Reason.BANNED_WORD: lambda: _("It contains a word or phrase this community does not allow."),
    Comment.Reason.REPORTS: lambda: _(
        "Several readers reported it, so it is hidden until a moderator has looked at it."
    ),
}


def explain(comment, entry_data=None):
    """The reason for ``comment``'s latest decision as its author reads it, in the active language:
    ``{"explanation": the hub's words or the rule's, "words": the moderator's own words,
    "automated": bool}``. ``entry_data``: the decision's audit entry data (its reason text)."""
    text = (entry_data or {}).get("reason", "") or comment.rejection_reason
    reasons = reasons_of_hubs([comment.hub_id]).get(comment.hub_id, []) if comment.hub_id else []
    reason_id = comment.decision_reason or match_reason(reasons, text)
    explanation = next((reason["explanation"] for reason in reasons if reason["id"] == reason_id), "")
    automated = comment.moderated_by_id is None
    if not explanation and automated:
        codes = [reason.get("code") for reason in comment.reasons or []]
        explanation = next((RULE_EXPLANATIONS[code]() for code in codes if code in RULE_EXPLANATIONS), "")
    words = own_words(reasons, reason_id, text) if not automated else ""
    return {"explanation": explanation, "words": words, "automated": automated}


def reason_labels(user):
    """The labels of the reasons of the hubs ``user`` moderates, each once (the reason field's
    suggestions in the queues and the bulk rejection form).

    Kept in the cache for a few minutes (a hub's publication starts afresh): suggestions only, the
    reason itself is matched against the hubs as they are when a decision is made."""
    from django.core.cache import cache

    from moderation.permissions import moderated_hub_ids

    hubs = moderated_hub_ids(user)
    version = cache.get(REASONS_VERSION_KEY, 0)
    key = f"townsquare:reason-labels:{version}:" + ("all" if hubs is None else ",".join(map(str, sorted(hubs))))
    labels = cache.get(key)
    if labels is None:
        labels = _reason_labels(hubs)
        cache.set(key, labels, REASONS_CACHE_SECONDS)
    return labels


REASONS_VERSION_KEY = "townsquare:reason-labels:version"
REASONS_CACHE_SECONDS = 300


def forget_reason_labels(**kwargs):
    """A hub was published: its reasons may have changed (``page_published`` of hubs)."""
    from django.core.cache import cache

    from townsquare.shared_state import CacheUnavailable

    try:
        cache.incr(REASONS_VERSION_KEY)
    except (ValueError, CacheUnavailable):
        cache.set(REASONS_VERSION_KEY, 1, None)


def _reason_labels(hub_ids):
    from communities.models import CommunityHubPage

    hubs = CommunityHubPage.objects.all() if hub_ids is None else CommunityHubPage.objects.filter(pk__in=hub_ids)
    labels = {}
    for stream in CommunityHubPage.objects.filter(translation_key__in=hubs.values("translation_key")).values_list(
        "decision_reasons", flat=True
    ):
        for block in stream.raw_data if hasattr(stream, "raw_data") else stream or []:
            if block.get("type") == "reason":
                label = block["value"]["label"].strip()
                labels.setdefault(label.casefold(), label)
    return sorted(labels.values(), key=str.casefold)
