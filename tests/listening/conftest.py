"""Fixtures of the feedback tests: the moderation tests' world (two hubs, their teams, a story each)."""

import pytest

from moderation.models import Comment
from tests.moderation.test_permissions import build_world, make_comment


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    yield from build_world(django_db_blocker)


@pytest.fixture(autouse=True)
def rolled_back(db):
    """Every test runs in a savepoint inside the module's world, rolled back after it."""


@pytest.fixture
def moderator(world):
    return world.users["moderator_a"]


@pytest.fixture
def comment(world, db):
    """A published comment in hub A, written in English by Robin."""
    return make_comment(world.story_a, Comment.State.PUBLISHED, text="Please add a seed swap.")


@pytest.fixture
def item(comment, moderator):
    from listening import workflow

    return workflow.mark(comment, moderator, "idea")
