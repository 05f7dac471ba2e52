"""The "Story translations" report (Reports menu): one row per story of the hubs the user writes
in, one column per language of the site, each cell saying where that translation stands.

A translation is, in this order of precedence:

- **missing**: the story has no page in that language;
- **out of date**: the story changed after the translation took its text. With wagtail-localize
  that is either the story edited since its text was last sent to translators (its latest
  revision is newer than the ``TranslationSource``'s ``last_updated_at``, which "Sync translated
  pages" bumps), or the text sent and the translation not saved since (the source's
  ``last_updated_at`` newer than the translated page's latest revision). For a translation edited
  by hand (no enabled wagtail-localize ``Translation``), the story's latest revision is newer than
  the translation's. It wins over the states below: a reviewer should not approve, and readers
  should not be left with, a translation of a text that no longer exists;
- **in review**: a workflow (the hub's review) is in progress on the translated page (changes
  requested by a reviewer give it back to its editor: it is then a draft, or live);
- **live**: published (it may have a newer draft, as a Wagtail page may);
- **draft**: never published.

Why not wagtail-localize-dashboard (0.5.0, the newest on PyPI, read before writing this): its
metadata declares Wagtail 5 and 6 and Django 4.2 and 5.0 only, not Wagtail 8 or Django 5.2; its
view is guarded by Django's ``staff_member_required`` rather than Wagtail's permissions and lists
every page of the site to whoever reaches it (no scoping to a hub's team); it reports the
percentage of translated strings, not the states an editor acts on (draft, in review, out of
date); and it adds its own models, migrations and signal handlers to keep those percentages. This
report is Wagtail's own ``ReportView`` (filters, pagination, CSV and XLSX downloads) over the
pages, workflow states and wagtail-localize records that already exist, in a fixed number of
queries whatever the number of stories.

Named "Story translations" because wagtail-localize already puts a "Translations" report (its
translation records, site-wide) in the same menu.

Who sees what: the stories of the hubs the user may write in (``stories.dashboard.writable_hubs``,
in the site's default language, where the source stories are); superusers every hub. The menu item
is shown to those users only and the view checks again.
"""

from dataclasses import dataclass

import django_filters
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.coreutils import get_content_languages, get_supported_content_language_variant
from wagtail.models import Page, WorkflowState
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail_localize.models import Translation

from stories.dashboard import writable_hubs
from stories.models import StoryPage


class TranslationState(models.TextChoices):
    MISSING = "missing", _("missing")
    OUT_OF_DATE = "out_of_date", _("out of date")
    IN_REVIEW = "in_review", _("in review")
    LIVE = "live", _("live")
    DRAFT = "draft", _("draft")


# What each state means, shown above the table for editors who meet the report for the first time.
STATE_HELP = {
    TranslationState.MISSING: _("Nobody has started this translation yet."),
    TranslationState.OUT_OF_DATE: _(
        "The story changed after this translation was made: use “Sync translated pages” on the story, "
        "then update the translation."
    ),
    TranslationState.IN_REVIEW: _("Waiting for the hub's reviewers."),
    TranslationState.LIVE: _("Published."),
    TranslationState.DRAFT: _("Saved but not published: submit it for review when it is ready."),
}

# Wagtail's status tag styles: live as a live page, a draft as a draft, what waits for someone as
# a label; ``translation-state--<state>`` names the state for the report's own styles and tests.
STATE_CLASSES = {
    TranslationState.MISSING: "",
    TranslationState.OUT_OF_DATE: "w-status--label",
    TranslationState.IN_REVIEW: "w-status--label",
    TranslationState.LIVE: "w-status--primary",
    TranslationState.DRAFT: "",
}


@dataclass(frozen=True)
class LanguageCell:
    """Where one translation of a story stands; ``page_id`` is the translated page's, if any."""

    state: TranslationState
    page_id: int | None = None

    @property
    def label(self):
        return self.state.label

    @property
    def classname(self):
        return f"{STATE_CLASSES[self.state]} translation-state translation-state--{self.state.value}".strip()

    @property
    def edit_url(self):
        return reverse("wagtailadmin_pages:edit", args=[self.page_id]) if self.page_id else None


def source_language():
    """The site's default content language: the language stories are written in first."""
    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def target_languages():
    """``[(code, name)]`` of the languages stories are translated into (the site's content languages
    but the default one)."""
    source = source_language()
    return [(code, name) for code, name in get_content_languages().items() if code != source]


