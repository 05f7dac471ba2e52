"""Two hundred people sign up at once for fifty places: exactly fifty get one, the others wait in
line, nobody is lost or counted twice (events/registrations.py locks the event's row).

PostgreSQL only: real concurrency needs real transactions and row locks (SQLite serialises
writers on the whole file). Each sign-up runs on a thread of its own with its own connection.
"""

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from events import registrations
from events.models import Registration
from tests.factories import CommunityHubPageFactory, EventPageFactory, UserFactory

pytestmark = pytest.mark.postgres

PEOPLE = 200
PLACES = 50
THREADS = 40


def test_200_sign_ups_at_once_for_50_places(on_postgresql, transactional_db, home, report_figure):
    hub = CommunityHubPageFactory(parent=home, title="Freewheelin", slug="freewheelin")
    event = EventPageFactory(parent=hub, title="Big ride", slug="big-ride", capacity=PLACES)
    users = [UserFactory(username=f"rider{n}", email=f"rider{n}@example.org") for n in range(PEOPLE)]
    start = threading.Barrier(THREADS, timeout=60)
    started = threading.local()

    def sign_up(user):
        try:
            if not getattr(started, "done", False):  # every thread's first sign-up starts together
                started.done = True
                start.wait()
            registration = registrations.sign_up(event, name=user.username, email=user.email, user=user)
            return registration.status
        except Exception as error:  # counted by the assertion below
            return f"error: {error!r}"
        finally:
            connection.close()

    connection.close()
    with ThreadPoolExecutor(THREADS) as pool:
        outcomes = Counter(pool.map(sign_up, users, timeout=300))

    assert outcomes == Counter({"confirmed": PLACES, "waitlisted": PEOPLE - PLACES}), outcomes
    stored = Counter(Registration.objects.filter(event=event).values_list("status", flat=True))
    assert stored == Counter({"confirmed": PLACES, "waitlisted": PEOPLE - PLACES})
    assert Registration.objects.filter(event=event).values("mailbox").distinct().count() == PEOPLE
    # The waitlist's order is the order sign-ups were counted: everyone with a place came first.
    order = list(
        Registration.objects.filter(event=event).order_by("confirmed_at", "pk").values_list("status", flat=True)
    )
    assert order == ["confirmed"] * PLACES + ["waitlisted"] * (PEOPLE - PLACES)
    report_figure(f"events: {PEOPLE} sign-ups at once on {THREADS} threads for {PLACES} places: {dict(outcomes)}")
