"""Fixtures shared by the whole suite: demo content and logged-in clients."""

import pytest
from django.db import connection

from townsquare.demo.loader import DemoLoader


@pytest.fixture
def demo(db):
    """The demo site (home, three hubs, their stories and the demo users)."""
    DemoLoader().load()


@pytest.fixture
def on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: run with DATABASE_URL=postgres://...")
