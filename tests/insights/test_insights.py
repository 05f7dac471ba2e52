"""The insights page: numbers against a seeded fixture with known answers, CSV, queries, bad input.

The fixture: hub A (moderated by ``moderator_a``) and hub B, June 2026 (weeks starting Monday
1, 8, 15 and 22 June). In hub A:

week of 1 June  Ana asks a question (answered by the team 2 h later, target 24 h: within);
                Ben comments; the team's answer to Ana.
week of 8 June  Ana comments again (returning); Cara asks (answered 30 h later: late);
                Dan asks (never answered); Eve is held, Fay rejected, Gus spam; Hugo writes in French.
hub B           Zoe comments on 2 June: never counted for hub A.
"""

import csv
import importlib
import io
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from insights import metrics
from moderation.models import Comment, commenter_key
from tests.factories import StoryPageFactory
from tests.stories.comment_helpers import add_comment

State = Comment.State
JUNE = "start=2026-06-01&end=2026-06-28"


def at(day, hour=10):
    return timezone.make_aware(datetime(2026, 6, day, hour, 0))


def seed(story, name, day, *, state=State.PUBLISHED, question=False, wait_hours=None, staff=False, language=""):
    comment = add_comment(story, f"{name} says hello", name=name, submit_date=at(day))
    fields = {"is_question": question, "is_staff_answer": staff, "respond_by": at(day) + timedelta(hours=24)}
    if wait_hours is not None:
        fields["answered_at"] = at(day) + timedelta(hours=wait_hours)
    if language:
        fields["language"] = language
    if state != State.PUBLISHED:
        fields["state"] = state
    Comment.objects.filter(pk=comment.pk).update(**fields)
    return comment


@pytest.fixture
def seeded(world, db):
    story_a = StoryPageFactory(parent=world.hub_a, title="Winter tyres", slug="winter-tyres")
    story_a.topics.add("cycling")
    story_a.save_revision().publish()
    quiet = StoryPageFactory(parent=world.hub_a, title="Quiet story", slug="quiet-story")
    seed(story_a, "Ana", 1, question=True, wait_hours=2)
    seed(story_a, "Ben", 2)
    seed(story_a, "Team", 1, staff=True)
    seed(story_a, "Ana", 8)
    seed(story_a, "Cara", 9, question=True, wait_hours=30)
    seed(story_a, "Dan", 10, question=True)
    seed(quiet, "Eve", 10, state=State.HELD)
    seed(quiet, "Fay", 11, state=State.REJECTED)
    seed(quiet, "Gus", 11, state=State.SPAM)
    seed(quiet, "Hugo", 12, language="fr")
    seed(world.story_b, "Zoe", 2)
    return world


def hub_a_insights(world):
    return metrics.compute([world.hub_a.pk], at(1, 0), at(29, 0))


def test_numbers_match_the_seeded_fixture(seeded):
    insights = hub_a_insights(seeded)
    totals = insights.totals
    assert (totals["comments"], totals["questions"], totals["answered"], totals["within_target"]) == (10, 3, 2, 1)
    assert (totals["held"], totals["rejected"], totals["spam"], totals["unanswered"]) == (1, 1, 1, 1)
    assert insights.median_first_answer == timedelta(hours=16)  # the middle of 2 h and 30 h
    weekly = insights.table("weekly").rows
    assert [row[0].isoformat() for row in weekly] == ["2026-06-01", "2026-06-08", "2026-06-15", "2026-06-22"]
    # week, comments, questions, commenters, new, returning
    assert weekly[0][1:] == [3, 1, 2, 2, 0]
    assert weekly[1][1:] == [7, 2, 7, 6, 1]
    assert weekly[2][1:] == weekly[3][1:] == [0, 0, 0, 0, 0]
    assert insights.table("answers").rows == [[3, 2, 1, 50.0, 1]]
    moderation = {str(row[0]): row[1:] for row in insights.table("moderation").rows}
    assert moderation["Held for review"] == [1, 10.0] and moderation["Spam"] == [1, 10.0]
    assert insights.table("stories").rows == [["Winter tyres", 6], ["Quiet story", 1]]
    assert insights.table("topics").rows == [["cycling", 6]]
    assert insights.table("languages").rows[-1] == ["fr", 1, 0]


def test_a_range_starting_mid_week_counts_only_what_is_in_it(seeded):
    # From Tuesday 2 June: Ana's and the team's comments of Monday 1 June are out of range, though
    # in the same week; Ben (2 June) is new; Ana, back on 8 June, is returning.
    weekly = metrics.compute([seeded.hub_a.pk], at(2, 0), at(29, 0)).table("weekly").rows
    assert [row[0].isoformat() for row in weekly][:2] == ["2026-06-01", "2026-06-08"]
    assert weekly[0][1:] == [1, 0, 1, 1, 0]
    assert weekly[1][1:] == [7, 2, 7, 6, 1]


def test_one_commenter_whatever_the_case_of_their_address(seeded):
    story = Comment.objects.get(user_name="Dan").page.specific
    add_comment(story, "Me again", name="Ben", email=" BEN@Example.org", submit_date=at(15))
    weekly = hub_a_insights(seeded).table("weekly").rows
    assert weekly[2][1:] == [1, 0, 1, 0, 1]  # Ben is returning, not new


