"""The embedded default: search on Wagtail's database backend (SQLite FTS5, PostgreSQL full-text).

Documents are stored as ``SearchEntry`` rows, which Wagtail indexes (its signal handlers update
the full-text index on every save). Text is analysed per language by ``search.text`` before it
reaches the index, and queries the same way, so French stems match French stems whatever the
database's own configuration.

What only Elasticsearch has (see docs/operators.md): per-word fuzzy matching and relevance tuned
by Lucene. Here a query that finds nothing is corrected as a whole, from the words of the titles,
standfirsts and topics of that language ("did you mean"), and the corrected query is run instead.
"""

import difflib
from collections import Counter

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count

from search import text
from search.backends.base import Backend, Hit, Results
from search.models import SearchEntry, SearchEntryLabel

SNIPPET_LENGTH = 220
REBUILD_BATCH = 500
VOCABULARY_SECONDS = 600


def _matched(results):
    """The queryset of every entry a Wagtail search result set matched (no slicing, no ordering)."""
    compiler = results.query_compiler
    config = compiler.get_config(results.backend)
    try:
        return compiler.search(config, None, None, backend=results.backend)
    except TypeError:  # the SQLite compiler takes no backend
        return compiler.search(config, None, None)


class DatabaseBackend(Backend):
    name = "database"

    # Indexing --------------------------------------------------------------------------------

    @staticmethod
    def _fields(document):
        return {
            "kind": document.kind,
            "language": document.language,
            "title": document.title[:255],
            "standfirst": document.standfirst,
            "body": document.body,
            "topic_names": document.topic_names,
            "author_names": document.author_names,
            "hub_id": document.hub_id,
            "hub_title": document.hub_title[:255],
            "url": document.url[:500],
            "published_at": document.published_at,
            "comment_count": document.comment_count,
        }

    def _entry(self, document):
        return SearchEntry(key=document.key, **self._fields(document))

    @staticmethod
    def _labels(document):
        topics = {("topic", slug) for slug, _name in document.topics}
        return topics | {("author", slug) for slug, _name in document.authors}

    @transaction.atomic
    def upsert(self, documents):
        for document in documents:
            # Saving the row updates Wagtail's full-text index (its signal handler).
            entry, _created = SearchEntry.objects.update_or_create(key=document.key, defaults=self._fields(document))
            labels = self._labels(document)
            existing = set(entry.labels.values_list("facet", "value"))
            if existing != labels:
                entry.labels.all().delete()
                SearchEntryLabel.objects.bulk_create(
                    SearchEntryLabel(entry=entry, facet=facet, value=value) for facet, value in sorted(labels)
                )

    def delete(self, keys):
        SearchEntry.objects.filter(key__in=keys).delete()  # Wagtail's signal handler drops them from the index

    def rebuild(self, keys, progress=None):
        """Replace every entry: rows written in batches, then indexed by Wagtail in bulk."""
        from wagtail.search.backends import get_search_backend

        from search.documents import iter_documents

        self.clear()
        index = get_search_backend()
        done, batch = 0, []

        def flush():
            entries = SearchEntry.objects.bulk_create(self._entry(document) for document in batch)
            SearchEntryLabel.objects.bulk_create(
                SearchEntryLabel(entry=entry, facet=facet, value=value)
                for entry, document in zip(entries, batch, strict=True)
                for facet, value in sorted(self._labels(document))
            )
            index.add_bulk(SearchEntry, entries)

        for document in iter_documents(keys):
            batch.append(document)
            if len(batch) >= REBUILD_BATCH:
                with transaction.atomic():
                    flush()
                done += len(batch)
                batch = []
                if progress:
                    progress(done, len(keys))
        if batch:
            with transaction.atomic():
                flush()
            done += len(batch)
        if progress:
            progress(done, len(keys))
        self.analyze()
        return done

    def analyze(self):
        """Refresh the query planner's statistics of the index tables. Without them SQLite joins
        the full-text table the slow way round (a full-text match per row: 300 ms instead of 6 ms
        over 12,000 entries). On PostgreSQL the tables are vacuumed too, when not inside a
        transaction (as from ``search_index --rebuild``): autovacuum gets there, later, and until
        then the benchmark's searches over 20,000 stories took 308 ms at the 95th percentile
        instead of 84 ms."""
        from wagtail.search.models import IndexEntry

        tables = [SearchEntry._meta.db_table, SearchEntryLabel._meta.db_table, IndexEntry._meta.db_table]
        vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f"{'VACUUM ANALYZE' if vacuum else 'ANALYZE'} {connection.ops.quote_name(table)}")

    def clear(self):
        self.delete(list(SearchEntry.objects.values_list("key", flat=True)))

    # Searching -------------------------------------------------------------------------------

    def _filtered(self, query):
        entries = SearchEntry.objects.filter(language=query.language)
        if query.kind:
            entries = entries.filter(kind=query.kind)
        if query.hub:
            entries = entries.filter(hub_id=query.hub)
        for facet, value in (("topic", query.topic), ("author", query.author)):
            if value:
                labelled = SearchEntryLabel.objects.filter(facet=facet, value=value).values("entry_id")
                entries = entries.filter(id__in=labelled)
        if query.date_from:
            entries = entries.filter(published_at__gte=query.date_from)
        if query.date_to:
            entries = entries.filter(published_at__lte=query.date_to)
        return entries

    def search(self, query):
        entries = self._filtered(query)
        query_terms = text.terms(query.text, query.language)
        if query.sort == "date" or not query_terms:
            entries = entries.order_by("-published_at", "-id")
        if query_terms:
            found = entries.search(" ".join(query_terms), operator="and", order_by_relevance=query.sort == "relevance")
            matched = _matched(found)
        else:
            found = matched = entries
        # The kind and hub counts also give the total: one grouped query instead of a COUNT more.
        kinds, hubs = self._kind_and_hub_counts(matched)
        total = sum(kinds.values())
        hits = []
        if total > query.offset:
            hits = [self._hit(entry, query_terms) for entry in found[query.offset : query.offset + query.per_page]]
        facets = {}
        if total:
            facets = {"kind": kinds.most_common(), "hub": hubs.most_common(20), **self._label_counts(matched)}
        return Results(query=query, hits=hits, total=total, facets=facets)

    def _kind_and_hub_counts(self, matched):
        kinds, hubs = Counter(), Counter()
        for row in matched.order_by().values("kind", "hub_id").annotate(n=Count("id")).order_by():
            kinds[row["kind"]] += row["n"]
            if row["hub_id"]:
                hubs[row["hub_id"]] += row["n"]
        return kinds, hubs

    def _label_counts(self, matched):
        labels = {"topic": Counter(), "author": Counter()}
        rows = (
            SearchEntryLabel.objects.filter(entry_id__in=matched.order_by().values("id"))
            .values("facet", "value")
            .annotate(n=Count("id"))
            .order_by()
        )
        for row in rows:
            labels[row["facet"]][row["value"]] += row["n"]
        return {"topic": labels["topic"].most_common(20), "author": labels["author"].most_common(20)}

    def _hit(self, entry, query_terms):
        title_html, _ = text.highlight(entry.title, query_terms, entry.language)
        snippet_html = ""
        for source in (entry.standfirst, entry.body):
            html, matched = text.highlight(source, query_terms, entry.language, length=SNIPPET_LENGTH)
            if matched or (source and not snippet_html):
                snippet_html = html
            if matched:
                break
        return Hit(
            key=entry.key,
            kind=entry.kind,
            title_html=title_html,
            snippet_html=snippet_html,
            url=entry.url,
            hub_id=entry.hub_id,
            hub_title=entry.hub_title,
            published_at=entry.published_at,
            comment_count=entry.comment_count,
        )

    # Did you mean, and autocomplete -----------------------------------------------------------

    def vocabulary(self, language):
        """Folded words of the titles, standfirsts and topics of one language, with their counts."""
        key = f"townsquare:search:vocabulary:{language}"
        words = cache.get(key)
        if words is None:
            counter = Counter()
            rows = SearchEntry.objects.filter(language=language).exclude(kind="comment")
            for title, standfirst, topics in rows.values_list("title", "standfirst", "topic_names").iterator():
                counter.update(text.plain_words(f"{title} {standfirst} {topics}"))
            words = dict(counter)
            cache.set(key, words, VOCABULARY_SECONDS)
        return words

    def did_you_mean(self, query):
        words = self.vocabulary(query.language)
        if not words:
            return ""
        by_initial = {}
        for word in words:
            by_initial.setdefault(word[:1], []).append(word)
        changed, corrected = False, []
        for word, is_cjk in text.tokens(query.text):
            folded = text.fold(word)
            if is_cjk or folded in words or folded.isdigit():
                corrected.append(word)
                continue
            candidates = [w for w in by_initial.get(folded[:1], ()) if abs(len(w) - len(folded)) <= 2]
            close = difflib.get_close_matches(folded, candidates, n=3, cutoff=0.75)
            if close:
                best = max(close, key=lambda w: (difflib.SequenceMatcher(None, folded, w).ratio(), words[w]))
                corrected.append(best)
                changed = True
            else:
                corrected.append(word)
        return " ".join(corrected) if changed else ""

    def suggest(self, prefix, language, limit=8):
        words = text.plain_words(prefix)
        if not words:
            return []
        entries = SearchEntry.objects.filter(language=language, kind__in=["story", "event", "hub"])
        found = entries.autocomplete(" ".join(words), operator="and")[:limit]
        return [{"title": entry.title, "url": entry.url, "kind": entry.kind} for entry in found]
