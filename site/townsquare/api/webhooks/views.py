"""The webhook screens: Wagtail's generic views, scoped to the hubs the user manages.

Every view asks ``webhook_permission_policy`` on the server: a user who manages no hub's
webhooks is refused (Wagtail's refusal), a webhook of a hub they do not manage is not found
(404). The edit page shows the signing secret and rotates it; the delivery log is a listing of
one webhook's deliveries, each with its attempts.
"""

from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import BaseOperationView
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.widgets.button import HeaderButton, MenuItem
from wagtail.log_actions import log

from townsquare.api.webhooks.filters import DeliveryFilterSet, WebhookFilterSet
from townsquare.api.webhooks.models import Delivery, Webhook, new_secret
from townsquare.api.webhooks.permissions import webhook_permission_policy


def _local(value):
    return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT") if value else ""


class ScopedMixin:
    """The policy's scoping for the generic views: refuse a user who may do none of
    ``scope_actions`` anywhere, and look webhooks up among their hubs' only."""

    permission_policy = webhook_permission_policy
    scope_actions = ("change",)

    def setup(self, request, *args, **kwargs):
        if not webhook_permission_policy.user_has_any_permission(request.user, self.scope_actions):
            raise PermissionDenied
        super().setup(request, *args, **kwargs)

    def scoped_webhooks(self):
        return webhook_permission_policy.instances_user_has_any_permission_for(self.request.user, self.scope_actions)


class ScopedObjectMixin(ScopedMixin):
    """For the views of one webhook (history, usage, rotation): one of another hub is not found."""

    def get_base_object_queryset(self):
        return self.scoped_webhooks().select_related("hub")


class ScopedFormMixin(ScopedObjectMixin):
    """As ``ScopedObjectMixin``, for Django's single-object views (edit, delete)."""

    def get_queryset(self):
        return self.get_base_object_queryset()


class WebhookIndexView(generic.IndexView):
    permission_policy = webhook_permission_policy
    filterset_class = WebhookFilterSet
    default_ordering = "name"

    def get_base_queryset(self):
        return webhook_permission_policy.instances_user_has_any_permission_for(
            self.request.user, self.any_permission_required
        ).select_related("hub", "hub__locale")

    def get_filterset_kwargs(self):
        return {**super().get_filterset_kwargs(), "user": self.request.user}

    @cached_property
    def columns(self):
        return [
            self._get_title_column("name"),
            Column(
                "hub", label=gettext_lazy("Hub"), accessor=lambda webhook: webhook.hub.title, sort_key="hub__title"
            ),
            Column("url", label=gettext_lazy("URL")),
            Column("events", label=pgettext_lazy("webhook", "Events"), accessor="get_events_display"),
            StatusTagColumn(
                "is_active",
                label=gettext_lazy("Status"),
                accessor=lambda webhook: _("Active") if webhook.is_active else _("Switched off"),
                primary=lambda webhook: webhook.is_active,
                sort_key="is_active",
            ),
        ]

    def get_list_more_buttons(self, instance):
        return [
            *super().get_list_more_buttons(instance),
            MenuItem(
                _("Delivery log"),
                url=reverse("webhooks:deliveries", args=[quote(instance.pk)]),
                icon_name="list-ul",
                priority=30,
            ),
        ]


class WebhookCreateView(generic.CreateView):
    permission_policy = webhook_permission_policy

    def get_success_url(self):
        # To its edit page, where its secret is.
        return self.get_edit_url()

    def get_success_message(self, instance):
        return _("Webhook '%(name)s' created. Copy its signing secret into the receiver.") % {"name": instance}


class WebhookEditView(ScopedFormMixin, generic.EditView):
    template_name = "webhooks/edit.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["secret"] = self.object.secret
        context["rotate_url"] = reverse("webhooks:rotate_secret", args=[quote(self.object.pk)])
        context["deliveries_url"] = reverse("webhooks:deliveries", args=[quote(self.object.pk)])
        return context

    @cached_property
    def header_buttons(self):
        return [
            *super().header_buttons,
            HeaderButton(
                _("Delivery log"),
                url=reverse("webhooks:deliveries", args=[quote(self.object.pk)]),
                icon_name="list-ul",
            ),
        ]


class WebhookDeleteView(ScopedFormMixin, generic.DeleteView):
    scope_actions = ("delete",)


