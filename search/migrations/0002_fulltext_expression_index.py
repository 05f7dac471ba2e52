"""A full-text index PostgreSQL can use for Wagtail's database search.

Wagtail's PostgreSQL backend matches ``(title || body) @@ query``; its GIN indexes are on ``title``
and on ``body`` apart, which that expression cannot use, so every search read the whole table.
This GIN index is on the expression itself. SQLite (FTS5) and other databases need nothing.
"""

from django.db import migrations

INDEX = "townsquare_search_fulltext"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailsearch_indexentry USING gin ((title || body))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("townsquare_search", "0001_initial"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create, drop)]
