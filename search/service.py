"""The one query service: every view that searches calls ``search`` or ``suggest`` here.

It runs the query on the configured backend, corrects a query that found nothing ("did you
mean"), gives event results their time, place and state, and turns the facets' raw values (hub
ids, topic and author slugs) into labelled options.
``SearchUnavailable`` reaches the caller when the search engine is down.
"""

from dataclasses import dataclass
from datetime import datetime

from search import text
from search.backends import SearchUnavailable, get_backend
from search.backends.base import Query, Results
from search.documents import split_key
from search.models import SearchEntry

__all__ = ["EventFacts", "Facet", "FacetOption", "Query", "Results", "SearchUnavailable", "search", "suggest"]


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


@dataclass
class EventFacts:
    """What an event's result shows besides its title: when, in the event's time zone, and where."""

    starts: datetime  # in the event's time zone, as the people there read it
    time_zone: str
    online: bool
    place: str  # the place's name, else the first line of its address; empty when online
    cancelled: bool


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
    return add_event_facts(results)


def add_event_facts(results):
    """Set ``hit.event`` (``EventFacts``) on the event hits: one query for the page's events, none
    without. Read from the events rather than the index: the index holds what is searched, and a
    time or a cancellation is then as current as the event's page. An event gone since it was
    indexed keeps ``None``."""
    from events.models import EventPage, local_instant

    hits = {split_key(hit.key)[1]: hit for hit in results.hits if hit.kind == SearchEntry.Kind.EVENT}
    if not hits:
        return results
    rows = EventPage.objects.filter(pk__in=hits).values(
        "pk", "start_date", "start_time", "time_zone", "attendance", "place", "address", "cancelled"
    )
    for row in rows:
        online = row["attendance"] == EventPage.Attendance.ONLINE
        place = "" if online else (row["place"].strip() or next(iter(row["address"].strip().splitlines()), ""))
        hits[row["pk"]].event = EventFacts(
            starts=local_instant(row["start_date"], row["start_time"], row["time_zone"]),
            time_zone=row["time_zone"],
            online=online,
            place=place,
            cancelled=row["cancelled"],
        )
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
