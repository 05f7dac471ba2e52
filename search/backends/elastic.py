"""Search on Elasticsearch, through ``elasticsearch.dsl`` (used when ``ELASTICSEARCH_URL`` is set).

One index per language, each with that language's analyzer (``english``, ``french``, ``german``,
``spanish``, ``cjk`` for Japanese, ``arabic``). Every index is reached through an alias,
``<prefix>-<language>``; ``rebuild`` fills new indices and moves all the aliases in one atomic
request, so that searches never see a half-built index.
"""

import logging
from contextlib import contextmanager
from datetime import UTC, date, datetime
from functools import cache, lru_cache

import nh3
from django.conf import settings
from django.utils.html import escape
from elasticsearch import ApiError, Elasticsearch, TransportError
from elasticsearch.dsl import Completion, Date, Document, Integer, Keyword, Search, Text
from elasticsearch.helpers import BulkIndexError, bulk, streaming_bulk

from search.backends.base import Backend, Hit, Results, SearchUnavailable

logger = logging.getLogger("townsquare.search")

ANALYZERS = {"en": "english", "fr": "french", "de": "german", "es": "spanish", "ja": "cjk", "ar": "arabic"}
DEFAULT_LANGUAGE = "en"
SNIPPET_LENGTH = 220
FACET_SIZE = 20
SEARCH_FIELDS = ["title^3", "standfirst^2", "body", "topic_names", "author_names", "hub_title"]


class SearchDocument(Document):
    """The fields every language shares; ``document_class`` adds the analysed text fields."""

    kind = Keyword()
    language = Keyword()
    topics = Keyword(multi=True)
    authors = Keyword(multi=True)
    hub_id = Integer()
    url = Keyword(index=False)
    published_at = Date()
    comment_count = Integer()
    title_suggest = Completion(analyzer="simple")

    @classmethod
    def from_document(cls, document):
        data = {
            "kind": document.kind,
            "language": document.language,
            "title": document.title,
            "standfirst": document.standfirst,
            "body": document.body,
            "topics": [slug for slug, _name in document.topics],
            "topic_names": document.topic_names,
            "authors": [slug for slug, _name in document.authors],
            "author_names": document.author_names,
            "hub_id": document.hub_id,
            "hub_title": document.hub_title,
            "url": document.url,
            "published_at": document.published_at,
            "comment_count": document.comment_count,
        }
        if document.kind in ("story", "event", "hub"):
            data["title_suggest"] = {"input": [document.title]}
        return cls(meta={"id": document.key}, **data)


def safe_highlight(fragment):
    """An Elasticsearch highlight fragment reduced to text and ``<mark>``.

    The ``html`` encoder already escapes the indexed text; this keeps a fragment from a
    misconfigured or hostile cluster from ever reaching the page as markup."""
    return nh3.clean(fragment, tags={"mark"}, attributes={}, strip_comments=True)


def index_language(language):
    return language if language in ANALYZERS else DEFAULT_LANGUAGE


def alias_name(language):
    return f"{settings.SEARCH_INDEX_PREFIX}-{index_language(language)}"


@cache
def document_class(language):
    """The ``Document`` class of one language's index: its text fields use that language's analyzer."""
    analyzer = ANALYZERS[index_language(language)]

    def text(**kwargs):
        return Text(analyzer=analyzer, **kwargs)

    attributes = {
        "title": text(fields={"plain": Text(analyzer="standard")}),
        "standfirst": text(),
        "body": text(),
        "topic_names": text(),
        "author_names": text(),
        "hub_title": text(),
        "Index": type("Index", (), {"name": alias_name(language), "settings": {"number_of_shards": 1}}),
    }
    return type(f"SearchDocument_{index_language(language)}", (SearchDocument,), attributes)


@lru_cache(maxsize=4)
def client_for(url, timeout):
    return Elasticsearch(url, request_timeout=timeout, max_retries=0, retry_on_timeout=False)


@contextmanager
def unavailable_on_error():
    try:
        yield
    except (ApiError, TransportError, BulkIndexError) as error:
        logger.warning("Elasticsearch failed: %s", error)
        raise SearchUnavailable(str(error)) from error


