"""What every view of the public discussion shares: the story or event, its hub, URLs, the write page.

Story and event pages stay cacheable for anonymous visitors: they carry no CSRF token
and no form security hash. ``posting.form_data`` hands both out fresh to the
page's script; without JavaScript, "Write a comment" leads to ``posting.write``,
an uncached page with the form. Every refusal re-shows the form with a message
and a 4xx.
"""

import json
import re
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.db.models.functions import Length, Substr
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import PageViewRestriction, Site

from communities.models import CommunityHubPage
from events.models import EventPage
from moderation.models import Comment
from stories.models import StoryPage
from townsquare import challenge
from townsquare.validation import is_id

UNREADABLE = gettext_lazy("Part of what you sent could not be read as text. Check it and send it again.")


# The pages readers comment on, most commented first: a story is found in one query.
DISCUSSED_PAGES = (StoryPage, EventPage)


def live_discussed_page(page_id):
    """The live story or event ``page_id`` with its locale, unless a view restriction covers it:
    one query for a story, two for an event.

    Wagtail's ``public()`` reads every restriction first; a subquery asks the same question
    (a restricted page whose path starts the page's) in the same statement."""
    if is_id(page_id):
        restricted = PageViewRestriction.objects.filter(page__path=Substr(OuterRef("path"), 1, Length("page__path")))
        for model in DISCUSSED_PAGES:
            page = model.objects.live().exclude(Exists(restricted)).select_related("locale").filter(pk=page_id).first()
            if page is not None:
                return page
    raise Http404(_("This page does not exist or is not published."))


def hub_of(story):
    """The story's hub (its parent page): one query, where ``get_parent().specific`` takes two."""
    return CommunityHubPage.objects.get(path=story.path[: -story.steplen])


def page_url(page, request):
    """``page.get_url(request)``, without looking up the request's site when there is only one
    (the URL is then relative whichever it is)."""
    if len({root.site_id for root in Site.get_site_root_paths()}) == 1:
        return page.get_url()
    return page.get_url(request)


def unreadable(request):
    """True when a posted form is not UTF-8 text.

    Django reads such a body as Latin-1, or puts U+FFFD where an escape is not UTF-8: what would be
    stored is not what was typed, so the form is shown again instead, with what could be read."""
    if request.content_type == "application/x-www-form-urlencoded":
        encoding = request.encoding or settings.DEFAULT_CHARSET
        try:
            for part in re.split(rb"[&=]", request.body):
                unquote_to_bytes(part.replace(b"+", b" ")).decode(encoding)
        except (UnicodeDecodeError, LookupError):
            return True
        return False
    return any("\ufffd" in value for _name, values in request.POST.lists() for value in values)


def discussion_flags(story):
    """What a comment's action links need to know about its story (fragments have no page context)."""
    hub = story.get_parent().specific
    return {"story": story, "comments_open": story.comments_are_open(hub=hub), "max_reply_depth": hub.max_reply_depth}


def thread_url(story, comment, request=None):
    return f"{page_url(story, request)}?thread={comment.thread_id}#c{comment.pk}"


def render_form_page(request, story, hub, form, status, message=None):
    """The write page with ``form`` (shown again with what was typed after a refusal), and a fresh
    challenge: a solution is accepted once, so the next post needs a new one."""
    if form.is_bound and form.has_stale_security():
        # Hand out fresh security data so that one more click posts the text the visitor kept.
        form.data = form.data.copy()
        form.data.update(form.generate_security_data())
    return render(
        request,
        "moderation/discussion/write.html",
        {
            "page": story,
            "story": story,
            "hub": hub,
            "form": form,
            "message": message,
            "parent": form.parent or getattr(form, "requested_parent", None),
            "challenge": json.dumps(challenge.create()),
        },
        status=status,
    )


def public_comment(comment_id):
    comment = (
        Comment.objects.published().only("pk", "page_id", "thread_id", "like_count").filter(pk=comment_id).first()
        if is_id(comment_id)
        else None
    )
    if comment is None:
        raise Http404(_("This comment does not exist or is not published."))
    return comment
