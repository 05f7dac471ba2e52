"""What every search backend takes and gives: a ``Query`` in, ``Results`` out.

A backend also keeps its index: ``upsert`` documents, ``delete`` keys, ``rebuild`` everything.
Any failure of the search engine itself is raised as ``SearchUnavailable``.
"""

from dataclasses import dataclass, field, replace
from datetime import date

SORTS = ("relevance", "date")
FACETS = ("kind", "hub", "topic", "author")


class SearchUnavailable(Exception):
    """The search engine did not answer, or answered with an error."""


@dataclass(frozen=True)
class Query:
    text: str = ""
    language: str = "en"
    kind: str = ""
    hub: int | None = None
    topic: str = ""
    author: str = ""
    date_from: date | None = None
    date_to: date | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = 10

    @property
    def offset(self):
        return (self.page - 1) * self.per_page

    @property
    def has_filters(self):
        return bool(self.kind or self.hub or self.topic or self.author or self.date_from or self.date_to)

    def but(self, **changes):
        return replace(self, **changes)


@dataclass
class Hit:
    key: str
    kind: str
    title_html: str  # escaped, with <mark> around the words that matched
    snippet_html: str
    url: str
    hub_id: int | None = None
    hub_title: str = ""
    published_at: date | None = None
    comment_count: int = 0
    # An event's time, place and state, read from the event when results are shown (``search.service``).
    event: object = None


@dataclass
class Results:
    query: Query
    hits: list = field(default_factory=list)
    total: int = 0
    # facet name -> [(value, count)], most frequent first; values are raw (ids, slugs) until labelled.
    facets: dict = field(default_factory=dict)
    suggestion: str = ""  # "did you mean"
    corrected_from: str = ""  # set when the hits are for ``suggestion`` because ``query.text`` found nothing

    @property
    def pages(self):
        return max(1, -(-self.total // self.query.per_page))


class Backend:
    name = ""

    def upsert(self, documents):
        raise NotImplementedError

    def delete(self, keys):
        raise NotImplementedError

    def search(self, query):
        raise NotImplementedError

    def did_you_mean(self, query):
        """A spelling of ``query.text`` that would find something, or ''."""
        raise NotImplementedError

    def suggest(self, prefix, language, limit=8):
        """Stories, events and hubs whose title starts with ``prefix``: [{"title", "url", "kind"}]."""
        raise NotImplementedError

    def rebuild(self, keys, progress=None):
        """Index everything in ``keys`` afresh; ``progress(done, total)`` is called along the way."""
        raise NotImplementedError

    def clear(self):
        """Remove every document (tests, and operators starting over)."""
        raise NotImplementedError
