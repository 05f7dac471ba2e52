"""The moderation queues and the moderation log as Wagtail listings (generic ``IndexView``s).

Wagtail brings the search box, the filter drawer with its active-filter pills, the date
widgets, sortable columns, pagination and the CSV / XLSX downloads; these views add what
moderators need in each row (the comment in context, the commenter's history, the actions)
and scope everything to the hubs the user moderates, on the server.
"""

from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.http import JsonResponse
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn, Column, DateColumn, Table, UserColumn
from wagtail.admin.views.generic import IndexView
from wagtail.models import ModelLogEntry, Page

from moderation import response_times
from moderation.admin_access import ModeratorOnlyMixin, forbidden_as_403, require_moderator
from moderation.discussion.common import DISCUSSED_PAGES
from moderation.filters import ModerationLogFilterSet
from moderation.models import Comment
from moderation.permissions import moderated_hub_ids, scope_comments, scope_hubs
from moderation.queues import (
    QUEUES,
    default_ordering,
    order_comments,
    queue_comments,
    queue_counts,
    queue_filterset,
    search_comments,
    valid_orderings,
)
from moderation.views import assignable_users, attach_context, with_parents

PER_PAGE = 25


class QueueTable(Table):
    classname = "listing queue-listing"

    def get_row_attrs(self, comment):
        return {
            "id": f"row-{comment.pk}",
            "class": "queue-row",
            "tabindex": "-1",
            "data-row": True,
            "data-comment": comment.pk,
            "data-state": comment.state,
            "data-action-url": reverse("moderation:action", args=[comment.pk, "ACTION"]),
            "data-history-url": reverse("moderation:history", args=[comment.pk]),
        }


class RowColumn(Column):
    """A column rendered by one of our templates, with what every row shares (the actions'
    colleagues, the CSRF token, the page to come back to) computed once for the listing."""

    def __init__(self, name, *, template_name, view, **kwargs):
        self.cell_template_name = template_name
        self.view = view
        super().__init__(name, **kwargs)

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context.update(self.view.row_context)
        context["comment"] = instance
        return context


class LogCommentColumn(Column):
    """The comment an audit entry is about, linking to its history."""

    cell_template_name = "moderation/cells/log_comment.html"


class QueueIndexView(ModeratorOnlyMixin, IndexView):
    """One moderation queue: its comments in the user's hubs, oldest first (questions: most urgent first)."""

    model = Comment
    queue = None
    template_name = "moderation/queue.html"
    results_template_name = "moderation/queue_results.html"
    paginate_by = PER_PAGE
    is_searchable = True
    search_fields = ["comment", "user_email", "user_name"]
    table_class = QueueTable
    list_export = [
        "pk",
        "state",
        "hub",
        "story",
        "language",
        "user_name",
        "user_email",
        "submit_date",
        "text",
        "reasons",
        "report_count",
        "offensive_score",
        "respond_by",
        "assignee",
    ]
    export_headings = {
        "pk": gettext_lazy("Comment id"),
        "state": gettext_lazy("State"),
        "hub": gettext_lazy("Hub"),
        "story": gettext_lazy("Story"),
        "language": gettext_lazy("Language"),
        "user_name": gettext_lazy("Author"),
        "user_email": gettext_lazy("E-mail"),
        "submit_date": gettext_lazy("Written"),
        "text": gettext_lazy("Text"),
        "reasons": gettext_lazy("Reasons"),
        "report_count": gettext_lazy("Reports"),
        "offensive_score": gettext_lazy("Offensive score"),
        "respond_by": gettext_lazy("Answer by"),
        "assignee": gettext_lazy("Assigned to"),
    }

    def get_page_title(self):
        return self.queue.label

    def get_header_icon(self):
        return self.queue.icon

    def get_filename(self):
        return f"moderation-{self.queue.slug}-{timezone.localdate():%Y-%m-%d}"

    @property
    def default_ordering(self):
        return default_ordering(self.queue)

    def get_valid_orderings(self):
        return valid_orderings(self.queue)

    def known_count(self):
        """The whole queue's size as the menu counted it (``queues.queue_counts``, once per request):
        while the listing shows the whole queue, unfiltered and unsearched, it asks no second COUNT."""
        if self.is_searching or self.is_filtering:
            return None
        return queue_counts(self.request).get(self.queue.slug)

    def get_base_queryset(self):
        return with_parents(queue_comments(self.queue, self.request.user).select_related("page", "hub", "assignee"))

    def order_queryset(self, queryset):
        return order_comments(queryset, self.ordering)

    @cached_property
    def filters(self):
        return queue_filterset(self.request, self.queue, self.get_base_queryset())

    @cached_property
    def filters_invalid(self):
        return self.filters.is_bound and not self.filters.is_valid()

    def search_queryset(self, queryset):
        return search_comments(queryset, self.search_query)

    @cached_property
    def columns(self):
        columns = [
            BulkActionsCheckboxColumn("bulk_actions", obj_type="comment"),
            RowColumn("comment", label=_("Comment"), template_name="moderation/cells/comment.html", view=self),
            DateColumn("submit_date", label=_("Written"), sort_key="submit_date", width="10%"),
        ]
        if self.queue.by_deadline:
            columns.append(
                RowColumn(
                    "respond_by",
                    label=_("Answer by"),
                    sort_key="respond_by",
                    template_name="moderation/cells/time_left.html",
                    view=self,
                    width="12%",
                )
            )
        columns.append(
            RowColumn(
                "actions", label=_("Actions"), template_name="moderation/cells/actions.html", view=self, width="24%"
            )
        )
        return columns

    def get_table_kwargs(self):
        # data-queue: where keyboard triage finds the rows.
        return {**super().get_table_kwargs(), "attrs": {"data-queue": True}}

    @cached_property
    def row_context(self):
        return {
            "assignees": list(assignable_users(self.request.user)),
            "csrf_token": get_token(self.request),
            "next_url": self.listing_url,
        }

    def paginate_queryset(self, queryset, page_size):
        paginator, page, rows, is_paginated = super().paginate_queryset(queryset, page_size)
        # The parents and commenters' histories of the whole page in two queries.
        rows = list(rows)
        attach_context(rows)
        if self.queue.by_deadline:
            now = timezone.now()
            for row in rows:
                row.time_left = response_times.time_left(row.respond_by, now)
        page.object_list = rows
        return paginator, page, rows, is_paginated

    def to_row_dict(self, comment):
        score = (comment.scores or {}).get("profanity")
        values = {
            "pk": comment.pk,
            "state": comment.get_state_display(),
            "hub": comment.hub.title if comment.hub else "",
            "story": comment.page.title if comment.page else "",
            "language": comment.language,
            "user_name": comment.user_name,
            "user_email": comment.user_email,
            "submit_date": comment.submit_date,
            "text": strip_tags(comment.html) if comment.html else comment.comment,
            "reasons": ", ".join(reason.get("code", "") for reason in comment.reasons or []),
            "report_count": comment.report_count,
            "offensive_score": "" if score is None else score,
            "respond_by": comment.respond_by or "",
            "assignee": str(comment.assignee) if comment.assignee else "",
        }
        return {field: values[field] for field in self.list_export}

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context.update(
            {
                "queue": self.queue,
                "queue_tabs": [(item, queue_counts(self.request).get(item.slug)) for item in QUEUES.values()],
                "filters_invalid": self.filters_invalid,
            }
        )
        return context


