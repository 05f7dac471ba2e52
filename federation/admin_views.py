"""The views of the Fediverse screens (``federation.viewsets``): Wagtail's generic views, with
what each model needs on top.

- hubs: the follower counts come with the listing's one query; saving or deleting a hub's actor
  purges the hub's pages, which show (or stop showing) how to follow it;
- followers: "Accept" and "Refuse" on a waiting follow, through ``federation.follows``;
- blocked servers: adding one, by hand or from a CSV file, goes through ``federation.blocks``,
  which also ends that server's follows;
- the delivery log: read only, newest first.

Permissions are Wagtail's model permissions (Settings → Groups → "Fediverse"): every view checks
them on the server, before it looks anything up.
"""

from django.contrib import messages
from django.contrib.admin.utils import quote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import FormView
from django_filters import ChoiceFilter, ModelChoiceFilter
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn, NumberColumn, StatusTagColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import BaseOperationView, WagtailAdminTemplateMixin
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets.button import HeaderButton
from wagtail.log_actions import LogFormatter, log

from federation import activities, blocks
from federation.forms import BlockListImportForm
from federation.models import BlockedDomain, Delivery, Follower, HubActor
from townsquare.cache import purge_urls, story_urls


def purge_hub_pages(hub_id):
    """The hub's pages, in every language, show how to follow it: purge them from the caches."""
    purge_urls(story_urls([hub_id], with_translations=True))


def http_url(value):
    """``value`` when it is an http(s) address (a remote server's profile link), else ""."""
    return value if value and value.lower().startswith(("https://", "http://")) else ""


def title_column(view, name, **kwargs):
    """Wagtail's title column of ``view`` (linked to the edit or inspect view, with the row's
    buttons), with our own label and accessor."""
    column_class = view._get_title_column_class(TitleColumn)

    def get_url(instance):
        return view.get_edit_url(instance) or view.get_inspect_url(instance)

    return column_class(name, get_url=get_url, **kwargs)


class TemplateColumn(Column):
    """A column whose cells one of our templates renders from the row's object (``instance``)."""

    def __init__(self, name, *, template_name, **kwargs):
        self.cell_template_name = template_name
        super().__init__(name, **kwargs)


class PermissionFirstMixin(PermissionCheckedMixin):
    """Check the user's permission before anything is looked up: who may not act is refused
    whether the object exists or not."""

    def setup(self, request, *args, **kwargs):
        self.request = request
        if self.permission_required is not None and not self.user_has_permission(self.permission_required):
            raise PermissionDenied
        if self.any_permission_required is not None and not self.user_has_any_permission(self.any_permission_required):
            raise PermissionDenied
        super().setup(request, *args, **kwargs)


class FederationHistoryView(PermissionFirstMixin, HistoryView):
    pass


# Hubs -----------------------------------------------------------------------------------------


class HubActorIndexView(generic.IndexView):
    default_ordering = "username"

    def get_base_queryset(self):
        # Counted in the listing's query: one query for the page, not one per hub.
        return (
            super()
            .get_base_queryset()
            .select_related("hub")
            .annotate(
                follower_count=Count("followers", filter=Q(followers__status=Follower.Status.ACCEPTED)),
                waiting_count=Count("followers", filter=Q(followers__status=Follower.Status.PENDING)),
            )
        )

    @cached_property
    def columns(self):
        return [
            title_column(
                self, "hub", label=gettext_lazy("Hub"), accessor=lambda actor: actor.hub.title, sort_key="hub__title"
            ),
            Column("handle", label=gettext_lazy("Fediverse name"), accessor=activities.handle, sort_key="username"),
            StatusTagColumn(
                "enabled",
                label=gettext_lazy("Status"),
                accessor=lambda actor: _("Followable") if actor.enabled else _("Switched off"),
                primary=lambda actor: actor.enabled,
                sort_key="enabled",
            ),
            BooleanColumn("approve_followers", label=gettext_lazy("Approve followers"), sort_key="approve_followers"),
            NumberColumn("follower_count", label=gettext_lazy("Followers"), sort_key="follower_count"),
            TemplateColumn(
                "waiting_count",
                label=gettext_lazy("Waiting"),
                template_name="federation/cells/waiting.html",
                sort_key="waiting_count",
            ),
        ]


