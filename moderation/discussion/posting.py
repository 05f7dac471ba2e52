"""Writing a comment: the form page, its fresh security data, the post, the "check your e-mail" page.

Both the form page and ``form_data`` hand out a fresh proof-of-work challenge
(``townsquare.challenge``), which the page's script solves while the visitor types. ``post``
accepts each solution once; a post without one (no JavaScript) is held for review, and the
visitor is told so.

What happens to a valid comment is ``submission``'s, shared with the API: a signed-in visitor's
comment is stored at once; a guest's is e-mailed back as a confirmation link
(``confirmation``) and stored only when that link is opened.
"""

from django.contrib import messages
from django.http import Http404, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from moderation.discussion import submission
from moderation.discussion.common import (
    DISCUSSED_PAGES,
    UNREADABLE,
    live_discussed_page,
    render_form_page,
    thread_url,
    unreadable,
)
from moderation.discussion.forms import StoryCommentForm
from moderation.discussion.my_comments import remember_my_comment
from moderation.models import Comment
from townsquare import challenge
from townsquare.rate_limits import retry_after_header
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
    try:
        form = submission.comment_form(story, user=request.user)
    except submission.Closed:
        return render(request, "moderation/discussion/closed.html", {"page": story, "story": story}, status=403)
    hub = form.hub
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
    try:
        form = submission.comment_form(story, user=request.user, data=request.POST)
    except submission.Closed:
        return render(request, "moderation/discussion/closed.html", {"page": story, "story": story}, status=403)
    hub = form.hub
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

    try:
        submitted = submission.submit(request, story, form)
    except submission.TooMany as refusal:
        return retry_after_header(render_form_page(request, story, hub, form, 429, refusal.limited), refusal.limited)
    if submitted.unchallenged:
        messages.info(request, HELD_UNCHALLENGED)
    comment = submitted.comment
    if comment is None:  # a guest's: stored when the confirmation link is opened
        return redirect(reverse("comment-sent", args=[story.pk]))
    if not comment.is_published:
        remember_my_comment(request, comment)
    return redirect(next_url or thread_url(story, comment, request))


@never_cache
@require_GET
def sent(request, page_id):
    story = live_discussed_page(page_id)
    return render(request, "moderation/discussion/sent.html", {"page": story, "story": story})