def _later(first, second):
    return first is not None and second is not None and first > second


def _is_out_of_date(story_changed_at, translated_at, synced_at):
    """``synced_at``: when wagtail-localize last took the story's text (its ``TranslationSource``'s
    ``last_updated_at``), or None for a translation edited by hand."""
    if synced_at is None:
        return _later(story_changed_at, translated_at)
    return _later(story_changed_at, synced_at) or _later(synced_at, translated_at)


def language_states(stories, languages):
    """Where each translation of ``stories`` stands.

    Args:
        stories: source stories (pages with ``pk``, ``translation_key``, ``locale_id`` and
            ``latest_revision_created_at``).
        languages: the language codes to report on.

    Returns:
        ``{story pk: {language code: LanguageCell}}``, in three queries whatever the number of
        stories: their translated pages, the workflows in progress on those, and
        wagtail-localize's translation records.
    """
    stories = list(stories)
    keys = {story.translation_key for story in stories}
    pages = {
        (row["translation_key"], row["locale__language_code"]): row
        for row in Page.objects.filter(translation_key__in=keys, locale__language_code__in=languages).values(
            "pk", "translation_key", "locale__language_code", "live", "latest_revision_created_at"
        )
    }
    in_review = set(
        WorkflowState.objects.filter(
            base_content_type=ContentType.objects.get_for_model(Page),
            object_id__in=[str(row["pk"]) for row in pages.values()],
            status=WorkflowState.STATUS_IN_PROGRESS,
        ).values_list("object_id", flat=True)
    )
    synced = {
        (key, code): synced_at
        for key, code, synced_at in Translation.objects.filter(
            enabled=True,
            source__object_id__in=keys,
            source__locale_id__in={story.locale_id for story in stories},
            target_locale__language_code__in=languages,
        ).values_list("source__object_id", "target_locale__language_code", "source__last_updated_at")
    }

    def cell(story, code):
        page = pages.get((story.translation_key, code))
        if page is None:
            return LanguageCell(TranslationState.MISSING)
        synced_at = synced.get((story.translation_key, code))
        if _is_out_of_date(story.latest_revision_created_at, page["latest_revision_created_at"], synced_at):
            state = TranslationState.OUT_OF_DATE
        elif str(page["pk"]) in in_review:
            state = TranslationState.IN_REVIEW
        elif page["live"]:
            state = TranslationState.LIVE
        else:
            state = TranslationState.DRAFT
        return LanguageCell(state, page["pk"])

    return {story.pk: {code: cell(story, code) for code in languages} for story in stories}


def report_hubs(user):
    """The hubs whose stories ``user`` sees in the report: those they write in, in the site's
    default language. Kept on the user for the request, as Wagtail keeps page permissions: the menu
    and the view ask for them on the same request."""
    if not hasattr(user, "_translation_report_hubs"):
        source = source_language()
        user._translation_report_hubs = [hub for hub in writable_hubs(user) if hub.locale.language_code == source]
    return user._translation_report_hubs


def may_view_report(user):
    """Whether ``user`` may open the report: a superuser (always: they have every hub, and hiding an
    empty report is not worth a query on every admin page), or someone who writes in a hub."""
    if user.is_superuser:
        return True
    # Page permissions are already read (and kept on the user) for the admin menu: no query for an
    # admin user without any, such as a moderator.
    if not PagePermissionPolicy().user_has_permission(user, "add"):
        return False
    return bool(report_hubs(user))


class TranslationReportFilterSet(WagtailFilterSet):
    hub = django_filters.ChoiceFilter(label=_("Hub"), empty_label=_("All hubs"), method="filter_hub")
    language = django_filters.ChoiceFilter(
        label=_("Language"), choices=target_languages, empty_label=_("All languages"), method="filter_language"
    )
    state = django_filters.ChoiceFilter(
        label=_("State"), choices=TranslationState.choices, empty_label=_("Any state"), method="filter_state"
    )

    class Meta:
        model = StoryPage
        fields = []

    def __init__(self, *args, hubs=(), **kwargs):
        super().__init__(*args, **kwargs)
        # The user's hubs, as the view already read them: no second query for the choices.
        self.hubs = {str(hub.pk): hub for hub in hubs}
        self.filters["hub"].extra["choices"] = [(pk, hub.title) for pk, hub in self.hubs.items()]

    def filter_hub(self, queryset, name, value):
        hub = self.hubs[value]
        return queryset.filter(path__startswith=hub.path, depth=hub.depth + 1)

    def filter_language(self, queryset, name, value):
        # Removes no story by itself: it narrows the columns (the view reads it) and the state filter.
        return queryset

    def filter_state(self, queryset, name, value):
        language = self.form.cleaned_data.get("language")
        languages = [language] if language else [code for code, _name in target_languages()]
        # The same rule as the cells (language_states), not a second one written in SQL.
        states = language_states(
            queryset.only("translation_key", "locale_id", "latest_revision_created_at"), languages
        )
        matching = [pk for pk, cells in states.items() if any(cell.state == value for cell in cells.values())]
        return queryset.filter(pk__in=matching)