class ElasticsearchBackend(Backend):
    name = "elasticsearch"

    def __init__(self, url=None):
        self.url = url or settings.ELASTICSEARCH_URL
        self.client = client_for(self.url, settings.SEARCH_TIMEOUT_SECONDS)
        self._ready = set()

    # Indices ---------------------------------------------------------------------------------

    def languages(self):
        return [code for code, _name in settings.LANGUAGES if code in ANALYZERS] or [DEFAULT_LANGUAGE]

    def _new_index_name(self, language, stamp):
        return f"{alias_name(language)}-{stamp}"

    def ensure_index(self, language):
        """Create the language's index and alias on first use."""
        language = index_language(language)
        if language in self._ready:
            return
        with unavailable_on_error():
            if not self.client.indices.exists_alias(name=alias_name(language)):
                stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S%f")
                name = self._new_index_name(language, stamp)
                document_class(language).init(index=name, using=self.client)
                self.client.indices.update_aliases(actions=[{"add": {"index": name, "alias": alias_name(language)}}])
        self._ready.add(language)

    def _refresh(self):
        return "true" if settings.SEARCH_REFRESH_ON_WRITE else "false"

    # Indexing --------------------------------------------------------------------------------

    def upsert(self, documents):
        if not documents:
            return
        for language in {document.language for document in documents}:
            self.ensure_index(language)
        actions = []
        for document in documents:
            es_document = document_class(document.language).from_document(document)
            actions.append(es_document.to_dict(include_meta=True) | {"_index": alias_name(document.language)})
        with unavailable_on_error():
            bulk(self.client, actions, refresh=self._refresh())

    def delete(self, keys):
        if not keys:
            return
        actions = [
            {"_op_type": "delete", "_index": alias_name(language), "_id": key}
            for language in self.languages()
            for key in keys
        ]
        with unavailable_on_error():
            existing = [
                language
                for language in self.languages()
                if self.client.indices.exists_alias(name=alias_name(language))
            ]
            actions = [action for action in actions if action["_index"] in {alias_name(lang) for lang in existing}]
            if actions:
                # A key is in one language's index only: "not found" in the others is expected.
                _ok, errors = bulk(self.client, actions, refresh=self._refresh(), raise_on_error=False)
                real_errors = [error for error in errors if error.get("delete", {}).get("status") != 404]
                if real_errors:
                    raise BulkIndexError(f"{len(real_errors)} document(s) failed to delete", real_errors)

    def rebuild(self, keys, progress=None):
        """Fill new indices, then switch every alias to them at once and drop the old indices."""
        from search.documents import iter_documents

        stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S%f")
        new = {language: self._new_index_name(language, stamp) for language in self.languages()}
        done = 0
        with unavailable_on_error():
            for language, name in new.items():
                document_class(language).init(index=name, using=self.client)

            def actions():
                for document in iter_documents(keys):
                    es_document = document_class(document.language).from_document(document)
                    yield es_document.to_dict(include_meta=True) | {"_index": new[index_language(document.language)]}

            for _ok, _item in streaming_bulk(self.client, actions(), chunk_size=500, raise_on_error=True):
                done += 1
                if progress and done % 100 == 0:
                    progress(done, len(keys))
            self.client.indices.refresh(index=",".join(new.values()))
            switch, old = [], []
            for language, name in new.items():
                alias = alias_name(language)
                if self.client.indices.exists_alias(name=alias):
                    for old_index in self.client.indices.get_alias(name=alias):
                        switch.append({"remove": {"index": old_index, "alias": alias}})
                        old.append(old_index)
                elif self.client.indices.exists(index=alias):  # an index, not an alias, holds the name
                    self.client.indices.delete(index=alias)
                switch.append({"add": {"index": name, "alias": alias}})
            self.client.indices.update_aliases(actions=switch)
            for old_index in old:
                self.client.indices.delete(index=old_index, ignore_unavailable=True)
        self._ready.update(new)
        if progress:
            progress(done, len(keys))
        return done

    def clear(self):
        with unavailable_on_error():
            for language in self.languages():
                alias = alias_name(language)
                if self.client.indices.exists_alias(name=alias):
                    for index in self.client.indices.get_alias(name=alias):
                        self.client.indices.delete(index=index, ignore_unavailable=True)
                elif self.client.indices.exists(index=alias):
                    self.client.indices.delete(index=alias)
        self._ready.clear()

    # Searching -------------------------------------------------------------------------------

    def build_search(self, query):
        """The ``Search`` for a ``Query``: unit tests read its ``to_dict()``."""
        search = Search(using=self.client, index=alias_name(query.language)).extra(track_total_hits=True)
        words = query.text.strip()
        if words:
            match = {"query": words, "fields": SEARCH_FIELDS, "operator": "and"}
            if ANALYZERS[index_language(query.language)] != "cjk":
                match["fuzziness"] = "AUTO"  # typo tolerance; not on character pairs
            search = search.query("multi_match", **match)
        if query.kind:
            search = search.filter("term", kind=query.kind)
        if query.hub:
            search = search.filter("term", hub_id=query.hub)
        if query.topic:
            search = search.filter("term", topics=query.topic)
        if query.author:
            search = search.filter("term", authors=query.author)
        if query.date_from or query.date_to:
            bounds = {}
            if query.date_from:
                bounds["gte"] = query.date_from.isoformat()
            if query.date_to:
                bounds["lte"] = query.date_to.isoformat()
            search = search.filter("range", published_at=bounds)
        if query.sort == "date" or not words:
            search = search.sort({"published_at": {"order": "desc"}}, "_score")
        search.aggs.bucket("kind", "terms", field="kind", size=FACET_SIZE)
        search.aggs.bucket("hub", "terms", field="hub_id", size=FACET_SIZE)
        search.aggs.bucket("topic", "terms", field="topics", size=FACET_SIZE)
        search.aggs.bucket("author", "terms", field="authors", size=FACET_SIZE)
        search = search.highlight_options(
            encoder="html",
            pre_tags=["<mark>"],
            post_tags=["</mark>"],
            fragment_size=SNIPPET_LENGTH,
            number_of_fragments=1,
        )
        search = search.highlight("title", number_of_fragments=0).highlight("standfirst").highlight("body")
        return search[query.offset : query.offset + query.per_page]

    def search(self, query):
        self.ensure_index(query.language)
        with unavailable_on_error():
            response = self.build_search(query).execute()
        hits = [self._hit(hit) for hit in response.hits]
        facets = {
            name: [(bucket.key, bucket.doc_count) for bucket in getattr(response.aggregations, name).buckets]
            for name in ("kind", "hub", "topic", "author")
        }
        return Results(query=query, hits=hits, total=response.hits.total.value, facets=facets)

    def _hit(self, hit):
        """A ``Hit`` from one Elasticsearch hit; highlights are HTML, the rest is escaped."""
        highlight = getattr(hit.meta, "highlight", None)

        def highlighted(name):
            fragments = getattr(highlight, name, None) if highlight else None
            return safe_highlight(fragments[0]) if fragments else ""

        title_html = highlighted("title") or escape(hit.title)
        snippet_html = highlighted("standfirst") or highlighted("body")
        if not snippet_html:
            source = getattr(hit, "standfirst", "") or getattr(hit, "body", "") or ""
            snippet_html = escape(source[:SNIPPET_LENGTH]) + ("…" if len(source) > SNIPPET_LENGTH else "")
        published = getattr(hit, "published_at", None)
        if isinstance(published, str):  # a search without a document class returns the source as stored
            published = date.fromisoformat(published[:10])
        return Hit(
            key=hit.meta.id,
            kind=hit.kind,
            title_html=title_html,
            snippet_html=snippet_html,
            url=hit.url,
            hub_id=getattr(hit, "hub_id", None),
            hub_title=getattr(hit, "hub_title", ""),
            published_at=published.date() if isinstance(published, datetime) else published,
            comment_count=getattr(hit, "comment_count", 0) or 0,
        )

    def build_did_you_mean(self, query):
        search = Search(using=self.client, index=alias_name(query.language)).extra(size=0)
        return search.suggest("did_you_mean", query.text, term={"field": "title.plain", "suggest_mode": "missing"})

    def did_you_mean(self, query):
        self.ensure_index(query.language)
        with unavailable_on_error():
            response = self.build_did_you_mean(query).execute()
        corrected, changed = [], False
        for entry in response.suggest.did_you_mean:
            if entry.options:
                corrected.append(entry.options[0].text)
                changed = True
            else:
                corrected.append(entry.text)
        return " ".join(corrected) if changed else ""

    def build_suggest(self, prefix, language, limit=8):
        search = Search(using=self.client, index=alias_name(language)).source(["title", "url", "kind"])
        return search.suggest(
            "titles", prefix, completion={"field": "title_suggest", "size": limit, "skip_duplicates": True}
        )

    def suggest(self, prefix, language, limit=8):
        if not prefix.strip():
            return []
        self.ensure_index(language)
        with unavailable_on_error():
            response = self.build_suggest(prefix.strip(), language, limit).execute()
        return [
            {"title": option._source.title, "url": option._source.url, "kind": option._source.kind}
            for option in response.suggest.titles[0].options
        ]
