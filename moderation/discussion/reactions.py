"""Reacting to a published comment: liking it, reporting it to the moderators."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods

from moderation import notices, policy
from moderation.discussion.common import UNREADABLE, live_discussed_page, public_comment, thread_url, unreadable
from moderation.discussion.forms import ReportForm
from moderation.identity import visitor, visitor_key
from moderation.models import Comment, Reaction, Report
from townsquare import cache as page_cache


@require_http_methods(["GET", "POST"])
def like(request, comment_id):
    """Like a comment, once per visitor (``identity.visitor``: never per browser session);
    liking again takes the like back."""
    comment = public_comment(comment_id)
    story = live_discussed_page(comment.page_id)
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


def report_weight(reporter):
    """2 for a reporter known by account or confirmed e-mail with a published comment, else 1."""
    if (reporter.user or reporter.email) and not policy.is_first_time(reporter.email, reporter.user):
        return 2
    return 1


@require_http_methods(["GET", "POST"])
def report(request, comment_id):
    """Report a comment to the moderators, with a reason: once per visitor (``identity.visitor``),
    at most ``policy.REPORTS_PER_VISITOR`` an hour per visitor and ``REPORTS_PER_ADDRESS`` per address.
    A notice of illegal content (the reason "illegal") goes to ``notices`` instead, under the same limits."""
    comment = public_comment(comment_id)
    story = live_discussed_page(comment.page_id)
    form = ReportForm(request.POST or None)
    context = {"page": story, "story": story, "comment": comment, "form": form}
    if request.method == "GET":
        return render(request, "moderation/discussion/report.html", context)
    if not form.is_valid() or unreadable(request):
        if not form.errors:
            form.add_error(None, UNREADABLE)
        return render(request, "moderation/discussion/report.html", context, status=400)
    reporter = visitor(request)
    limited = policy.check_report_rate_limit(visitor=reporter.key, address=reporter.address)
    if limited:
        form.add_error(None, limited)
        if request.headers.get("Accept", "").startswith("application/json"):
            return JsonResponse({"reported": False, "error": limited}, status=429)
        return render(request, "moderation/discussion/report.html", context, status=429)
    if form.is_notice():
        return receive_notice(request, form, context)
    try:
        with transaction.atomic():
            Report.objects.create(
                comment=comment,
                visitor=reporter.key,
                address=reporter.address,
                weight=report_weight(reporter),
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                user=reporter.user,
            )
            Comment.objects.filter(pk=comment.pk).update(report_count=F("report_count") + 1)
            policy.record_report(comment)  # enough reports hide the comment until a moderator looks
    except IntegrityError:
        pass  # already reported by this visitor: once is enough
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse({"reported": True})
    return render(request, "moderation/discussion/reported.html", context)


def receive_notice(request, form, context):
    """A notice of illegal content from the report form: stored and acknowledged (``moderation.notices``)."""
    data = form.cleaned_data
    try:
        notice = notices.receive(
            context["comment"],
            explanation=data["explanation"],
            location=data["location"],
            reporter_name=data["reporter_name"],
            reporter_email=data["reporter_email"],
            good_faith=data["good_faith"],
            language=get_language(),
        )
    except notices.NoticeRefused as refusal:
        form.add_error(None, str(refusal))
        return render(request, "moderation/discussion/report.html", context, status=refusal.status)
    return render(request, "moderation/discussion/notice_received.html", {**context, "notice": notice})
