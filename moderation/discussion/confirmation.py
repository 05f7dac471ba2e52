"""The link in the confirmation e-mail: a guest's comment is stored when it is opened.

Links are checked against stored state, not only their signature: ``make_confirm_key`` records
each key (``ConfirmationKey``: a hash of the key and of the e-mail address), ``confirm`` uses it
once and remembers the comment it stored, so opening it again leads to that comment. Erasure
deletes a commenter's keys (``forget_links_of``): their old links answer 410 and restore nothing.
The e-mail also carries the guest's own-words link (``own_words_url``: edit or delete the comment).
"""

import hashlib
from datetime import datetime

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from moderation import lifecycle
from moderation.discussion.common import live_discussed_page, thread_url
from moderation.discussion.my_comments import remember_my_comment
from moderation.models import Comment, ConfirmationKey
from townsquare.validation import is_id

CONFIRM_SALT = "townsquare.comments.confirm"
CONFIRM_MAX_AGE = 7 * 24 * 60 * 60
OWN_WORDS_SALT = "townsquare.comments.own-words"


def key_hash(key):
    return hashlib.sha256(key.encode()).hexdigest()


def email_key(email):
    """What a confirmation key stores of the e-mail address: a hash (case and spaces ignored)."""
    return hashlib.sha256(f"townsquare-confirm:{(email or '').strip().lower()}".encode()).hexdigest()


def make_confirm_key(payload):
    """The key of the confirmation link for a comment ``post`` has checked; the comment itself is
    not stored yet, only a record of the key (its hash and the e-mail's), to be used once."""
    key = signing.dumps(payload, salt=CONFIRM_SALT, compress=True)
    ConfirmationKey.objects.create(key_hash=key_hash(key), email_key=email_key(payload.get("email")))
    return key


def forget_links_of(email):
    """Kill every confirmation link of ``email`` (erasure), used or not; returns how many."""
    return ConfirmationKey.objects.filter(email_key=email_key(email)).delete()[0]


def own_words_token(key):
    """The signed token of the guest's own-words page for the comment of confirmation ``key``."""
    return signing.dumps(key_hash(key), salt=OWN_WORDS_SALT)


def read_own_words_token(token):
    """The ``ConfirmationKey`` an own-words token names, or None when that key is gone (erased).

    Raises ``signing.BadSignature`` when the token is forged."""
    return ConfirmationKey.objects.filter(key_hash=signing.loads(token, salt=OWN_WORDS_SALT)).first()


def own_words_url(confirm_url):
    """The own-words link beside a confirmation link (same address and language prefix): the
    confirmation e-mail carries both, and is all a guest needs to edit or delete their comment."""
    base, found, key = confirm_url.rstrip("/").rpartition("/confirm/")
    return f"{base}/own/{own_words_token(key)}/" if found and key else ""


def _gone(request, message, status=410):
    return render(request, "moderation/discussion/error.html", {"message": message}, status=status)


def read_confirm_key(key):
    """The comment a confirmation link carries.

    Raises ``signing.SignatureExpired`` when the link is too old and ``signing.BadSignature`` when it
    is forged, cut short or not in the shape ``post`` writes."""
    payload = signing.loads(key, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    try:
        return {
            "story": payload["story"],
            "parent": payload["parent"],
            "name": str(payload["name"]),
            "email": str(payload["email"]),
            "text": str(payload["text"]),
            "followup": bool(payload["followup"]),
            "ip": payload["ip"],
            "at": datetime.fromisoformat(payload["at"]),
            # Posted without a solution of the form's challenge (no JavaScript): held once stored.
            "unchallenged": bool(payload.get("unchallenged", False)),
        }
    except (KeyError, TypeError, ValueError) as error:
        raise signing.BadSignature("The confirmation key does not hold a comment.") from error


@never_cache
@require_GET
def confirm(request, key):
    """The link from the confirmation e-mail: store the comment (once, however often it is opened).

    Answers 410 when the link is no longer valid: its key was erased with its commenter, or the
    comment it stored was removed since."""
    try:
        payload = read_confirm_key(key)
    except signing.SignatureExpired:
        return render(
            request,
            "moderation/discussion/error.html",
            {"message": _("This confirmation link has expired. Please post your comment again.")},
            status=410,
        )
    except signing.BadSignature:
        return render(
            request,
            "moderation/discussion/error.html",
            {"message": _("This confirmation link is not valid.")},
            status=400,
        )

    no_longer_valid = _("This link is no longer valid: the comment was removed or its author's data erased.")
    with transaction.atomic():
        # Locked (on PostgreSQL) so that two openings at once store one comment.
        record = ConfirmationKey.objects.select_for_update().filter(key_hash=key_hash(key)).first()
        if record is not None and record.used_at is not None:
            comment = Comment.objects.exclude(state=Comment.State.REMOVED).filter(pk=record.comment_id).first()
            if comment is None:
                return _gone(request, no_longer_valid)
            return redirect(thread_url(live_discussed_page(comment.page_id), comment, request))
        return _store(request, payload, record, no_longer_valid)


def _store(request, payload, record, no_longer_valid):
    """Store the comment of a confirmation link opened for the first time, and use its key.

    The story and the parent are checked first (404, 403, 409 say what changed), then the key:
    a signed key that was never handed out, or was erased, stores nothing (410)."""
    story = live_discussed_page(payload["story"])
    submitted = payload["at"]
    hub = story.get_parent().specific
    if not story.comments_are_open(hub=hub):
        return render(request, "moderation/discussion/closed.html", {"page": story, "story": story}, status=403)
    parent = None
    if payload["parent"]:
        if is_id(payload["parent"]):
            parent = Comment.objects.published().filter(pk=payload["parent"], page=story).first()
        if parent is None:
            return render(
                request,
                "moderation/discussion/error.html",
                {"message": _("The comment you replied to is no longer published.")},
                status=409,
            )
    if record is None:
        return _gone(request, no_longer_valid)
    comment = lifecycle.create_comment(
        story=story,
        hub=hub,
        parent=parent,
        user=None,
        name=payload["name"],
        email=payload["email"],
        text=payload["text"],
        followup=payload["followup"],
        ip_address=payload["ip"],
        site_id=settings.SITE_ID,
        submit_date=submitted,
        unchallenged=payload["unchallenged"],
    )
    ConfirmationKey.objects.filter(pk=record.pk).update(used_at=timezone.now(), comment=comment)
    remember_my_comment(request, comment)
    return redirect(thread_url(story, comment, request))
