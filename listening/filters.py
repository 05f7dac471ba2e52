"""Filters of the feedback listing (a WagtailFilterSet, scoped to the user's hubs)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from communities.models import CommunityHubPage
from listening.models import FeedbackItem
from moderation.permissions import scope_hubs

ASSIGNED_TO_ME = "me"
UNASSIGNED = "nobody"


class FeedbackItemFilterSet(WagtailFilterSet):
    hub = django_filters.ModelChoiceFilter(
        label=_("Hub"), queryset=CommunityHubPage.objects.none(), empty_label=_("All my hubs")
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=FeedbackItem.Status.choices)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=FeedbackItem.Kind.choices)
    assignee = django_filters.ChoiceFilter(
        label=_("Assigned to"),
        choices=[(ASSIGNED_TO_ME, _("Assigned to me")), (UNASSIGNED, _("Nobody yet"))],
        method="filter_assignee",
    )
    marked = django_filters.DateFromToRangeFilter(
        label=_("Marked between"), field_name="created_at", widget=DateRangePickerWidget
    )

    class Meta:
        model = FeedbackItem
        fields = []

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.filters["hub"].queryset = scope_hubs(user)

    def filter_assignee(self, queryset, name, value):
        if value == ASSIGNED_TO_ME:
            return queryset.filter(assignee=self.user)
        if value == UNASSIGNED:
            return queryset.filter(assignee=None)
        return queryset