class LanguageStateColumn(Column):
    """A language's column: the translation's state, a link to its editor where it exists."""

    cell_template_name = "stories/admin/translation_report_cell.html"

    def __init__(self, code, label):
        super().__init__(f"language_{code}", label=label, accessor=f"translation_cells.{code}")
        self.edit_title = _("Edit the translation: %(language)s") % {"language": label}


class TranslationReportView(ReportView):
    template_name = "stories/admin/translation_report.html"
    page_title = _("Story translations")
    header_icon = "globe"
    index_url_name = "stories_translation_report"
    index_results_url_name = "stories_translation_report_results"
    filterset_class = TranslationReportFilterSet
    default_ordering = "title"
    # Access is checked in dispatch (may_view_report) and rows are scoped to the user's hubs.
    permission_policy = None

    def dispatch(self, request, *args, **kwargs):
        if not may_view_report(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def hubs(self):
        return report_hubs(self.request.user)

    @cached_property
    def languages(self):
        """``[(code, name)]`` of the columns: every target language, or the one the filter names."""
        languages = target_languages()
        if self.filters and self.filters.is_valid() and self.filters.form.cleaned_data.get("language"):
            chosen = self.filters.form.cleaned_data["language"]
            languages = [(code, name) for code, name in languages if code == chosen]
        return languages

    def get_filterset_kwargs(self):
        return {**super().get_filterset_kwargs(), "hubs": self.hubs}

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                "title",
                label=_("Story"),
                accessor="get_admin_display_title",
                url_name="wagtailadmin_pages:edit",
                sort_key="title",
            ),
            Column("hub", label=_("Hub"), accessor="translation_hub.title"),
            *(LanguageStateColumn(code, name) for code, name in self.languages),
        ]

    @cached_property
    def list_export(self):
        return [
            "get_admin_display_title",
            "translation_hub.title",
            *(f"translation_cells.{code}.label" for code, _name in self.languages),
        ]

    @cached_property
    def export_headings(self):
        return {
            "get_admin_display_title": _("Story"),
            "translation_hub.title": _("Hub"),
            **{f"translation_cells.{code}.label": name for code, name in self.languages},
        }

    def get_filename(self):
        return "story-translations"

    def get_base_queryset(self):
        if not self.hubs:
            return StoryPage.objects.none()
        in_hubs = Q()
        for hub in self.hubs:
            in_hubs |= Q(path__startswith=hub.path, depth=hub.depth + 1)
        return StoryPage.objects.filter(in_hubs, locale__language_code=source_language()).defer_streamfields()

    def get_filtered_queryset(self):
        # BaseListingView.get_queryset has already applied the filters: once is enough (the state
        # filter reads every story's translations).
        return self.get_queryset()

    def decorate_paginated_queryset(self, object_list):
        stories = list(object_list)
        states = language_states(stories, [code for code, _name in self.languages])
        hubs_by_path = {hub.path: hub for hub in self.hubs}
        for story in stories:
            story.translation_hub = hubs_by_path.get(story.path[: -Page.steplen])
            story.translation_cells = states[story.pk]
        return stories

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["state_help"] = [(LanguageCell(state), STATE_HELP[state]) for state in TranslationState]
        return context


def admin_urls():
    return [
        path("reports/story-translations/", TranslationReportView.as_view(), name="stories_translation_report"),
        path(
            "reports/story-translations/results/",
            TranslationReportView.as_view(results_only=True),
            name="stories_translation_report_results",
        ),
    ]


class TranslationReportMenuItem(MenuItem):
    def is_shown(self, request):
        return may_view_report(request.user)


def menu_item():
    return TranslationReportMenuItem(
        _("Story translations"),
        reverse("stories_translation_report"),
        name="story-translations",
        icon_name="globe",
        order=650,
    )
