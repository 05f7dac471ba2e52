"""The story page and its fragments run the same number of queries for 10, 100 and 1,000
comments, at most 12 for the whole page; the first response does not grow past its budget.

The discussions have comments of realistic length (``benchmarks.seed.realistic_comment``): the
first response of a 1,000-comment story weighs about 130 KB today. The goal is 100 KB (the
benchmark's ``first_response_kb``); the budget holds today's figure so that it cannot grow."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.test.utils import WagtailTestUtils

from moderation.discussion.thread import REPLIES_SHOWN, THREADS_PER_PAGE
from moderation.models import Comment
from tests.factories import AuthorFactory, StoryPageFactory
from tests.stories.comment_helpers import fast_discussion

SIZES = (10, 100, 1000)
FIRST_RESPONSE_BUDGET = 100 * 1024  # bytes: the benchmark's goal, with comments of realistic length


def measure(client, url):
    client.get(url)  # warm caches and renditions
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


@pytest.fixture
def stories(hub):
    """One story per size, each with its discussion."""
    built = {}
    for size in SIZES:
        story = StoryPageFactory(
            parent=hub, slug=f"story-{size}", authors=[AuthorFactory(), AuthorFactory()], topics=["a", "b"]
        )
        built[size] = (story, fast_discussion(story, size))
    return built


def test_story_page_queries_are_constant(client, stories):
    counts, sizes = {}, {}
    for size in stories:
        counts[size], response = measure(client, f"/en/gardening/story-{size}/")
        sizes[size] = len(response.content)
        soup = WagtailTestUtils.get_soup(response.content)
        assert soup.select_one("#comments-heading").get_text(strip=True) == f"{size} comments"
        assert len(soup.select("#threads > li.thread")) == min(THREADS_PER_PAGE, -(-size // 4))
    assert len(set(counts.values())) == 1, counts
    assert counts[1000] <= 12, counts
    print(f"story page: queries {counts}, bytes {sizes}")
    assert sizes[1000] <= FIRST_RESPONSE_BUDGET, sizes


def test_thread_fragment_queries_are_constant(client, stories):
    counts = {}
    for size, (story, _comments) in stories.items():
        if size > 4 * THREADS_PER_PAGE:
            counts[size], response = measure(client, f"/en/comments/threads/{story.pk}/?page=2&sort=newest")
            roots = -(-size // 4)
            assert response.content.count(b'class="thread"') == min(THREADS_PER_PAGE, roots - THREADS_PER_PAGE)
    assert len(set(counts.values())) == 1, counts


def test_replies_fragment_queries_are_constant(client, hub):
    counts = {}
    for size in SIZES:
        story = StoryPageFactory(parent=hub, slug=f"long-{size}")
        comments = fast_discussion(story, size)
        root = comments[0]
        replies = Comment.objects.filter(thread_id=root.thread_id, level__gt=0).count()
        counts[size], response = measure(client, f"/en/comments/replies/{root.pk}/")
        assert response.content.count(b'class="reply ') == replies - REPLIES_SHOWN
    assert len(set(counts.values())) == 1, counts


def test_sorting(client, hub):
    story = StoryPageFactory(parent=hub, slug="sorted")
    comments = [c for c in fast_discussion(story, 12) if c.level == 0]
    Comment.objects.filter(pk=comments[1].pk).update(like_count=5)
    first = lambda url: WagtailTestUtils.get_soup(client.get(url).content).select_one("#threads article")["id"]  # noqa: E731
    assert first("/en/gardening/sorted/") == f"c{comments[0].pk}"
    assert first("/en/gardening/sorted/?sort=newest") == f"c{comments[-1].pk}"
    assert first("/en/gardening/sorted/?sort=liked") == f"c{comments[1].pk}"
    assert first("/en/gardening/sorted/?sort=bogus") == f"c{comments[0].pk}"
