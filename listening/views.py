"""Feedback screens in the Wagtail admin: the listing, and the four changes to a feedback item.

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
from django.core.paginator import EmptyPage, InvalidPage, Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from listening import workflow
from listening.filters import FeedbackItemFilterSet
from listening.models import FeedbackItem
from listening.workflow import FeedbackConflict, FeedbackRefused
from moderation.permissions import can_moderate, moderated_hub_ids
from moderation.views import forbidden_as_403, get_comment_for, require_moderator, safe_next
from townsquare.validation import is_id, parse_number

PER_PAGE = 25


def scope_items(queryset, user):
    """``queryset`` narrowed to the feedback of the hubs ``user`` moderates."""
    hubs = moderated_hub_ids(user)
    return queryset if hubs is None else queryset.filter(hub_id__in=hubs)


@forbidden_as_403
def index_view(request):
    """Feedback items of the user's hubs, filtered and paginated; newest first."""
    require_moderator(request)
    base = scope_items(FeedbackItem.objects.all(), request.user)
    filters = FeedbackItemFilterSet(request.GET or None, queryset=base, user=request.user, request=request)
    filters_invalid = filters.is_bound and not filters.is_valid()
    queryset = base if filters_invalid or not filters.is_bound else filters.qs
    # Everything each row shows, joined in the one query of the page.
    queryset = queryset.select_related("comment", "comment__page", "hub", "team", "assignee").order_by(
        "-created_at", "-pk"
    )
    paginator = Paginator(queryset, PER_PAGE)
    try:
        page = paginator.page(request.GET.get("p", 1))
    except (EmptyPage, InvalidPage):
        raise Http404(_("There is no such page of feedback.")) from None
    query = request.GET.copy()
    query.pop("p", None)
    return TemplateResponse(
        request,
        "listening/index.html",
        {
            "page_obj": page,
            "paginator": paginator,
            "items": page.object_list,
            "filters": filters,
            "filters_invalid": filters_invalid,
            "query": query.urlencode(),
        },
    )


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
