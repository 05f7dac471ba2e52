"""The link in the confirmation e-mail: a guest's comment is stored when it is opened."""

from datetime import datetime

from django.conf import settings
from django.core import signing
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from moderation import lifecycle
from moderation.discussion.common import live_story, thread_url
from moderation.discussion.my_comments import remember_my_comment
from moderation.models import Comment
from townsquare.validation import is_id

CONFIRM_SALT = "townsquare.comments.confirm"
CONFIRM_MAX_AGE = 7 * 24 * 60 * 60


def make_confirm_key(payload):
    """The key of the confirmation link for a comment ``post`` has checked (nothing is stored yet)."""
    return signing.dumps(payload, salt=CONFIRM_SALT, compress=True)


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
        }
    except (KeyError, TypeError, ValueError) as error:
        raise signing.BadSignature("The confirmation key does not hold a comment.") from error


@never_cache
@require_GET
def confirm(request, key):
    """The link from the confirmation e-mail: store the comment (once, however often it is opened)."""
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

    story = live_story(payload["story"])
    submitted = payload["at"]
    existing = Comment.objects.filter(page=story, user_email=payload["email"], submit_date=submitted).first()
    if existing is not None:
        return redirect(thread_url(story, existing, request))
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
    )
    remember_my_comment(request, comment)
    return redirect(thread_url(story, comment, request))
