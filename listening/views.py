"""Feedback screens in the Wagtail admin: the listing (a Wagtail ``IndexView``), and the four
changes to a feedback item.

Every view checks ``moderation.permissions`` on the server: a hub's moderators and owners act
on the feedback of that hub, superusers on all. The changes answer JSON when asked
(``Accept: application/json``), otherwise they go back to the comment's history page with a
message. Bad input is refused with a message (400, 404, or 409 when someone else changed the
item first) and stores nothing.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.ui.tables import Column, DateColumn, Table
from wagtail.admin.views.generic import IndexView

from listening import workflow
from listening.filters import FeedbackItemFilterSet
from listening.models import FeedbackItem
from listening.workflow import FeedbackConflict, FeedbackRefused
from moderation.admin_access import (
    ModeratorOnlyMixin,
    forbidden_as_403,
    get_comment_for,
    require_moderator,
    safe_next,
)
from moderation.permissions import can_moderate, moderated_hub_ids
from townsquare.validation import is_id, parse_number

PER_PAGE = 25


def scope_items(queryset, user):
    """``queryset`` narrowed to the feedback of the hubs ``user`` moderates."""
    hubs = moderated_hub_ids(user)
    return queryset if hubs is None else queryset.filter(hub_id__in=hubs)


def person_name(user):
    return (user.get_full_name() or user.get_username()) if user else ""


class TemplateColumn(Column):
    """A column whose cells one of our templates renders from the feedback item (``instance``)."""

    def __init__(self, name, *, template_name, **kwargs):
        self.cell_template_name = template_name
        super().__init__(name, **kwargs)


class FeedbackTable(Table):
    classname = "listing feedback-listing"

    def get_row_attrs(self, item):
        return {**super().get_row_attrs(item), "data-feedback-item": item.pk}


class FeedbackIndexView(ModeratorOnlyMixin, IndexView):
    """Feedback items of the user's hubs, filtered and paginated; newest first.

    Wagtail brings the filter drawer with its active-filter pills, the date widgets, pagination
    and the CSV / XLSX downloads of the filtered items; the base queryset scopes them to the
    user's hubs on the server."""

    model = FeedbackItem
    results_template_name = "listening/index_results.html"
    page_title = gettext_lazy("Feedback")
    header_icon = "clipboard-list"
    paginate_by = PER_PAGE
    filterset_class = FeedbackItemFilterSet
    table_class = FeedbackTable
    default_ordering = "-created_at"
    list_export = [
        "pk",
        "comment_id",
        "kind",
        "status",
        "hub",
        "story",
        "author",
        "text",
        "team",
        "assignee",
        "public_response",
        "public_response_by",
        "created_at",
        "status_changed_at",
    ]
    export_headings = {
        "pk": gettext_lazy("Feedback id"),
        "comment_id": gettext_lazy("Comment id"),
        "kind": gettext_lazy("Kind"),
        "status": gettext_lazy("Status"),
        "hub": gettext_lazy("Hub"),
        "story": gettext_lazy("Story"),
        "author": gettext_lazy("Author"),
        "text": gettext_lazy("Comment"),
        "team": gettext_lazy("Team"),
        "assignee": gettext_lazy("Assigned to"),
        "public_response": gettext_lazy("Public response"),
        "public_response_by": gettext_lazy("Public response by"),
        "created_at": gettext_lazy("Marked"),
        "status_changed_at": gettext_lazy("Status changed"),
    }

    def get_filename(self):
        return f"feedback-{timezone.localdate():%Y-%m-%d}"

    def get_base_queryset(self):
        # Everything a row or an exported line shows, joined in the one query of the page.
        return scope_items(FeedbackItem.objects.all(), self.request.user).select_related(
            "comment", "comment__page", "hub", "team", "assignee", "public_response_by"
        )

    def get_filterset_kwargs(self):
        return {**super().get_filterset_kwargs(), "user": self.request.user}

    @cached_property
    def filters_invalid(self):
        return self.filters.is_bound and not self.filters.is_valid()

    def order_queryset(self, queryset):
        # The id breaks ties between items marked in the same instant, so pages never overlap.
        tie = "-pk" if self.ordering.startswith("-") else "pk"
        return queryset.order_by(self.ordering, tie)

    @cached_property
    def columns(self):
        return [
            TemplateColumn("comment", label=_("Comment"), template_name="listening/cells/comment.html"),
            Column("kind", label=_("Kind"), accessor="get_kind_display", width="10%"),
            TemplateColumn("status", label=_("Status"), template_name="listening/cells/status.html", width="16%"),
            Column("hub", label=_("Hub"), accessor=lambda item: item.hub.title if item.hub else "—", width="14%"),
            TemplateColumn(
                "assignee", label=_("Assigned to"), template_name="listening/cells/assigned.html", width="16%"
            ),
            DateColumn("created_at", label=_("Marked"), sort_key="created_at", width="12%"),
        ]

    def get_table_kwargs(self):
        return {**super().get_table_kwargs(), "attrs": {"data-feedback-listing": True}}

    def to_row_dict(self, item):
        comment = item.comment
        values = {
            "pk": item.pk,
            "comment_id": item.comment_id,
            "kind": item.get_kind_display(),
            "status": item.get_status_display(),
            "hub": item.hub.title if item.hub else "",
            "story": comment.page.title if comment.page else "",
            "author": comment.user_name,
            "text": strip_tags(comment.html) if comment.html else comment.comment,
            "team": item.team.name if item.team else "",
            "assignee": person_name(item.assignee),
            "public_response": item.public_response,
            "public_response_by": person_name(item.public_response_by),
            "created_at": item.created_at,
            "status_changed_at": item.status_changed_at,
        }
        return {field: values[field] for field in self.list_export}

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["filters_invalid"] = self.filters_invalid
        return context


