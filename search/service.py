"""The one query service: every view that searches calls ``search`` or ``suggest`` here.

It runs the query on the configured backend, corrects a query that found nothing ("did you
mean"), and turns the facets' raw values (hub ids, topic and author slugs) into labelled options.
``SearchUnavailable`` reaches the caller when the search engine is down.
"""

from dataclasses import dataclass

from search import text
from search.backends import SearchUnavailable, get_backend
from search.backends.base import Query, Results
from search.models import SearchEntry

__all__ = ["Facet", "FacetOption", "Query", "Results", "SearchUnavailable", "search", "suggest"]


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class Facet:
    name: str  # the query-string parameter it sets
    options: list


def search(query, correct=True):
    """Results for ``query``. When it finds nothing, a spelling that finds something is suggested
    and, with ``correct``, its results are returned instead (``corrected_from`` says so)."""
    if query.text.strip() and not text.terms(query.text, query.language):
        return Results(query=query)  # only punctuation or query syntax: nothing to look for
    backend = get_backend()
    results = backend.search(query)
    if results.total == 0 and query.text.strip():
        suggestion = backend.did_you_mean(query)
        if suggestion and suggestion.casefold() != query.text.casefold():
            corrected = backend.search(query.but(text=suggestion))
            if corrected.total:
                if correct:
                    corrected.corrected_from = query.text
                    results = corrected
                results.suggestion = suggestion
    return results


def suggest(prefix, language, limit=8):
    return get_backend().suggest(prefix, language, limit=limit)


def labelled_facets(results):
    """The result's facets with labels, in a fixed order: kind, hub, topic, author. One query per facet."""
    from taggit.models import Tag

    from communities.models import CommunityHubPage
    from communities.topics import with_display_names
    from stories.models import Author

    query = results.query
    raw = results.facets
    facets = []

    kinds = dict(SearchEntry.Kind.choices)
    options = [
        FacetOption(value, str(kinds.get(value, value)), count, value == query.kind)
        for value, count in raw.get("kind", [])
    ]
    facets.append(Facet("kind", options))

    hub_ids = [value for value, _count in raw.get("hub", [])]
    titles = dict(CommunityHubPage.objects.filter(pk__in=hub_ids).values_list("pk", "title")) if hub_ids else {}
    options = [
        FacetOption(str(value), titles[value], count, value == query.hub)
        for value, count in raw.get("hub", [])
        if value in titles
    ]
    facets.append(Facet("hub", options))

    slugs = [value for value, _count in raw.get("topic", [])]
    names = {}
    if slugs:  # in the language searched
        names = dict(
            with_display_names(Tag.objects.filter(slug__in=slugs), query.language).values_list("slug", "display_name")
        )
    options = [
        FacetOption(value, names.get(value, value), count, value == query.topic)
        for value, count in raw.get("topic", [])
    ]
    facets.append(Facet("topic", options))

    slugs = [value for value, _count in raw.get("author", [])]
    names = {}
    if slugs:
        # An author's translations share the slug: prefer the name in the language searched.
        for slug, name, language in Author.objects.filter(slug__in=slugs).values_list(
            "slug", "name", "locale__language_code"
        ):
            if slug not in names or language == query.language:
                names[slug] = name
    options = [
        FacetOption(value, names.get(value, value), count, value == query.author)
        for value, count in raw.get("author", [])
    ]
    facets.append(Facet("author", options))
    return [facet for facet in facets if facet.options]
