"""``manage.py search_index --rebuild`` on PostgreSQL vacuums the index tables it rewrote.

A module of its own: it needs real transactions (VACUUM cannot run inside one), which the
other command tests' module-wide demo keeps open."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from search.models import SearchEntry
from tests.factories import StoryPageFactory


def rebuild():
    out = StringIO()
    call_command("search_index", "--rebuild", stdout=out)
    return out.getvalue()


@pytest.mark.postgres
def test_a_rebuild_on_postgresql_vacuums_and_analyzes_the_index_tables(on_postgresql, transactional_db, hub):
    StoryPageFactory(parent=hub, title="Seed swaps in spring")
    table = SearchEntry._meta.db_table

    def last_vacuum_and_analyze():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute("SELECT last_vacuum, last_analyze FROM pg_stat_user_tables WHERE relname = %s", [table])
            return cursor.fetchone()

    before = last_vacuum_and_analyze()
    assert "on the database backend" in rebuild()
    vacuumed, analyzed = last_vacuum_and_analyze()
    assert vacuumed is not None and analyzed is not None
    assert before[0] is None or vacuumed > before[0]
    assert SearchEntry.objects.filter(key__startswith="story:").count() == 1
