"""The demo shows the listening loop: a hub with feedback in every status, and its insights page."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from listening.models import FeedbackItem
from townsquare.demo.loader import DemoLoader


@pytest.fixture(scope="module")
def demo_world(django_db_setup, django_db_blocker):
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        DemoLoader().load()
        yield
        transaction.set_rollback(True)


def test_the_demo_has_feedback_in_every_status_with_the_teams_answers(demo_world, db):
    items = FeedbackItem.objects.filter(hub__slug="workshifting").select_related("comment")
    assert {item.status for item in items} == set(FeedbackItem.Status.values)
    shown = Client().get(items.get(status="planned").comment.page.url).content.decode()
    assert "We heard you:" in shown and "alternates between two time slots" in shown


def test_the_demo_moderator_sees_the_hubs_insights_and_their_work(demo_world, db):
    client = Client()
    client.force_login(get_user_model().objects.get(username="moderator"))
    insights = client.get("/admin/insights/")
    assert insights.status_code == 200
    feedback = {str(status): count for status, count in insights.context["insights"].table("feedback").rows}
    assert feedback == {"New": 1, "Acknowledged": 1, "Planned": 1, "Done": 1, "Declined": 1}
    dashboard = client.get("/admin/").content.decode()
    assert "Feedback assigned to you" in dashboard and "Could the guide to writing async updates" in dashboard
