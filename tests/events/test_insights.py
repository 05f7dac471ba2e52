"""Insights count events per hub: places taken, the waitlist, check-ins and the attendance rate
of the events already over (insights/metrics.py, ``_events``)."""

import datetime

from django.utils import timezone

from events import registrations
from insights import metrics
from tests.factories import CommunityHubPageFactory, EventPageFactory, UserFactory


def test_events_by_hub_with_their_attendance(home):
    rides = CommunityHubPageFactory(parent=home, title="Freewheelin", slug="freewheelin")
    lens = CommunityHubPageFactory(parent=home, title="Through the Lens", slug="lens")
    today = datetime.date.today()
    past = EventPageFactory(parent=rides, capacity=3, start_date=today - datetime.timedelta(days=3))
    past.end_date = past.start_date
    past.save()
    EventPageFactory(parent=rides, capacity=5)
    EventPageFactory(parent=lens, capacity=5)
    people = []
    for n in range(4):
        user = UserFactory(username=f"rider{n}")
        people.append(
            registrations.sign_up(
                past, name=user.username, email=user.email, user=user, now=past.starts_at - datetime.timedelta(days=1)
            )
        )
    for person in people[:2]:
        registrations.check_in(person)

    start, end = timezone.now() - datetime.timedelta(days=30), timezone.now() + datetime.timedelta(days=30)
    table = metrics.compute(None, start, end).table("events")
    assert table.rows == [
        ["Freewheelin", 2, 3, 1, 2, 66.7],  # two of the three people with a place came
        ["Through the Lens", 1, 0, 0, 0, None],
    ]
    scoped = metrics.compute([lens.pk], start, end).table("events")
    assert scoped.rows == [["Through the Lens", 1, 0, 0, 0, None]]