class HubActorCreateView(generic.CreateView):
    def save_instance(self):
        actor = super().save_instance()
        purge_hub_pages(actor.hub_id)
        return actor


class HubActorEditView(PermissionFirstMixin, generic.EditView):
    def save_instance(self):
        actor = super().save_instance()
        purge_hub_pages(actor.hub_id)
        return actor


class HubActorDeleteView(PermissionFirstMixin, generic.DeleteView):
    @property
    def confirmation_message(self):
        return _(
            "Delete the fediverse account of this hub? Its followers are lost and its posts stop "
            "working on their servers. To stop it for a while, switch it off instead."
        )

    def delete_action(self):
        hub_id = self.object.hub_id
        super().delete_action()
        purge_hub_pages(hub_id)


# Followers ------------------------------------------------------------------------------------


class FollowerFilterSet(WagtailFilterSet):
    hub_actor = ModelChoiceFilter(label=gettext_lazy("Hub"), queryset=HubActor.objects.all())
    status = ChoiceFilter(label=gettext_lazy("Status"), choices=Follower.Status.choices)

    class Meta:
        model = Follower
        fields = []


class FollowerIndexView(generic.IndexView):
    filterset_class = FollowerFilterSet
    default_ordering = "-created_at"
    decision_url_names = None  # {"accept": url name, "refuse": url name}

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("hub_actor", "actor")

    @cached_property
    def columns(self):
        return [
            FollowerColumn("actor", label=gettext_lazy("Follower"), sort_key="actor__uri"),
            Column(
                "hub_actor",
                label=gettext_lazy("Hub"),
                accessor=lambda follower: activities.handle(follower.hub_actor),
                sort_key="hub_actor__username",
            ),
            StatusTagColumn(
                "status",
                label=gettext_lazy("Status"),
                accessor="get_status_display",
                primary=lambda follower: follower.status == Follower.Status.ACCEPTED,
                sort_key="status",
            ),
            DateColumn("created_at", label=gettext_lazy("Since"), sort_key="created_at"),
            FollowerDecisionColumn(
                "decision",
                label=gettext_lazy("Decision"),
                url_names=self.decision_url_names,
                can_decide=self.user_has_permission("change"),
            ),
        ]


class FollowerColumn(Column):
    """The follower's handle and display name, linked to their profile on their server."""

    cell_template_name = "federation/cells/follower.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["actor"] = instance.actor
        context["profile_url"] = http_url(instance.actor.profile_url or instance.actor.uri)
        return context


class FollowerDecisionColumn(Column):
    """The "Accept" and "Refuse" buttons of a follow waiting for approval: two small POST forms."""

    cell_template_name = "federation/cells/follower_decision.html"

    def __init__(self, name, *, url_names, can_decide, **kwargs):
        self.url_names = url_names or {}
        self.can_decide = can_decide
        super().__init__(name, **kwargs)

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        context["waiting"] = bool(self.can_decide and self.url_names and instance.status == Follower.Status.PENDING)
        if context["waiting"]:
            context["accept_url"] = reverse(self.url_names["accept"], args=[quote(instance.pk)])
            context["refuse_url"] = reverse(self.url_names["refuse"], args=[quote(instance.pk)])
            # The cell is rendered outside the page's RequestContext: it carries its own token.
            context["csrf_token"] = get_token(request)
            context["next_url"] = request.get_full_path()
        return context


