"""Search backends: Elasticsearch when ``ELASTICSEARCH_URL`` is set, else the database."""

from django.conf import settings

from search.backends.base import Backend, Hit, Query, Results, SearchUnavailable

__all__ = ["Backend", "Hit", "Query", "Results", "SearchUnavailable", "get_backend"]

_backends = {}


def get_backend():
    """The backend the settings ask for (one instance per process and setting)."""
    url = settings.ELASTICSEARCH_URL
    if url not in _backends:
        if url:
            from search.backends.elastic import ElasticsearchBackend

            _backends[url] = ElasticsearchBackend(url)
        else:
            from search.backends.database import DatabaseBackend

            _backends[url] = DatabaseBackend()
    return _backends[url]
