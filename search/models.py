"""What the search app stores.

``SearchEntry`` is the database backend's index: one row per searchable thing (a story, an event,
a hub, a published comment), denormalised, with its text analysed per language (see ``search.text``)
and indexed by Wagtail's database search. ``SearchEntryLabel`` holds its topics and authors, the
two filters that take several values. ``PendingIndexUpdate`` remembers the updates that the
search engine refused, so that they are retried and never lost.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin

from search import text


class AnalysedSearchField(index.SearchField):
    """A search field indexed as its per-language terms (stems, CJK pairs), not as raw text.

    The title's terms are indexed ``boost`` times: PostgreSQL's ``ts_rank`` barely tells its
    weights apart (Wagtail derives them from every boost in the project), and repeating the
    terms is what makes a word in the title outrank the same word further down."""

    def get_value(self, obj):
        analysed = text.analysed(super().get_value(obj), obj.language)
        if self.field_name == "title" and analysed and self.boost:
            return " ".join([analysed] * int(self.boost))
        return analysed


class AnalysedAutocompleteField(index.AutocompleteField):
    """An autocomplete field indexed as folded, unstemmed words, so that prefixes match."""

    def get_value(self, obj):
        return " ".join(text.plain_words(super().get_value(obj)))


class SearchEntryQuerySet(SearchableQuerySetMixin, models.QuerySet):
    pass


class SearchEntry(index.Indexed, models.Model):
    class Kind(models.TextChoices):
        STORY = "story", _("Stories")
        EVENT = "event", _("Events")
        HUB = "hub", _("Hubs")
        COMMENT = "comment", _("Discussions")

    key = models.CharField(max_length=40, unique=True, help_text="'<kind>:<id>', the same key as in Elasticsearch")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    language = models.CharField(max_length=12)
    title = models.CharField(max_length=255)
    standfirst = models.TextField(blank=True)
    body = models.TextField(blank=True)
    topic_names = models.TextField(blank=True)
    author_names = models.TextField(blank=True)
    hub_id = models.IntegerField(null=True, blank=True)
    hub_title = models.CharField(max_length=255, blank=True)
    url = models.CharField(max_length=500)
    published_at = models.DateField(null=True, blank=True)
    comment_count = models.PositiveIntegerField(default=0)

    objects = SearchEntryQuerySet.as_manager()

    search_fields = [
        AnalysedSearchField("title", boost=3),
        AnalysedSearchField("standfirst", boost=2),
        AnalysedSearchField("body"),
        AnalysedSearchField("topic_names"),
        AnalysedSearchField("author_names"),
        AnalysedSearchField("hub_title"),
        AnalysedAutocompleteField("title"),
        index.FilterField("id"),
        index.FilterField("kind"),
        index.FilterField("language"),
        index.FilterField("hub_id"),
        index.FilterField("published_at"),
    ]

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        indexes = [models.Index(fields=["language", "kind", "published_at"])]

    def __str__(self):
        return self.key


class SearchEntryLabel(models.Model):
    """A topic or an author of an entry: filters and facets that take several values."""

    class Facet(models.TextChoices):
        TOPIC = "topic", _("Topic")
        AUTHOR = "author", _("Author")

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="labels")
    facet = models.CharField(max_length=10, choices=Facet.choices)
    value = models.CharField(max_length=140, help_text="the topic's or the author's slug")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["entry", "facet", "value"], name="unique_search_label")]
        indexes = [models.Index(fields=["facet", "value"])]

    def __str__(self):
        return f"{self.facet}={self.value}"


class PendingIndexUpdate(models.Model):
    """An index update the search engine did not take; retried by ``search_index --retry`` and later updates."""

    key = models.CharField(max_length=40, unique=True)
    attempts = models.PositiveIntegerField(default=1)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("pending index update")
        verbose_name_plural = _("pending index updates")

    def __str__(self):
        return self.key