class FollowerDecisionView(PermissionFirstMixin, BaseOperationView):
    """POST only: accept or refuse (``decision``) a follow waiting for approval; the follower's
    server is told (``federation.follows``)."""

    model = Follower
    permission_required = "change"
    index_url_name = None
    decision = None
    decisions = {
        "accept": gettext_lazy("%(follower)s now follows %(hub)s."),
        "refuse": gettext_lazy("%(follower)s's request to follow %(hub)s was refused."),
    }

    def get_base_object_queryset(self):
        return Follower.objects.select_related("hub_actor", "actor")

    def perform_operation(self):
        from federation import follows

        self.acted = self.object.status == Follower.Status.PENDING
        if self.acted:
            getattr(follows, self.decision)(self.object, self.request.user)

    def get_success_message(self):
        names = {"follower": self.object.actor.handle, "hub": activities.handle(self.object.hub_actor)}
        if not self.acted:
            return _("%(follower)s is no longer waiting for approval: nothing was changed.") % names
        return self.decisions[self.decision] % names

    def get_success_url(self):
        return self.next_url or reverse(self.index_url_name)


class FollowerAcceptedFormatter(LogFormatter):
    label = gettext_lazy("Accept a follower")

    def format_message(self, log_entry):
        return _("Accepted the follower %(actor)s") % {"actor": log_entry.data.get("actor", "")}


class FollowerRefusedFormatter(LogFormatter):
    label = gettext_lazy("Refuse a follower")

    def format_message(self, log_entry):
        return _("Refused the follower %(actor)s") % {"actor": log_entry.data.get("actor", "")}


LOG_FORMATTERS = {
    "townsquare_federation.follower_accepted": FollowerAcceptedFormatter,
    "townsquare_federation.follower_refused": FollowerRefusedFormatter,
}


# Blocked servers ------------------------------------------------------------------------------


class BlockedDomainIndexView(generic.IndexView):
    default_ordering = "domain"
    import_url_name = None

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.import_url_name and self.user_has_permission("add"):
            buttons.append(HeaderButton(_("Import a list"), url=reverse(self.import_url_name), icon_name="upload"))
        return buttons


class BlockedDomainDeleteView(PermissionFirstMixin, generic.DeleteView):
    pass


class BlockedDomainCreateView(generic.CreateView):
    def save_instance(self):
        # The one rule for blocking: it also ends the follows of the server's accounts.
        blocked, _created = blocks.block(self.form.cleaned_data["domain"], self.form.cleaned_data["reason"])
        log(blocked, "wagtail.create", user=self.request.user)
        return blocked

    def get_success_url(self):
        return reverse(self.index_url_name)

    def get_success_buttons(self):
        return []

    def get_success_message(self, instance):
        return _("“%(domain)s” is blocked: nothing more is taken from it or sent to it.") % {"domain": instance}


@transaction.atomic
def import_block_list(rows, user=None):
    """Block each ``(domain, reason)`` of ``rows`` (``blocks.block_many``: a few queries for
    10,000 lines) and record each new block in the history; returns ``(added, already_blocked)``."""
    from wagtail.models import ModelLogEntry

    created, already = blocks.block_many(rows)
    if created:
        content_type = ContentType.objects.get_for_model(BlockedDomain)
        now = timezone.now()
        ModelLogEntry.objects.bulk_create(
            [
                ModelLogEntry(
                    content_type=content_type,
                    object_id=str(blocked.pk),
                    label=str(blocked),
                    action="wagtail.create",
                    user=user,
                    timestamp=now,
                    data={},
                )
                for blocked in created
            ]
        )
    return len(created), already


class BlockListImportView(PermissionFirstMixin, WagtailAdminTemplateMixin, FormView):
    """A CSV file of servers to block (``BlockListImportForm``): each goes through ``blocks.block``."""

    model = BlockedDomain
    permission_required = "add"
    form_class = BlockListImportForm
    template_name = "federation/import_blocks.html"
    page_title = gettext_lazy("Import a block list")
    header_icon = "upload"
    index_url_name = None
    import_url_name = None

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name), "label": capfirst(BlockedDomain._meta.verbose_name_plural)},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["action_url"] = reverse(self.import_url_name)
        context["submit_button_label"] = _("Import")
        context["submit_button_active_label"] = _("Importing…")
        return context

    def form_valid(self, form):
        block_list = form.cleaned_data["file"]
        reason = form.cleaned_data["reason"]
        covered = blocks.blocked_among([domain for domain, _comment in block_list["rows"]])
        rows = [[domain, comment or reason] for domain, comment in block_list["rows"] if domain not in covered]
        if rows:
            import_block_list(rows, self.request.user)
        skipped = block_list["skipped"]
        counts = [
            ngettext("%(count)d server blocked.", "%(count)d servers blocked.", len(rows)) % {"count": len(rows)},
            ngettext("%(count)d was already blocked.", "%(count)d were already blocked.", len(covered))
            % {"count": len(covered)},
        ]
        if skipped:
            counts.append(
                ngettext(
                    "%(count)d left out (only limited, not suspended, in the list): %(names)s.",
                    "%(count)d left out (only limited, not suspended, in the list): %(names)s.",
                    len(skipped),
                )
                % {"count": len(skipped), "names": ", ".join(domain for domain, _severity in skipped[:20])}
            )
        messages.success(self.request, " ".join(counts))
        return redirect(self.index_url_name)


