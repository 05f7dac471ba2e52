"""Search: index documents, indexing, the query service, the search pages and the database fallback."""
