"""Links in the e-mails a commenter receives: muting a story's follow-ups, stopping every e-mail.

Every e-mail carries an unsubscribe link (in its footer and, for mail clients, in RFC 8058
``List-Unsubscribe`` headers). A GET shows a page with a button, so a link scanner that opens
every link of a message stops nothing; a POST stops every e-mail from the site to the address.
The POST needs no CSRF token: a mail client's one-click unsubscribe sends it without a page,
and the signed key is the proof that the address's owner received the link.
"""

from django.core import signing
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from moderation.discussion.common import live_discussed_page
from moderation.models import Comment
from moderation.notifications import opt_out, read_mute_key, read_unsubscribe_key


def invalid_link(request):
    return render(request, "moderation/discussion/error.html", {"message": _("This link is not valid.")}, status=400)


@never_cache
@require_GET
def mute(request, key):
    """The one-click link in follow-up e-mails: no more e-mails about this story."""
    try:
        email, page_id = read_mute_key(key)
    except (signing.BadSignature, KeyError, TypeError):  # forged, cut short, or not a mute key's shape
        return invalid_link(request)
    story = live_discussed_page(page_id)
    Comment.objects.filter(page=story, user_email__iexact=email, followup=True).update(followup=False)
    return render(request, "moderation/discussion/muted.html", {"page": story, "story": story})


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, key):
    """Stop every e-mail from the site to the key's address: GET asks, POST does it."""
    try:
        email = read_unsubscribe_key(key)
    except (signing.BadSignature, AttributeError, TypeError):  # forged, cut short, or not a key's shape
        return invalid_link(request)
    if request.method == "POST":
        opt_out(email)
        return render(request, "moderation/discussion/unsubscribed.html", {"email": email})
    return render(request, "moderation/discussion/unsubscribe.html", {"email": email})