class WebhookHistoryView(ScopedObjectMixin, HistoryView):
    scope_actions = ("add", "change", "delete")


class WebhookUsageView(ScopedObjectMixin, UsageView):
    pass


class RotateSecretView(ScopedObjectMixin, PermissionCheckedMixin, BaseOperationView):
    """POST only: give the webhook a new signing secret; the old one stops working at once."""

    model = Webhook
    permission_required = "change"
    success_url_name = "webhooks:edit"

    def perform_operation(self):
        Webhook.objects.filter(pk=self.object.pk).update(secret=new_secret())
        log(self.object, "townsquare_webhook.secret_rotated", user=self.request.user)

    def get_success_message(self):
        return _("New signing secret made for '%(name)s': the old one no longer works.") % {"name": self.object}


class AttemptsColumn(Column):
    """Each attempt of a delivery: when, and what the receiver answered."""

    cell_template_name = "webhooks/attempts_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["attempts"] = [
            {
                "number": attempt.number,
                "time": _local(attempt.attempted_at),
                "status": attempt.response_status,
                "error": attempt.error,
            }
            for attempt in instance.attempt_log.all()
        ]
        return context


class DeliveryIndexView(ScopedMixin, generic.IndexView):
    """The delivery log of one webhook, newest first (Wagtail's listing, filters and downloads)."""

    model = Delivery
    scope_actions = ("change", "view")
    any_permission_required = ["change", "view"]
    filterset_class = DeliveryFilterSet
    paginate_by = 50
    default_ordering = "-occurred_at"
    page_title = gettext_lazy("Delivery log")
    header_icon = "list-ul"
    list_export = [
        "uuid",
        "event",
        "occurred_at",
        "status",
        "attempts",
        "response_status",
        "error",
        "next_attempt_at",
    ]
    export_headings = {
        "uuid": gettext_lazy("Delivery id"),
        "event": pgettext_lazy("webhook", "Event"),
        "occurred_at": gettext_lazy("Occurred at"),
        "status": gettext_lazy("Status"),
        "attempts": gettext_lazy("Attempts"),
        "response_status": gettext_lazy("HTTP status"),
        "error": gettext_lazy("Error"),
        "next_attempt_at": gettext_lazy("Next attempt"),
    }

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.webhook = get_object_or_404(self.scoped_webhooks().select_related("hub"), pk=kwargs["pk"])

    def get_base_queryset(self):
        return Delivery.objects.filter(webhook=self.webhook).prefetch_related("attempt_log")

    def get_filename(self):
        return f"webhook-{self.webhook.pk}-deliveries-{timezone.localdate():%Y-%m-%d}"

    def get_index_url(self):
        return reverse(self.index_url_name, args=[quote(self.webhook.pk)])

    def get_index_results_url(self):
        return reverse(self.index_results_url_name, args=[quote(self.webhook.pk)])

    def get_page_subtitle(self):
        return str(self.webhook)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("webhooks:index"), "label": capfirst(Webhook._meta.verbose_name_plural)},
            {"url": reverse("webhooks:edit", args=[quote(self.webhook.pk)]), "label": str(self.webhook)},
            {"url": "", "label": _("Delivery log"), "sublabel": str(self.webhook)},
        ]

    @cached_property
    def header_buttons(self):
        return []

    @cached_property
    def columns(self):
        return [
            Column("event", label=pgettext_lazy("webhook", "Event"), accessor="get_event_display", sort_key="event"),
            DateColumn("occurred_at", label=gettext_lazy("Occurred"), sort_key="occurred_at"),
            StatusTagColumn(
                "status",
                label=gettext_lazy("Status"),
                accessor="get_status_display",
                primary=lambda delivery: delivery.status == Delivery.Status.DELIVERED,
                sort_key="status",
            ),
            AttemptsColumn("attempts", label=gettext_lazy("Attempts")),
            Column("response_status", label=gettext_lazy("HTTP status")),
            Column("error", label=gettext_lazy("Error")),
            Column(
                "next_attempt_at",
                label=gettext_lazy("Next retry"),
                accessor=lambda delivery: _local(delivery.next_attempt_at) if delivery.attempts else "",
                sort_key="next_attempt_at",
            ),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["webhook"] = self.webhook
        return context