class ModerationLogIndexView(ModeratorOnlyMixin, IndexView):
    """Every moderation decision in the hubs the user moderates, newest first."""

    model = ModelLogEntry
    template_name = "moderation/log.html"
    results_template_name = "moderation/log_results.html"
    page_title = gettext_lazy("Moderation log")
    header_icon = "history"
    paginate_by = 50
    filterset_class = ModerationLogFilterSet
    default_ordering = "-timestamp"
    list_export = ["timestamp", "user", "action", "object_id", "label", "details"]
    export_headings = {
        "timestamp": gettext_lazy("When"),
        "user": gettext_lazy("Who"),
        "action": gettext_lazy("What"),
        "object_id": gettext_lazy("Comment id"),
        "label": gettext_lazy("Comment"),
        "details": gettext_lazy("Details"),
    }

    def get_filename(self):
        return f"moderation-log-{timezone.localdate():%Y-%m-%d}"

    def get_base_queryset(self):
        entries = ModelLogEntry.objects.filter(
            content_type__app_label="moderation", content_type__model="comment"
        ).select_related("user")
        if moderated_hub_ids(self.request.user) is not None:
            # A subquery, not a list of every comment id of the user's hubs: one bound parameter per
            # comment would grow each request and fail past PostgreSQL's 65,535 parameters.
            comment_ids = scope_comments(Comment.objects.all(), self.request.user).annotate(
                object_id_text=Cast("pk", CharField())
            )
            entries = entries.filter(object_id__in=comment_ids.values("object_id_text"))
        return entries

    def order_queryset(self, queryset):
        return queryset.order_by("-timestamp", "-pk")

    @cached_property
    def columns(self):
        return [
            DateColumn("timestamp", label=_("When")),
            UserColumn("user", label=_("Who"), blank_display_name=_("System or visitor")),
            Column("message", label=_("What")),
            LogCommentColumn("label", label=_("Comment")),
            Column("details", label=_("Details"), accessor=log_details),
        ]

    def to_row_dict(self, entry):
        values = {
            "timestamp": entry.timestamp,
            "user": entry.user.get_username() if entry.user else "",
            "action": str(entry.message),
            "object_id": entry.object_id,
            "label": entry.label,
            "details": log_details(entry),
        }
        return {field: values[field] for field in self.list_export}


def log_details(entry):
    """What changed, in one line: the states, the reason, the assignee and note."""
    data = entry.data or {}
    parts = []
    if data.get("old_state"):
        parts.append(f"{data['old_state']} → {data.get('new_state', '')}")
    if data.get("reason"):
        parts.append(str(data["reason"]))
    if data.get("assignee_name"):
        assignee = str(data["assignee_name"])
        parts.append(f"{assignee}: {data['note']}" if data.get("note") else assignee)
    return " · ".join(parts)


@forbidden_as_403
def story_suggestions(request):
    """Stories and events of the user's hubs whose title contains ``?q=`` (at most 20), for the story filter."""
    require_moderator(request)
    query = request.GET.get("q", "").strip()[:100]
    if len(query) < 2:
        return JsonResponse({"results": []})
    hubs = list(scope_hubs(request.user).values_list("path", "depth", "title"))
    if not hubs:
        return JsonResponse({"results": []})
    # Below one of the user's hubs in the page tree: a story in any of its languages.
    below = Q()
    for path, depth, _title in hubs:
        below |= Q(path__startswith=path, depth__gt=depth)
    # Stories and events: the pages with a discussion (``discussion.common.DISCUSSED_PAGES``).
    stories = (
        Page.objects.type(*DISCUSSED_PAGES)
        .filter(below, title__icontains=query)
        .order_by("title")
        .only("pk", "title", "path")
    )
    results = []
    for story in stories[:20]:
        hub = next((title for path, _depth, title in hubs if story.path.startswith(path)), "")
        results.append({"id": story.pk, "title": story.title, "hub": hub})
    return JsonResponse({"results": results})
