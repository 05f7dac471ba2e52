"""The Illegal content queue: notices of illegal content, as a Wagtail listing (open ones first, the
nearest deadline at the top), and the page where a moderator of the hub decides one
(``moderation.notices`` holds the rules). Scoped to the hubs the user moderates."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn

from moderation import notices
from moderation.admin_access import forbidden_as_403, require_moderator
from moderation.case_views import CaseIndexView
from moderation.models import IllegalContentNotice
from moderation.permissions import moderates_hub
from townsquare.validation import is_id


class NoticeIndexView(CaseIndexView):
    """Notices of the hubs the user moderates; ``?status=`` shows the decided ones."""

    model = IllegalContentNotice
    page_title = gettext_lazy("Illegal content")
    header_icon = "warning"
    related = ("comment", "handled_by")
    case_ordering = ("deadline", "pk")
    export_name = "illegal-content-notices"
    list_export = ["received_at", "deadline", "status", "comment", "location", "explanation", "handled_by"]

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                "location",
                label=_("Notice"),
                url_name="moderation:notice",
                accessor=lambda notice: notice.location[:120],
            ),
            Column(
                "comment",
                label=_("Comment"),
                accessor=lambda notice: notice.comment.comment[:120] if notice.comment else _("(erased)"),
            ),
            DateColumn("received_at", label=_("Received")),
            DateColumn("deadline", label=_("Deadline")),
            Column("status", label=_("Status"), accessor="get_status_display"),
        ]


@forbidden_as_403
def notice_view(request, pk):
    """One notice: the comment, what the sender says and the form to remove or keep the comment."""
    require_moderator(request)
    if not is_id(pk):
        raise Http404
    notice = get_object_or_404(IllegalContentNotice.objects.select_related("comment", "handled_by"), pk=pk)
    if not moderates_hub(request.user, notice.hub_id):
        raise PermissionDenied
    status = 200
    if request.method == "POST":
        outcome = request.POST.get("outcome")
        if outcome not in ("remove", "keep"):
            messages.error(request, _("Choose whether to remove the comment or keep it."))
            status = 400
        else:
            try:
                notices.decide(notice, request.user, remove=outcome == "remove", reason=request.POST.get("reason", ""))
            except notices.NoticeRefused as refusal:
                messages.error(request, str(refusal))
                status = refusal.status
            else:
                done = _("Comment removed.") if outcome == "remove" else _("Comment kept.")
                messages.success(request, done + " " + _("The sender of the notice is told by e-mail."))
                return redirect(reverse("moderation-notices:index"))
    return TemplateResponse(
        request,
        "moderation/notice.html",
        {
            "notice": notice,
            "comment": notice.comment,  # None once erased
            "overdue": notice.status == notice.Status.OPEN and notice.deadline < timezone.now(),
            "reason": request.POST.get("reason", "") if status != 200 else "",
        },
        status=status,
    )
