"""Fixtures of the hub-team tests: a published story in the hub and the hub's editor."""

import pytest

from tests.factories import StoryPageFactory, UserFactory


@pytest.fixture
def story(hub):
    story = StoryPageFactory(parent=hub, title="Seeds", slug="seeds")
    story.save_revision().publish()
    return story


@pytest.fixture
def editor(hub):
    return UserFactory(username="hub-editor", groups=[hub.editors_group])
