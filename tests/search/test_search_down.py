"""Search being down never blocks publishing or commenting; what it missed is retried later.

"Down" is real: the settings point at a loopback port where nothing listens, so the client's
connection is refused. Then the emulator comes "back" and the retry catches up.
"""

import json
import socket

import pytest
from django.core.management import CommandError, call_command

from moderation.models import Comment
from search import indexing, service
from search.backends.base import Query
from search.models import PendingIndexUpdate
from tests.factories import StoryPageFactory
from tests.search.conftest import use_backend
from tests.stories.comment_helpers import add_comment


@pytest.fixture
def closed_port_url():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"  # closed again: connections are refused


@pytest.fixture
def search_down(settings, db, closed_port_url):
    yield use_backend(settings, closed_port_url)
    use_backend(settings, None)


def test_publishing_works_and_the_update_is_kept_for_later(
    search_down, hub, django_capture_on_commit_callbacks, settings, emulator_url
):
    story = StoryPageFactory(parent=hub, title="Rain capes compared")
    with django_capture_on_commit_callbacks(execute=True):
        revision = story.save_revision()
        revision.publish()
    story.refresh_from_db()
    assert story.live and story.live_revision_id == revision.pk
    pending = PendingIndexUpdate.objects.get(key=f"story:{story.pk}")
    assert pending.attempts == 1 and "Connection" in pending.last_error

    # A second failure counts, and keeps one row.
    assert indexing.update([f"story:{story.pk}"]) is False
    assert PendingIndexUpdate.objects.get(key=f"story:{story.pk}").attempts == 2

    # While it is down the command says so, and keeps the update.
    with pytest.raises(CommandError, match="still pending"):
        call_command("search_index", "--retry")
    assert PendingIndexUpdate.objects.count() == 1

    # Search is back: the retry catches up, and the story is found.
    backend = use_backend(settings, emulator_url)
    backend.clear()
    try:
        call_command("search_index", "--retry")
        assert PendingIndexUpdate.objects.count() == 0
        found = service.search(Query(text="rain capes", language="en"))
        assert [hit.key for hit in found.hits] == [f"story:{story.pk}"]
    finally:
        backend.clear()


def test_commenting_works_while_search_is_down(search_down, hub, django_capture_on_commit_callbacks):
    story = StoryPageFactory(parent=hub, title="Mudguards")
    with django_capture_on_commit_callbacks(execute=True):
        comment = add_comment(story, text="Full-length mudguards, always.")
    comment.refresh_from_db()
    assert comment.state == Comment.State.PUBLISHED
    assert set(PendingIndexUpdate.objects.values_list("key", flat=True)) == {
        f"comment:{comment.pk}",
        f"story:{story.pk}",
    }


def test_the_search_page_says_search_is_unavailable(search_down, client, hub):
    response = client.get("/en/search/", {"q": "winter"})
    assert response.status_code == 503
    assert "Search is unavailable" in response.content.decode()

    response = client.get("/en/search/suggest/", {"q": "wint"})
    assert response.status_code == 503
    assert json.loads(response.content) == {"query": "wint", "suggestions": [], "error": "Search is unavailable."}


def test_a_rebuild_while_search_is_down_fails_clearly(search_down, hub):
    with pytest.raises(CommandError, match="Search is unavailable, nothing was switched"):
        call_command("search_index", "--rebuild", "--no-progress")
