"""The attendees' list in the Wagtail admin: the sign-ups of the events a user may edit (their
hubs' team), filtered by event and status, exported as CSV or XLSX by Wagtail (``list_export``),
with check-in on the day. Checking in goes through ``events.registrations.check_in``.
"""

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import IndexView
from wagtail.permission_policies.pages import PagePermissionPolicy

from events import registrations
from events.models import EventPage, Registration


def manageable_events(user):
    """The events ``user`` may edit (Wagtail's page permissions: their hubs' team), as a queryset."""
    editable = PagePermissionPolicy().instances_user_has_any_permission_for(user, ["change"])
    return EventPage.objects.filter(pk__in=editable.values("pk"))


def may_see_sign_ups(user):
    """Whether ``user`` may edit some pages, so possibly events (Wagtail's cached permissions)."""
    return PagePermissionPolicy().user_has_any_permission(user, ["change"])


class AttendeeFilterSet(WagtailFilterSet):
    event = django_filters.ModelChoiceFilter(label=gettext_lazy("Event"), queryset=EventPage.objects.none())
    status = django_filters.ChoiceFilter(label=gettext_lazy("Status"), choices=Registration.Status.choices)

    class Meta:
        model = Registration
        fields = ["event", "status"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.filters["event"].queryset = manageable_events(request.user).order_by("-starts_at")


class CheckInColumn(Column):
    """A button that checks a person with a place in (or out again)."""

    cell_template_name = "events/admin/check_in_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context["request"]
        context.update(
            {
                "registration": instance,
                "csrf_token": get_token(request),
                "action_url": reverse("event_attendees:check_in", args=[instance.pk]),
                "next_url": request.get_full_path(),
            }
        )
        return context


class AttendeeIndexView(IndexView):
    model = Registration
    page_title = gettext_lazy("Event sign-ups")
    header_icon = "date"
    paginate_by = 50
    filterset_class = AttendeeFilterSet
    list_export = ["event", "name", "email", "status", "confirmed_at", "checked_in_at"]
    export_headings = {"event": gettext_lazy("Event"), "confirmed_at": gettext_lazy("Confirmed")}
    permission_policy = None  # who may see which sign-ups is the events they may edit (``dispatch``)

    def dispatch(self, request, *args, **kwargs):
        if not may_see_sign_ups(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_filename(self):
        return f"sign-ups-{timezone.localdate():%Y-%m-%d}"

    def get_base_queryset(self):
        return Registration.objects.filter(event__in=manageable_events(self.request.user)).select_related("event")

    def order_queryset(self, queryset):
        return queryset.order_by("-event__starts_at", "event_id", "confirmed_at", "pk")

    @cached_property
    def columns(self):
        return [
            Column("name", label=_("Name")),
            Column("email", label=_("E-mail")),
            Column("event", label=_("Event"), accessor=lambda registration: registration.event.title),
            Column("status", label=_("Status"), accessor="get_status_display"),
            DateColumn("confirmed_at", label=_("Confirmed")),
            CheckInColumn("checked_in_at", label=_("Checked in")),
        ]


def check_in(request, pk):
    """Check a person in, or out again (``present=0``); back to the listing they came from."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    registration = get_object_or_404(Registration.objects.select_related("event"), pk=pk)
    if not manageable_events(request.user).filter(pk=registration.event_id).exists():
        raise PermissionDenied
    try:
        registrations.check_in(registration, present=request.POST.get("present") != "0")
    except registrations.SignUpRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            _("%(name)s is checked in.") % {"name": registration.name}
            if registration.checked_in_at
            else _("%(name)s is no longer checked in.") % {"name": registration.name},
        )
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = reverse("event_attendees:index")
    return redirect(next_url)