def get_item_for(request, pk):
    if not is_id(pk):
        raise Http404
    item = get_object_or_404(
        FeedbackItem.objects.select_related("comment", "hub", "team", "assignee", "public_response_by"), pk=pk
    )
    if not can_moderate(request.user, item.comment):
        raise PermissionDenied
    return item


def chosen_team(request, hub):
    """The team picked in the form (one of ``hub``'s groups), or None when none was picked."""
    value = request.POST.get("team", "")
    if not value:
        return None
    pk = parse_number(value)
    if pk is None or pk not in workflow.team_ids(hub):
        raise FeedbackRefused(_("Choose one of this hub's teams."))
    return Group.objects.get(pk=pk)


def chosen_assignee(request):
    """The colleague picked in the form, or None; ``workflow`` checks that they moderate the hub."""
    value = request.POST.get("assignee", "")
    if not value:
        return None
    pk = parse_number(value)
    person = get_user_model().objects.filter(pk=pk, is_active=True).first() if pk is not None else None
    if person is None:
        raise FeedbackRefused(_("Choose a colleague who moderates this hub."))
    return person


def item_data(item):
    return {
        "id": item.pk,
        "comment": item.comment_id,
        "kind": item.kind,
        "kind_label": item.get_kind_display(),
        "status": item.status,
        "status_label": item.get_status_display(),
        "next_statuses": [str(status) for status in workflow.next_statuses(item.status)],
        "team": item.team_id,
        "assignee": item.assignee_id,
        "public_response": item.public_response,
    }


def answer(request, comment, item=None, message=None, error=None):
    """JSON for scripts, otherwise back to the comment's history page with a message."""
    status = 200
    if error is not None:
        status = 409 if isinstance(error, FeedbackConflict) else 400
        message = str(error)
        if item is not None:
            item.refresh_from_db()
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse(
            {"ok": error is None, "message": message, "item": item_data(item) if item is not None else None},
            status=status,
        )
    if error is not None:
        messages.error(request, message)
    else:
        messages.success(request, message)
    return redirect(safe_next(request, reverse("moderation:history", args=[comment.pk])))


@forbidden_as_403
@require_POST
def mark_view(request, comment_pk):
    require_moderator(request)
    comment = get_comment_for(request, comment_pk)
    try:
        team = chosen_team(request, comment.hub)
        assignee = chosen_assignee(request)
        item = workflow.mark(comment, request.user, request.POST.get("kind", ""), team=team, assignee=assignee)
    except FeedbackRefused as refusal:
        return answer(request, comment, error=refusal)
    return answer(request, comment, item, message=_("Marked as: %(kind)s.") % {"kind": item.get_kind_display()})


@forbidden_as_403
@require_POST
def status_view(request, item_pk):
    require_moderator(request)
    item = get_item_for(request, item_pk)
    response = request.POST.get("response") if "response" in request.POST else None
    try:
        workflow.move(
            item,
            request.user,
            request.POST.get("status", ""),
            response=response,
            expected_status=request.POST.get("expected_status") or None,
        )
    except FeedbackRefused as refusal:
        return answer(request, item.comment, item, error=refusal)
    return answer(
        request,
        item.comment,
        item,
        message=_("This feedback is now: %(status)s.") % {"status": item.get_status_display()},
    )


@forbidden_as_403
@require_POST
def assign_view(request, item_pk):
    require_moderator(request)
    item = get_item_for(request, item_pk)
    try:
        team = chosen_team(request, item.hub)
        assignee = chosen_assignee(request)
        workflow.assign(item, request.user, team=team, assignee=assignee)
    except FeedbackRefused as refusal:
        return answer(request, item.comment, item, error=refusal)
    message = _("Assignment saved.") if team or assignee else _("Assignment removed.")
    return answer(request, item.comment, item, message=message)


@forbidden_as_403
@require_POST
def respond_view(request, item_pk):
    require_moderator(request)
    item = get_item_for(request, item_pk)
    try:
        workflow.respond(item, request.user, request.POST.get("response", ""))
    except FeedbackRefused as refusal:
        return answer(request, item.comment, item, error=refusal)
    message = _("Public response published.") if item.public_response else _("Public response removed.")
    return answer(request, item.comment, item, message=message)