def test_comments_written_before_the_insights_columns_are_filled_in(seeded):
    # Migration 0006 fills submitted_at and commenter_key in for the comments already there.
    from django.apps import apps

    fill_in = importlib.import_module("moderation.migrations.0006_insights_columns").fill_in
    expected = hub_a_insights(seeded).tables
    Comment.objects.update(submitted_at=None, commenter_key=None)
    assert hub_a_insights(seeded).totals["comments"] == 0
    fill_in(apps, None)
    ana = Comment.objects.filter(user_name="Ana").first()
    assert ana.submitted_at == ana.submit_date and ana.commenter_key == commenter_key("ana@example.org")
    assert hub_a_insights(seeded).tables == expected


def test_a_question_answered_late_counts_against_the_target(seeded):
    Comment.objects.filter(user_name="Ana", is_question=True).update(answered_at=at(3))  # 48 h: late too
    assert hub_a_insights(seeded).table("answers").rows == [[3, 2, 0, 0.0, 1]]


def test_the_page_for_a_hub_and_for_every_hub(seeded, client):
    client.force_login(seeded.users["moderator_a"])
    response = client.get(f"/admin/insights/?hub={seeded.hub_a.pk}&{JUNE}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Winter tyres" in html and "16 h 0 min" in html and "50.0 %" in html
    assert 'role="img"' in html and "<title" in html  # the charts, accessible
    client.force_login(seeded.users["superuser"])
    everything = client.get(f"/admin/insights/?{JUNE}")
    assert everything.context["insights"].totals["comments"] == 11  # Zoe in hub B too


def test_the_page_follows_a_new_comment(seeded, client):
    client.force_login(seeded.users["moderator_a"])
    before = client.get(f"/admin/insights/?hub={seeded.hub_a.pk}&{JUNE}").context["insights"].totals["comments"]
    seed(Comment.objects.get(user_name="Dan").page.specific, "Ivy", 20)
    after = client.get(f"/admin/insights/?hub={seeded.hub_a.pk}&{JUNE}").context["insights"].totals["comments"]
    assert after == before + 1


@pytest.mark.parametrize("slug", ["weekly", "answers", "moderation", "feedback", "stories", "topics", "languages"])
def test_every_table_exports_as_csv_with_its_columns(seeded, client, slug):
    client.force_login(seeded.users["moderator_a"])
    page = client.get(f"/admin/insights/?hub={seeded.hub_a.pk}&{JUNE}").context["insights"]
    response = client.get(f"/admin/insights/export/{slug}.csv?hub={seeded.hub_a.pk}&{JUNE}")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f"insights-{slug}-hub-{seeded.hub_a.pk}-2026-06-01-2026-06-28.csv" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    table = page.table(slug)
    assert rows[0] == [str(column) for column in table.columns]
    assert len(rows) == len(table.rows) + 1


def test_weekly_csv_has_the_known_numbers(seeded, client):
    client.force_login(seeded.users["moderator_a"])
    response = client.get(f"/admin/insights/export/weekly.csv?hub={seeded.hub_a.pk}&{JUNE}")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["week", "comments", "questions", "commenters", "new commenters", "returning commenters"]
    assert rows[2] == ["2026-06-08", "7", "2", "7", "6", "1"]


def test_the_number_of_queries_does_not_grow_with_the_comments(seeded, client):
    client.force_login(seeded.users["moderator_a"])
    url = f"/admin/insights/?hub={seeded.hub_a.pk}&{JUNE}"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    story = Comment.objects.get(user_name="Dan").page.specific
    for n in range(60):
        seed(story, f"Visitor {n}", 1 + n % 27, question=n % 3 == 0, wait_hours=n % 40 if n % 2 else None)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
    assert len(few) <= 25, [query["sql"][:120] for query in few.captured_queries]


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("start=2026-06-28&end=2026-06-01", 400, "The start date is after the end date"),
        ("start=1900-01-01&end=2026-06-01", 400, "Choose dates between 2000-01-01"),
        ("start=2000-01-01&end=2026-06-01", 400, "at most three years"),
        ("start=2026-13-45", 400, "Enter a valid date"),
        ("start=%00", 400, "Enter a valid date"),
        ("end=9999-12-31", 400, "Choose dates between"),
        ("hub=999999999999999999999", 404, ""),
        ("hub=abc", 404, ""),
    ],
)
def test_bad_filters_get_a_message_never_a_500(seeded, client, query, status, message):
    client.force_login(seeded.users["moderator_a"])
    response = client.get(f"/admin/insights/?{query}")
    assert response.status_code == status
    assert message in response.content.decode()


def test_a_hub_you_do_not_moderate_is_refused_for_the_page_and_the_exports(seeded, client):
    client.force_login(seeded.users["moderator_b"])
    for url in (f"/admin/insights/?hub={seeded.hub_a.pk}", f"/admin/insights/export/weekly.csv?hub={seeded.hub_a.pk}"):
        response = client.get(url)
        assert response.status_code == 403
        assert "You do not moderate this hub" in response.content.decode()
    assert client.get(f"/admin/insights/export/nothing.csv?hub={seeded.hub_b.pk}").status_code == 404


@pytest.mark.parametrize("role", ["visitor", "editor_a"])
def test_people_who_moderate_nothing_get_no_insights(seeded, client, role):
    client.force_login(seeded.users[role])
    response = client.get("/admin/insights/")
    assert response.status_code in (302, 403)
    assert "Winter tyres" not in response.content.decode()
