"""The public side of comments: posting, confirming, reading more, liking, reporting.

Story pages stay cacheable for anonymous visitors: they carry no CSRF token
and no form security hash. ``form_data`` hands both out fresh to the page's
script; without JavaScript, "Write a comment" leads to ``write``, an uncached
page with the form. Every refusal re-shows the form with a message and a 4xx.
"""

import hashlib
import re
from datetime import datetime
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef
from django.db.models.functions import Length, Substr
from django.http import Http404, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from wagtail.models import PageViewRestriction, Site

from communities.models import CommunityHubPage
from moderation import lifecycle, policy
from moderation.discussion import thread
from moderation.discussion.forms import ReportForm, StoryCommentForm
from moderation.discussion.my_comments import my_comment_ids, remember_my_comment
from moderation.models import Comment, Reaction, Report
from moderation.notifications import read_mute_key
from moderation.tasks import send_confirmation_request
from stories.models import StoryPage
from townsquare import cache as page_cache
from townsquare.validation import is_id, parse_number

CONFIRM_SALT = "townsquare.comments.confirm"
CONFIRM_MAX_AGE = 7 * 24 * 60 * 60
UNREADABLE = gettext_lazy("Part of what you sent could not be read as text. Check it and send it again.")


# Helpers -----------------------------------------------------------------


def live_story(page_id):
    """The live story ``page_id`` with its locale, unless a view restriction covers it: one query.

    Wagtail's ``public()`` reads every restriction first; a subquery asks the same question
    (a restricted page whose path starts the story's) in the same statement."""
    restricted = PageViewRestriction.objects.filter(page__path=Substr(OuterRef("path"), 1, Length("page__path")))
    story = (
        StoryPage.objects.live().exclude(Exists(restricted)).select_related("locale").filter(pk=page_id).first()
        if is_id(page_id)
        else None
    )
    if story is None:
        raise Http404(_("This story does not exist or is not published."))
    return story


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


def visitor_key(request):
    """Who is reacting: the account when signed in, else a hash of the browser session."""
    if request.user.is_authenticated:
        return f"u:{request.user.pk}"
    if not request.session.session_key:
        request.session.save()
    return "s:" + hashlib.sha256(request.session.session_key.encode()).hexdigest()[:40]


def client_ip(request):
    return request.META.get("REMOTE_ADDR") or None


def discussion_flags(story):
    """What a comment's action links need to know about its story (fragments have no page context)."""
    hub = story.get_parent().specific
    return {"story": story, "comments_open": story.comments_are_open(hub=hub), "max_reply_depth": hub.max_reply_depth}


def thread_url(story, comment, request=None):
    return f"{page_url(story, request)}?thread={comment.thread_id}#c{comment.pk}"


def render_form_page(request, story, hub, form, status, message=None):
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
        },
        status=status,
    )


# Writing -----------------------------------------------------------------


@never_cache
@require_GET
def write(request, page_id):
    """The comment form on a page of its own, for visitors without JavaScript (and replies)."""
    story = live_story(page_id)
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
    """Fresh CSRF token and form security data for a (possibly cached) story page."""
    story = live_story(page_id)
    security = StoryCommentForm(story).generate_security_data()
    return JsonResponse({"csrf_token": get_token(request), **security})


@require_POST
def post(request):
    """Validate a comment; store it (signed in) or e-mail a confirmation link (anonymous)."""
    content_type, object_pk = request.POST.get("content_type", ""), request.POST.get("object_pk", "")
    if content_type != "stories.storypage" or not (object_pk.isascii() and object_pk.isdigit()):
        return render(
            request,
            "moderation/discussion/error.html",
            {"message": _("This comment does not belong to a story that accepts comments.")},
            status=400,
        )
    story = live_story(parse_number(object_pk))
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
    if not form.is_valid():
        return render_form_page(request, story, hub, form, 400)

    data = form.cleaned_data
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
        )
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
    key = signing.dumps(payload, salt=CONFIRM_SALT, compress=True)
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
    story = live_story(page_id)
    return render(request, "moderation/discussion/sent.html", {"page": story, "story": story})


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


