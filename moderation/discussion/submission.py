"""Posting a comment, whichever way it comes (the HTML form in ``posting``, the API in
``townsquare.api.comments``): one path from a page to a stored comment or a confirmation e-mail.

1. ``comment_form``: the page must take comments (live, public, its hub open, not closed);
   the form is ``StoryCommentForm`` with every rule for names, e-mail, length, replies, depth,
   its security data and the proof-of-work solution;
2. ``submit``, once the form is valid and its solution accepted: the rate limits, then a
   signed-in person's comment is stored through ``lifecycle.create_comment`` (which applies the
   hub's policy), a guest's is e-mailed back as a confirmation link and stored when it is opened.
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.urls import reverse
from django.utils.translation import get_language

from moderation import lifecycle, policy
from moderation.discussion.common import hub_of
from moderation.discussion.confirmation import make_confirm_key
from moderation.discussion.forms import StoryCommentForm
from moderation.models import Comment
from moderation.tasks import send_confirmation_request
from townsquare.rate_limits import client_ip


class Closed(Exception):
    """The page takes no comments now (its hub closed them, or it is closed itself)."""


class TooMany(Exception):
    """Too many comments from one address or mailbox: ``limited`` is the ``rate_limits.Limited`` refusal."""

    def __init__(self, limited):
        super().__init__(str(limited))
        self.limited = limited


@dataclass(frozen=True)
class Submitted:
    """What became of a comment: ``comment`` stored at once (signed in; published or held by the
    policy), or None for a guest's, waiting for its confirmation link."""

    comment: Comment | None
    unchallenged: bool  # posted without a solved challenge: held for a moderator whatever else


def comment_form(story, *, user, data=None, hub=None):
    """The comment form for ``story`` (bound to ``data`` when given); raises ``Closed``."""
    hub = hub or hub_of(story)
    if not story.comments_are_open(hub=hub):
        raise Closed
    return StoryCommentForm(story, data=data, hub=hub, user=user)


def submit(request, story, form):
    """Post what a valid ``form`` holds (its solution already accepted); raises ``TooMany``."""
    hub, data = form.hub, form.cleaned_data
    user = request.user
    unchallenged = form.solved is None
    email = user.email if user.is_authenticated else data["email"]
    ip_address = client_ip(request)
    commenter = None
    if user.is_authenticated:
        # Read once for the rate limit and the policy (the settings with the commenter's standing).
        commenter = policy.read_commenter(hub=hub, user=user, email=email, ip_address=ip_address or "")
    limited = policy.check_rate_limit(
        ip_address=ip_address or "", email=email or "", settings=commenter and commenter.settings
    )
    if limited:
        raise TooMany(limited)
    if user.is_authenticated:
        comment = lifecycle.create_comment(
            story=story,
            hub=hub,
            parent=form.parent,
            user=user,
            name=user.get_full_name() or user.get_username(),
            email=user.email,
            text=data["comment"],
            followup=data["followup"],
            ip_address=ip_address,
            site_id=settings.SITE_ID,
            commenter=commenter,
            unchallenged=unchallenged,
        )
        return Submitted(comment=comment, unchallenged=unchallenged)

    payload = {
        "story": story.pk,
        "parent": form.parent.pk if form.parent else 0,
        "name": data["name"],
        "email": data["email"],
        "text": data["comment"],
        "followup": data["followup"],
        "ip": ip_address,
        "at": datetime.now().astimezone().isoformat(),
    }
    if unchallenged:
        payload["unchallenged"] = True
    key = make_confirm_key(payload)
    send_confirmation_request.enqueue(
        email=data["email"],
        name=data["name"],
        story_title=story.title,
        confirm_url=request.build_absolute_uri(reverse("comment-confirm", args=[key])),
        language=get_language(),
    )
    return Submitted(comment=None, unchallenged=unchallenged)
