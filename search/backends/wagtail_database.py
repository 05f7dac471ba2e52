"""Wagtail's database search backend, with titles weighted on SQLite too (``WAGTAILSEARCH_BACKENDS``).

Wagtail picks PostgreSQL full-text or SQLite FTS5 from the database in use. PostgreSQL ranks with
weights taken from each field's boost; SQLite's ranking function, ``bm25()``, is called without
column weights, so a word in a title counts no more than in a body. Here the SQLite compiler calls
``bm25()`` with a weight for the title column. Everything else is Wagtail's.
"""

from functools import cache

from modelsearch.backends.database import SearchBackend as database_backend

TITLE_WEIGHT = 3.0  # as Elasticsearch's "title^3"


@cache
def weighted_sqlite_compiler():
    # Imported here: these modules only load when the database is SQLite.
    from modelsearch.backends.database.sqlite.query import BM25
    from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchQueryCompiler
    from modelsearch.query import Not, Phrase, PlainText

    class WeightedBM25(BM25):
        def as_sql(self, compiler, connection, function=None, template=None):
            sql, params = super().as_sql(compiler, connection, function, template)
            # The FTS5 table's columns are (autocomplete, body, title).
            return sql.replace(")", f", 0.0, 1.0, {TITLE_WEIGHT})", 1), params

    class WeightedSQLiteQueryCompiler(SQLiteSearchQueryCompiler):
        def build_tsrank(self, vector, query, config=None, boost=1.0):
            if isinstance(query, (Phrase, PlainText, Not)):
                rank = WeightedBM25()
                return rank * boost if boost != 1.0 else rank
            return super().build_tsrank(vector, query, config=config, boost=boost)

    return WeightedSQLiteQueryCompiler


def SearchBackend(params):  # noqa: N802 - Wagtail looks for this name
    backend = database_backend(params)
    if type(backend).__name__ == "SQLiteSearchBackend":
        backend.query_compiler_class = weighted_sqlite_compiler()
    return backend