# Reading -----------------------------------------------------------------


@require_GET
def permalink(request, comment_id):
    if not is_id(comment_id):
        raise Http404
    comment = get_object_or_404(Comment.objects.published().only("pk", "thread_id", "page_id"), pk=comment_id)
    return redirect(thread_url(live_story(comment.page_id), comment, request))


@require_GET
def threads_fragment(request, page_id):
    """The next page of threads, as HTML to append below the ones shown."""
    story = live_story(page_id)
    sort, mine = request.GET.get("sort", ""), my_comment_ids(request)
    page = thread.requested_page(story, request.GET.get("page", "1"), sort=sort, mine=mine)
    if page is None:
        raise Http404(_("There is no such page of comments."))
    return render(
        request, "moderation/discussion/threads_fragment.html", {**discussion_flags(story), "thread_page": page}
    )


@require_GET
def replies_fragment(request, comment_id):
    """The rest of one thread's replies."""
    if not is_id(comment_id):
        raise Http404
    root = get_object_or_404(
        Comment.objects.published().only("pk", "thread_id", "page_id", "level"), pk=comment_id, level=0
    )
    story = live_story(root.page_id)
    replies = thread.more_replies(root, mine=my_comment_ids(request))
    return render(
        request, "moderation/discussion/replies_fragment.html", {**discussion_flags(story), "replies": replies}
    )


# Reacting ----------------------------------------------------------------


def public_comment(comment_id):
    comment = (
        Comment.objects.published().only("pk", "page_id", "thread_id", "like_count").filter(pk=comment_id).first()
        if is_id(comment_id)
        else None
    )
    if comment is None:
        raise Http404(_("This comment does not exist or is not published."))
    return comment


@require_http_methods(["GET", "POST"])
def like(request, comment_id):
    """Like a comment, once per visitor; liking again takes the like back."""
    comment = public_comment(comment_id)
    story = live_story(comment.page_id)
    if request.method == "GET":
        return render(request, "moderation/discussion/like.html", {"page": story, "story": story, "comment": comment})
    visitor = visitor_key(request)
    with transaction.atomic():
        deleted, _rows = Reaction.objects.filter(comment=comment, visitor=visitor).delete()
        if deleted:
            Comment.objects.filter(pk=comment.pk).update(like_count=F("like_count") - 1)
            liked = False
        else:
            try:
                with transaction.atomic():
                    Reaction.objects.create(comment=comment, visitor=visitor)
                Comment.objects.filter(pk=comment.pk).update(like_count=F("like_count") + 1)
            except IntegrityError:
                pass  # a double click: the first one counted
            liked = True
    transaction.on_commit(lambda: page_cache.purge_for_like(story))  # its page shows like counts
    count = Comment.objects.filter(pk=comment.pk).values_list("like_count", flat=True).get()
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse({"liked": liked, "likes": count})
    return redirect(thread_url(story, comment, request))


@require_http_methods(["GET", "POST"])
def report(request, comment_id):
    """Report a comment to the moderators, with a reason."""
    comment = public_comment(comment_id)
    story = live_story(comment.page_id)
    form = ReportForm(request.POST or None)
    context = {"page": story, "story": story, "comment": comment, "form": form}
    if request.method == "GET":
        return render(request, "moderation/discussion/report.html", context)
    if not form.is_valid() or unreadable(request):
        if not form.errors:
            form.add_error(None, UNREADABLE)
        return render(request, "moderation/discussion/report.html", context, status=400)
    try:
        with transaction.atomic():
            Report.objects.create(
                comment=comment,
                visitor=visitor_key(request),
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                user=request.user if request.user.is_authenticated else None,
            )
            Comment.objects.filter(pk=comment.pk).update(report_count=F("report_count") + 1)
            policy.record_report(comment)  # enough reports hide the comment until a moderator looks
    except IntegrityError:
        pass  # already reported by this visitor: once is enough
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse({"reported": True})
    return render(request, "moderation/discussion/reported.html", context)
