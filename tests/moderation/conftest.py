"""Fixtures of the moderation tests: one "world" (two hubs, their teams, stories, users) per module."""

import pytest

from tests.moderation.test_permissions import build_world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    yield from build_world(django_db_blocker)


@pytest.fixture
def moderator(world):
    return world.users["moderator_a"]


@pytest.fixture
def mod_client(client, moderator):
    client.force_login(moderator)
    return client
