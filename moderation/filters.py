"""Filters of the moderation queues and log (WagtailFilterSets, scoped to the user's hubs).

The hub filter lists each hub once, whatever the number of its translations, and picking it
covers every language of it; the story filter matches titles (the widget suggests the stories
of the user's hubs as they type); the reason filter matches a stored reason code exactly.
"""

import django_filters
from django import forms
from django.conf import settings
from django.db import connection
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.log_actions import registry as log_registry
from wagtail.models import ModelLogEntry

from moderation.models import Comment
from moderation.permissions import scope_hubs


class StoryAutocompleteInput(forms.TextInput):
    """A text input that suggests the titles of the stories the user moderates as they type
    (story_autocomplete.js fills its <datalist> from ``moderation:stories``)."""

    template_name = "moderation/widgets/story_autocomplete.html"

    class Media:
        js = ["moderation/story_autocomplete.js"]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].update(
            {
                "list": f"{context['widget']['attrs'].get('id', name)}-suggestions",
                "autocomplete": "off",
                "data-story-autocomplete": reverse("moderation:stories"),
            }
        )
        return context


def hub_choices(user):
    """One (value, label) per hub the user moderates, its translations grouped under it, and
    {value: ids of the hub and its translations}; one query.

    The value is the id of the hub in the site's default language (else its first translation)."""
    rows = scope_hubs(user).order_by("pk").values_list("pk", "title", "translation_key", "locale__language_code")
    groups = {}
    for pk, title, key, language in rows:
        groups.setdefault(key, []).append((pk, title, language))
    choices, members = [], {}
    for group in groups.values():
        source = next((hub for hub in group if hub[2] == settings.LANGUAGE_CODE), group[0])
        value = str(source[0])
        members[value] = [hub[0] for hub in group]
        if len(group) > 1:
            label = _("%(hub)s (%(languages)s)") % {
                "hub": source[1],
                "languages": ", ".join(sorted(hub[2].upper() for hub in group)),
            }
        else:
            label = source[1]
        choices.append((value, label))
    choices.sort(key=lambda choice: str(choice[1]).lower())
    return choices, members


def has_reason(queryset, code):
    """``queryset`` narrowed to the comments whose ``reasons`` hold an entry with exactly ``code``."""
    if connection.vendor == "postgresql":
        return queryset.filter(reasons__contains=[{"code": code}])
    # SQLite has no JSON containment: look at each entry's "code" with JSON_EACH. The code is a
    # bound parameter; the table name is the model's own.
    table = connection.ops.quote_name(Comment._meta.db_table)
    exists = RawSQL(  # noqa: S611
        f'EXISTS (SELECT 1 FROM json_each({table}."reasons") AS entry '  # noqa: S608
        "WHERE json_extract(entry.value, '$.code') = %s)",
        [code],
        output_field=BooleanField(),
    )
    return queryset.alias(has_reason=exists).filter(has_reason=True)


class CommentFilterSet(WagtailFilterSet):
    hub = django_filters.ChoiceFilter(label=_("Hub"), method="filter_hub", empty_label=_("All my hubs"))
    story = django_filters.CharFilter(
        label=_("Story"), method="filter_story", max_length=255, widget=StoryAutocompleteInput
    )
    language = django_filters.ChoiceFilter(label=_("Language"), choices=settings.LANGUAGES)
    reason = django_filters.ChoiceFilter(label=_("Reason"), choices=Comment.Reason.choices, method="filter_reason")
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
    overdue = django_filters.ChoiceFilter(
        label=_("Answer by"),
        choices=[("1", _("Overdue only"))],
        empty_label=_("Any time"),
        method="filter_overdue",
    )

    class Meta:
        model = Comment
        fields = []

    def __init__(self, *args, user=None, by_deadline=False, **kwargs):
        super().__init__(*args, **kwargs)
        choices, self.hub_members = hub_choices(user)
        self.filters["hub"].extra["choices"] = choices
        if not by_deadline:
            del self.filters["overdue"]

    def filter_hub(self, queryset, name, value):
        return queryset.filter(hub_id__in=self.hub_members.get(value, []))

    def filter_story(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(page__title__icontains=value) if value else queryset

    def filter_min_score(self, queryset, name, value):
        # The form gives a Decimal, which the JSON key lookup cannot encode: compare with a float.
        return queryset.filter(scores__profanity__gte=float(value))

    def filter_reason(self, queryset, name, value):
        return has_reason(queryset, value)

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(respond_by__lt=timezone.now()) if value else queryset


def comment_log_action_choices():
    return [
        (action, label) for action, label in log_registry.get_choices() if action.startswith("townsquare_comment.")
    ]


class ModerationLogFilterSet(WagtailFilterSet):
    action = django_filters.ChoiceFilter(label=_("Action"), choices=comment_log_action_choices)
    timestamp = django_filters.DateFromToRangeFilter(label=_("Date"), widget=DateRangePickerWidget)

    class Meta:
        model = ModelLogEntry
        fields = []
