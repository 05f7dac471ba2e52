"""Reacting to a published comment from its page: liking it, reporting it to the moderators
(the rules are ``moderation.reactions``', shared with the API)."""

from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from moderation import notices, policy, reactions
from moderation.discussion.common import UNREADABLE, live_discussed_page, public_comment, thread_url, unreadable
from moderation.discussion.forms import ReportForm
from moderation.identity import visitor, visitor_key
from townsquare.rate_limits import retry_after_header


@require_http_methods(["GET", "POST"])
def like(request, comment_id):
    """Like a comment, once per visitor (``identity.visitor``: never per browser session);
    liking again takes the like back."""
    comment = public_comment(comment_id)
    story = live_discussed_page(comment.page_id)
    if request.method == "GET":
        return render(request, "moderation/discussion/like.html", {"page": story, "story": story, "comment": comment})
    liked, count = reactions.set_like(comment, story, visitor_key(request))
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse({"liked": liked, "likes": count})
    return redirect(thread_url(story, comment, request))


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
            return retry_after_header(JsonResponse({"reported": False, "error": limited}, status=429), limited)
        return retry_after_header(render(request, "moderation/discussion/report.html", context, status=429), limited)
    if form.is_notice():
        return receive_notice(request, form, context)
    reactions.file_report(comment, reporter, reason=form.cleaned_data["reason"], note=form.cleaned_data["note"])
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse({"reported": True})
    return render(request, "moderation/discussion/reported.html", context)


def receive_notice(request, form, context):
    """A notice of illegal content from the report form: stored and acknowledged (``moderation.notices``)."""
    try:
        notice = reactions.file_notice(context["comment"], form.cleaned_data)
    except notices.NoticeRefused as refusal:
        form.add_error(None, str(refusal))
        return render(request, "moderation/discussion/report.html", context, status=refusal.status)
    return render(request, "moderation/discussion/notice_received.html", {**context, "notice": notice})
