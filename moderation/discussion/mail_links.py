"""Links in the e-mails a commenter receives: muting a story's follow-ups in one click."""

from django.core import signing
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from moderation.discussion.common import live_story
from moderation.models import Comment
from moderation.notifications import read_mute_key


@never_cache
@require_GET
def mute(request, key):
    """The one-click link in follow-up e-mails: no more e-mails about this story."""
    try:
        email, page_id = read_mute_key(key)
    except (signing.BadSignature, KeyError, TypeError):  # forged, cut short, or not a mute key's shape
        return render(
            request, "moderation/discussion/error.html", {"message": _("This link is not valid.")}, status=400
        )
    story = live_story(page_id)
    Comment.objects.filter(page=story, user_email__iexact=email, followup=True).update(followup=False)
    return render(request, "moderation/discussion/muted.html", {"page": story, "story": story})
