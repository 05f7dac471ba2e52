"""Fixtures of the insights tests: the moderation tests' two hubs with their teams, once per module."""

import pytest

from tests.moderation.test_permissions import build_world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    yield from build_world(django_db_blocker)
