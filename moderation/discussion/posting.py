"""Writing a comment: the form page, its fresh security data, the post, the "check your e-mail" page.

Both the form page and ``form_data`` hand out a fresh proof-of-work challenge
(``townsquare.challenge``), which the page's script solves while the visitor types. ``post``
accepts each solution once; a post without one (no JavaScript) is held for review, and the
visitor is told so.

A signed-in visitor's comment is stored at once; a guest's is e-mailed back as a confirmation
link (``confirmation``) and stored only when that link is opened.
"""

from datetime import datetime

from django.conf import settings
from django.contrib import messages
from django.http import Http404, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from moderation import lifecycle, policy
from moderation.discussion.common import (
    DISCUSSED_PAGES,
    UNREADABLE,
    hub_of,
    live_discussed_page,
    render_form_page,
    thread_url,
    unreadable,
)
from moderation.discussion.confirmation import make_confirm_key
from moderation.discussion.forms import StoryCommentForm
from moderation.discussion.my_comments import remember_my_comment
from moderation.models import Comment
from moderation.tasks import send_confirmation_request
from townsquare import challenge
from townsquare.rate_limits import client_ip
from townsquare.validation import parse_number

HELD_UNCHALLENGED = gettext_lazy(
    "Your browser did not run the check that a person wrote this comment (it needs JavaScript), "
    "so a moderator will read your comment before it appears."
)


@never_cache
@require_GET
def write(request, page_id):
    """The comment form on a page of its own, for visitors without JavaScript (and replies)."""
    story = live_discussed_page(page_id)
    hub = story.get_parent().specific
    if not story.comments_are_open(hub=hub):
        return render(request, "moderation/discussion/closed.html", {"page": story, "story": story}, status=403)
    form = StoryCommentForm(story, hub=hub, user=request.user)
    reply_to = request.GET.get("reply_to", "")
    if reply_to:
        reply_to = parse_number(reply_to)
        if reply_to is None:
            raise Http404
        parent = get_object_or_404(
            Comment.objects.published().only("pk", "user_name", "html", "level", "page_id"), pk=reply_to, page=story
        )
        form.initial["reply_to"] = parent.pk
        form.requested_parent = parent
    return render_form_page(request, story, hub, form, 200)


@never_cache
@require_GET
def form_data(request, page_id):
    """Fresh CSRF token, form security data and challenge for a (possibly cached) story page."""
    story = live_discussed_page(page_id)
    security = StoryCommentForm(story).generate_security_data()
    return JsonResponse({"csrf_token": get_token(request), **security, "altcha": challenge.create()})


def wrong_page(request):
    return render(
        request,
        "moderation/discussion/error.html",
        {"message": _("This comment does not belong to a page that accepts comments.")},
        status=400,
    )


@require_POST
def post(request):
    """Validate a comment; store it (signed in) or e-mail a confirmation link (anonymous)."""
    content_type, object_pk = request.POST.get("content_type", ""), request.POST.get("object_pk", "")
    labels = {model._meta.label_lower for model in DISCUSSED_PAGES}
    if content_type not in labels or not (object_pk.isascii() and object_pk.isdigit()):
        return wrong_page(request)
    story = live_discussed_page(parse_number(object_pk))
    if story._meta.label_lower != content_type:
        return wrong_page(request)
    hub = hub_of(story)
    if not story.comments_are_open(hub=hub):
        return render(request, "moderation/discussion/closed.html", {"page": story, "story": story}, status=403)

    form = StoryCommentForm(story, data=request.POST, hub=hub, user=request.user)
    if unreadable(request):
        form.is_valid()
        return render_form_page(request, story, hub, form, 400, UNREADABLE)
    next_url = request.POST.get("next", "")
    if next_url and not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        form.is_valid()
        return render_form_page(request, story, hub, form, 400, _("The return address is not on this site."))
    if not form.is_valid() or not form.consume_solution():
        return render_form_page(request, story, hub, form, 400)

    data = form.cleaned_data
    unchallenged = form.solved is None
    email = request.user.email if request.user.is_authenticated else data["email"]
    commenter = None
    if request.user.is_authenticated:
        # Read once for the rate limit and the policy (the settings with the commenter's standing).
        commenter = policy.read_commenter(hub=hub, user=request.user, email=email, ip_address=client_ip(request) or "")
    limited = policy.check_rate_limit(
        ip_address=client_ip(request) or "", email=email or "", settings=commenter and commenter.settings
    )
    if limited:
        return render_form_page(request, story, hub, form, 429, limited)
    if request.user.is_authenticated:
        comment = lifecycle.create_comment(
            story=story,
            hub=hub,
            parent=form.parent,
            user=request.user,
            name=request.user.get_full_name() or request.user.get_username(),
            email=request.user.email,
            text=data["comment"],
            followup=data["followup"],
            ip_address=client_ip(request),
            site_id=settings.SITE_ID,
            commenter=commenter,
            unchallenged=unchallenged,
        )
        if unchallenged:
            messages.info(request, HELD_UNCHALLENGED)
        if not comment.is_published:
            remember_my_comment(request, comment)
        return redirect(next_url or thread_url(story, comment, request))

    payload = {
        "story": story.pk,
        "parent": form.parent.pk if form.parent else 0,
        "name": data["name"],
        "email": data["email"],
        "text": data["comment"],
        "followup": data["followup"],
        "ip": client_ip(request),
        "at": datetime.now().astimezone().isoformat(),
    }
    if unchallenged:
        payload["unchallenged"] = True
        messages.info(request, HELD_UNCHALLENGED)
    key = make_confirm_key(payload)
    send_confirmation_request.enqueue(
        email=data["email"],
        name=data["name"],
        story_title=story.title,
        confirm_url=request.build_absolute_uri(reverse("comment-confirm", args=[key])),
        language=get_language(),
    )
    return redirect(f"{reverse('comment-sent', args=[story.pk])}")


@never_cache
@require_GET
def sent(request, page_id):
    story = live_discussed_page(page_id)
    return render(request, "moderation/discussion/sent.html", {"page": story, "story": story})