# Delivery log ---------------------------------------------------------------------------------


def activity_types():
    """The kinds of activity in the log, for the filter (one query)."""
    kinds = Delivery.objects.order_by("activity_type").values_list("activity_type", flat=True).distinct()
    return [(kind, kind) for kind in kinds]


class DeliveryFilterSet(WagtailFilterSet):
    status = ChoiceFilter(label=gettext_lazy("Status"), choices=Delivery.Status.choices)
    activity_type = ChoiceFilter(label=gettext_lazy("Activity"), choices=activity_types)
    hub_actor = ModelChoiceFilter(label=gettext_lazy("Hub"), queryset=HubActor.objects.all())

    class Meta:
        model = Delivery
        fields = []


class DeliveryIndexView(generic.IndexView):
    filterset_class = DeliveryFilterSet
    any_permission_required = ["view"]
    default_ordering = "-created_at"
    list_export = [
        "created_at",
        "hub_actor",
        "activity_type",
        "object_id",
        "inbox",
        "status",
        "attempts",
        "response_status",
        "error",
        "next_attempt_at",
        "finished_at",
    ]
    export_headings = {
        "created_at": gettext_lazy("Created at"),
        "hub_actor": gettext_lazy("Hub"),
        "activity_type": gettext_lazy("Activity"),
        "object_id": gettext_lazy("Object"),
        "inbox": gettext_lazy("Inbox"),
        "status": gettext_lazy("Status"),
        "attempts": gettext_lazy("Attempts"),
        "response_status": gettext_lazy("HTTP status"),
        "error": gettext_lazy("Error"),
        "next_attempt_at": gettext_lazy("Next attempt"),
        "finished_at": gettext_lazy("Finished at"),
    }

    def get_base_queryset(self):
        # The body can be large: the listing does not need it.
        return super().get_base_queryset().select_related("hub_actor").defer("body")

    @cached_property
    def columns(self):
        return [
            title_column(
                self,
                "activity_type",
                label=gettext_lazy("Activity"),
                accessor=lambda delivery: delivery.activity_type,
                sort_key="activity_type",
            ),
            Column("hub_actor", label=gettext_lazy("Hub"), accessor="hub_actor", sort_key="hub_actor"),
            Column("domain", label=gettext_lazy("Server"), sort_key="domain"),
            StatusTagColumn(
                "status",
                label=gettext_lazy("Status"),
                accessor="get_status_display",
                primary=lambda delivery: delivery.status == Delivery.Status.DELIVERED,
                sort_key="status",
            ),
            NumberColumn("attempts", label=gettext_lazy("Attempts"), sort_key="attempts"),
            Column("response_status", label=gettext_lazy("HTTP status")),
            Column("error", label=gettext_lazy("Error")),
            DateColumn("created_at", label=gettext_lazy("Created"), sort_key="created_at"),
            DateColumn("next_attempt_at", label=gettext_lazy("Next attempt"), sort_key="next_attempt_at"),
        ]


class DeliveryInspectView(PermissionFirstMixin, generic.InspectView):
    any_permission_required = ["view"]

    def get_object(self, queryset=None):
        return get_object_or_404(Delivery.objects.select_related("hub_actor"), pk=self.pk)
