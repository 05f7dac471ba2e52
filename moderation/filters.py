"""Filters of the moderation queues (a WagtailFilterSet, scoped to the user's hubs)."""

import django_filters
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from communities.models import CommunityHubPage
from moderation.models import Comment
from moderation.permissions import scope_hubs

REASON_CHOICES = [
    ("first_time", _("First-time commenter")),
    ("premoderation", _("Hub reviews every comment")),
    ("links", _("Too many links")),
    ("suspect_word", _("Suspect word")),
    ("offensive", _("Offensive-language score")),
    ("flags", _("Hidden after reports")),
]


class CommentFilterSet(WagtailFilterSet):
    hub = django_filters.ModelChoiceFilter(
        label=_("Hub"), queryset=CommunityHubPage.objects.none(), empty_label=_("All my hubs")
    )
    story = django_filters.NumberFilter(label=_("Story (page id)"), field_name="page_id", min_value=1)
    language = django_filters.ChoiceFilter(label=_("Language"), choices=settings.LANGUAGES)
    reason = django_filters.ChoiceFilter(label=_("Reason"), choices=REASON_CHOICES, method="filter_reason")
    submitted = django_filters.DateFromToRangeFilter(
        label=_("Written between"), field_name="submit_date", widget=DateRangePickerWidget
    )
    min_score = django_filters.NumberFilter(
        label=_("Offensive score at least"),
        method="filter_min_score",
        min_value=0,
        max_value=1,
        widget=forms.NumberInput(attrs={"step": "0.05", "min": 0, "max": 1}),
    )

    class Meta:
        model = Comment
        fields = []

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["hub"].queryset = scope_hubs(user)

    def filter_min_score(self, queryset, name, value):
        # The form gives a Decimal, which the JSON key lookup cannot encode: compare with a float.
        return queryset.filter(scores__profanity__gte=float(value))

    def filter_reason(self, queryset, name, value):
        # Reasons are stored as JSON; each code is a distinct word in it.
        return queryset.filter(reasons__icontains=f'"{value}"')
