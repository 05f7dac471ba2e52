"""The public search pages: ``/<language>/search/`` and its autocomplete, ``/<language>/search/suggest/``.

Both go through ``search.service``. The search page always answers: bad parameters become
notices, and a search engine that is down gives a 503 page that says so (publishing and commenting
go on meanwhile: see ``search.indexing``).
"""

import logging
from urllib.parse import urlencode

from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from search import service, text
from search.forms import MAX_QUERY_LENGTH, SearchForm

logger = logging.getLogger("townsquare.search")

PAGE_WINDOW = 2  # page links shown either side of the current page
SUGGEST_MIN_LENGTH = 2
SUGGEST_MAX_LENGTH = 100
PARAMETERS = ("q", "kind", "hub", "topic", "author", "from", "to", "sort", "exact")


def _parameters(request):
    """The query string's search parameters (not the page), as given."""
    params = {}
    for name in PARAMETERS:
        value = request.GET.get(name, "").strip()
        if value:
            params[name] = value[:MAX_QUERY_LENGTH] if name == "q" else value
    return params


def _url(params, **changes):
    merged = {**params, **changes}
    return "?" + urlencode({name: value for name, value in merged.items() if value not in ("", None)})


def _page_links(params, current, pages):
    numbers = sorted({1, pages, *range(max(1, current - PAGE_WINDOW), min(pages, current + PAGE_WINDOW) + 1)})
    links, previous = [], 0
    for number in numbers:
        if number - previous > 1:
            links.append({"gap": True})
        links.append({"number": number, "url": _url(params, page=number), "current": number == current})
        previous = number
    return links


@require_GET
def search(request):
    language = translation.get_language()
    form = SearchForm(request.GET, language=language)
    query = form.to_query()
    params = _parameters(request)
    context = {"form": form, "query": query, "notices": form.notices, "params": params}
    status = 200
    if query.text and not any(True for _ in text.tokens(query.text)):
        form.notices.append(gettext("Your search has no letters or digits to look for. Try some words."))
    elif query.text or query.has_filters:
        try:
            correct = not request.GET.get("exact")  # "search instead for" what was typed
            results = service.search(query, correct=correct)
            if results.total and query.page > results.pages:
                form.notices.append(
                    gettext("There is no page %(page)d: this is the last page.") % {"page": query.page}
                )
                results = service.search(query.but(page=results.pages), correct=correct)
            facets = service.labelled_facets(results)
        except service.SearchUnavailable:
            logger.warning("Search unavailable for %r", query)
            context["unavailable"] = True
            status = 503
        else:
            for facet in facets:
                for option in facet.options:
                    option.url = _url(params, **{facet.name: "" if option.selected else option.value})
            current = results.query.page
            context.update(
                results=results,
                facets=facets,
                page_links=_page_links(params, current, results.pages) if results.pages > 1 else [],
                previous_url=_url(params, page=current - 1) if current > 1 else "",
                next_url=_url(params, page=current + 1) if current < results.pages else "",
                first_shown=results.query.offset + 1,
                last_shown=results.query.offset + len(results.hits),
                suggestion_url=_url(params, q=results.suggestion, exact="") if results.suggestion else "",
                original_url=_url(params, q=results.corrected_from, exact="1") if results.corrected_from else "",
                sort_urls={
                    "relevance": _url(params, sort=""),
                    "date": _url(params, sort="date"),
                },
                active_filters=_active_filters(query, facets, params),
            )
    return TemplateResponse(request, "search/search.html", context, status=status)


def _active_filters(query, facets, params):
    """The filters in use, each with a link that removes it."""
    labels = {facet.name: {option.value: option.label for option in facet.options} for facet in facets}
    active = []
    for name, value in (("kind", query.kind), ("hub", query.hub), ("topic", query.topic), ("author", query.author)):
        if value:
            label = labels.get(name, {}).get(str(value), str(value))
            active.append({"label": label, "url": _url(params, **{name: ""})})
    if query.date_from:
        active.append(
            {"label": gettext("from %(date)s") % {"date": query.date_from}, "url": _url(params, **{"from": ""})}
        )
    if query.date_to:
        active.append({"label": gettext("until %(date)s") % {"date": query.date_to}, "url": _url(params, to="")})
    return active


@require_GET
def suggest(request):
    """Titles of stories, events and hubs for the search box's autocomplete: JSON, at most eight."""
    prefix = request.GET.get("q", "").strip()[:SUGGEST_MAX_LENGTH]
    language = translation.get_language()
    if len(prefix) < SUGGEST_MIN_LENGTH:
        suggestions = []
    else:
        try:
            suggestions = service.suggest(prefix, language)
        except service.SearchUnavailable:
            return JsonResponse(
                {"query": prefix, "suggestions": [], "error": gettext("Search is unavailable.")}, status=503
            )
    response = JsonResponse({"query": prefix, "suggestions": suggestions})
    response["Cache-Control"] = "public, max-age=60"
    return response
