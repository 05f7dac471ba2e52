"""The Appeals queue: commenters' appeals of decisions, as a Wagtail listing, and the page where
another moderator decides one (``moderation.appeals`` holds the rules).

Scoped to the hubs the user moderates, like the comment queues; open appeals first, oldest first.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn, UserColumn

from moderation import appeals, decisions
from moderation.admin_access import forbidden_as_403, require_moderator
from moderation.case_views import CaseIndexView
from moderation.models import Appeal
from moderation.permissions import moderates_hub
from townsquare.validation import is_id


def comment_excerpt(appeal):
    return appeal.comment.comment[:120] if appeal.comment else _("(removed)")


class AppealIndexView(CaseIndexView):
    """Appeals of the hubs the user moderates: open ones first, the oldest at the top."""

    model = Appeal
    page_title = gettext_lazy("Appeals")
    header_icon = "resubmit"
    related = ("comment", "decided_by", "handled_by")
    case_ordering = ("submitted_at", "pk")
    export_name = "appeals"
    list_export = ["submitted_at", "status", "comment", "decided_state", "decided_by", "statement", "handled_by"]

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                "statement",
                label=_("Appeal"),
                url_name="moderation:appeal",
                accessor=lambda appeal: appeal.statement[:120],
            ),
            Column("comment", label=_("Comment"), accessor=comment_excerpt),
            Column("decided_state", label=_("Decision"), accessor="get_decided_state_display"),
            UserColumn("decided_by", label=_("Decided by"), blank_display_name=_("The rules")),
            DateColumn("submitted_at", label=_("Submitted")),
            Column("status", label=_("Status"), accessor="get_status_display"),
        ]


@forbidden_as_403
def appeal_view(request, pk):
    """One appeal: the comment, the decision and its reason, the commenter's statement, and the
    form to uphold or reverse it."""
    require_moderator(request)
    if not is_id(pk):
        raise Http404
    appeal = get_object_or_404(Appeal.objects.select_related("comment", "decided_by", "handled_by"), pk=pk)
    if not moderates_hub(request.user, appeal.hub_id):
        raise PermissionDenied
    status = 200
    if request.method == "POST":
        outcome = request.POST.get("outcome")
        if outcome not in ("uphold", "reverse"):
            messages.error(request, _("Choose whether to uphold or reverse the decision."))
            status = 400
        else:
            try:
                appeals.decide(
                    appeal, request.user, reverse=outcome == "reverse", reason=request.POST.get("reason", "")
                )
            except appeals.AppealRefused as refusal:
                messages.error(request, str(refusal))
                status = refusal.status
            else:
                done = (
                    _("Decision reversed: the comment is published.")
                    if outcome == "reverse"
                    else _("Decision upheld.")
                )
                messages.success(request, done + " " + _("The commenter is told by e-mail."))
                return redirect(reverse("moderation-appeals:index"))
    comment = appeal.comment
    return TemplateResponse(
        request,
        "moderation/appeal.html",
        {
            "appeal": appeal,
            "comment": comment,
            "explained": decisions.explain(comment) if comment else None,
            "may_decide": appeals.may_decide(request.user, appeal),
            "reason": request.POST.get("reason", "") if status != 200 else "",
        },
        status=status,
    )
