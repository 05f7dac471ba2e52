"""Coverage: whether a hub's team is there (its hours, its working days, its queue on time), and what
a first-time commenter is told when it is not."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.test.utils import WagtailTestUtils

from communities.models import CommunityHubPage
from moderation import policy
from moderation.coverage import REASON_CODE, coverage
from moderation.models import Comment, ModerationSettings
from tests.factories import StoryPageFactory, UserFactory
from tests.stories.comment_helpers import add_comment, form_post
from tests.stories.test_comment_post_queries import TOP_LEVEL_LIMIT, statements

PARIS = ZoneInfo("Europe/Paris")
WHEN_AWAY = CommunityHubPage.Premoderation.WHEN_AWAY


def paris(year, month, day, hour, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=PARIS)


@pytest.fixture
def team_hub(hub):
    """A hub whose team works 9:00 to 18:00, Monday to Friday, in Paris, and answers within 24 hours."""
    hub.response_time_zone = "Europe/Paris"
    hub.response_working_days_only = True
    hub.response_target_hours = 24
    hub.team_day_starts, hub.team_day_ends = datetime.time(9), datetime.time(18)
    hub.save_revision().publish()
    return hub


# 2026-12-07 is a Monday.
@pytest.mark.parametrize(
    ("now", "back_at"),
    [
        (paris(2026, 12, 4, 20), paris(2026, 12, 7, 9)),  # Friday night: Monday morning
        (paris(2026, 12, 5, 12), paris(2026, 12, 7, 9)),  # Saturday noon
        (paris(2026, 12, 6, 23, 59), paris(2026, 12, 7, 9)),  # Sunday, a minute before midnight
        (paris(2026, 12, 8, 3), paris(2026, 12, 8, 9)),  # Tuesday night: the same morning
        (paris(2026, 12, 8, 18), paris(2026, 12, 9, 9)),  # the day ends at 18:00 sharp
    ],
)
def test_outside_working_hours_the_team_is_away_until_its_next_day(team_hub, now, back_at):
    result = coverage(team_hub, now)
    assert (result.covered, result.reason, result.back_at) == (False, "away", back_at)


def test_the_visitor_is_told_when_the_team_is_back(team_hub):
    result = coverage(team_hub, paris(2026, 12, 4, 20))
    assert result.message == "The team is away until Monday 9:00 (Europe/Paris); we review comments then."


def test_during_working_hours_with_an_empty_queue_the_team_is_there(team_hub):
    for now in (paris(2026, 12, 7, 9), paris(2026, 12, 9, 12), paris(2026, 12, 11, 17, 59)):
        result = coverage(team_hub, now)
        assert (result.covered, result.back_at, result.message) == (True, None, "")


def test_every_day_counts_when_the_hub_says_so(team_hub):
    team_hub.response_working_days_only = False
    assert coverage(team_hub, paris(2026, 12, 5, 12)).covered  # Saturday noon
    assert coverage(team_hub, paris(2026, 12, 5, 20)).back_at == paris(2026, 12, 6, 9)  # Sunday morning


def test_without_stated_hours_only_the_weekend_is_away(team_hub):
    team_hub.team_day_starts = team_hub.team_day_ends = None
    assert coverage(team_hub, paris(2026, 12, 8, 3)).covered  # a Tuesday night
    assert coverage(team_hub, paris(2026, 12, 5, 12)).back_at == paris(2026, 12, 7, 0)


def test_a_late_queue_uncovers_the_hub_during_working_hours(team_hub):
    story = StoryPageFactory(parent=team_hub)
    held = add_comment(story, "Waiting", state=Comment.State.HELD)
    Comment.objects.filter(pk=held.pk).update(submitted_at=paris(2026, 12, 7, 10))  # Monday 10:00
    # Within the 24-hour target on Tuesday 9:30, past it on Tuesday 10:30.
    assert coverage(team_hub, paris(2026, 12, 8, 9, 30)).covered
    late = coverage(team_hub, paris(2026, 12, 8, 10, 30))
    assert (late.covered, late.reason, late.back_at) == (False, "late", None)
    assert "more comments to review than usual" in late.message
    # A comment hidden after reports, or published, is not the queue's.
    Comment.objects.filter(pk=held.pk).update(state=Comment.State.PUBLISHED)
    assert coverage(team_hub, paris(2026, 12, 8, 10, 31)).covered


def test_coverage_costs_one_query_at_most_and_none_within_the_minute(team_hub, django_assert_num_queries):
    now = paris(2026, 12, 9, 12)
    with django_assert_num_queries(1):
        assert coverage(team_hub, now).covered
    with django_assert_num_queries(0):
        assert coverage(team_hub, now + datetime.timedelta(seconds=1)).covered
    with django_assert_num_queries(0):  # away: the queue is not even read
        assert not coverage(team_hub, paris(2026, 12, 9, 22)).covered


# -- The policy: a hub that holds first-time comments while the team is away --------------------------


def hours_around_now(hub, *, present):
    """Working hours (UTC, every day) that include the real current time, or that do not."""
    hub.premoderation = WHEN_AWAY
    hub.response_time_zone = "UTC"
    hub.response_working_days_only = False
    hour = timezone.now().hour
    if present:
        hub.team_day_starts, hub.team_day_ends = None, None
    else:
        start = 13 if hour < 12 else 1
        hub.team_day_starts, hub.team_day_ends = datetime.time(start), datetime.time(start + 1)
    hub.save_revision().publish()
    return hub


def decide(hub, email="new@example.org"):
    return policy.decide(
        hub=hub,
        user=None,
        email=email,
        ip_address="198.51.100.7",
        text="What a lovely garden!",
        language="en",
        is_staff_answer=False,
    )


def test_a_first_time_comment_is_held_with_the_message_while_the_team_is_away(hub, db):
    ModerationSettings.load()
    hours_around_now(hub, present=False)
    decision = decide(hub)
    assert decision.state == Comment.State.HELD
    [reason] = decision.reasons
    assert reason["code"] == REASON_CODE
    assert reason["message"].startswith("The team is away until ") and reason["message"].endswith(
        "(UTC); we review comments then."
    )


def test_while_the_team_is_there_the_usual_policy_applies(hub, db):
    ModerationSettings.load()
    hours_around_now(hub, present=True)
    decision = decide(hub)
    assert (decision.state, decision.reasons) == (Comment.State.PUBLISHED, [])


def test_a_returning_commenter_is_not_held_while_the_team_is_away(hub, db):
    ModerationSettings.load()
    hours_around_now(hub, present=False)
    add_comment(StoryPageFactory(parent=hub), "Hello again", email="back@example.org")
    assert decide(hub, email="back@example.org").state == Comment.State.PUBLISHED


# -- Through HTTP: posted, held, told -------------------------------------------------------------------


@pytest.fixture
def visitor(client, hub):
    user = UserFactory(email="sam@example.org", first_name="Sam", last_name="Park")
    client.force_login(user)
    return user


def test_a_held_first_comment_shows_when_the_team_is_back(client, hub, visitor):
    hours_around_now(hub, present=False)
    story = StoryPageFactory(parent=hub, title="Seeds", slug="seeds")
    client.get(story.url)
    ModerationSettings.load()
    ContentType.objects.get_for_model(Comment)

    with CaptureQueriesContext(connection) as queries:
        response = client.post("/en/comments/post/", form_post(story, comment="Which seeds first?"))
    assert response.status_code == 302
    assert len(queries) <= TOP_LEVEL_LIMIT, statements(queries)
    comment = Comment.objects.get(user=visitor)
    assert comment.state == Comment.State.HELD
    assert [reason["code"] for reason in comment.reasons] == [REASON_CODE]

    soup = WagtailTestUtils.get_soup(client.get(response["Location"]).content)
    note = soup.select_one(f"#c{comment.pk} [data-coverage-note]")
    assert note is not None
    assert note.get_text(strip=True).startswith("The team is away until ")


def test_while_the_team_is_there_a_first_comment_is_published_without_a_note(client, hub, visitor):
    hours_around_now(hub, present=True)
    story = StoryPageFactory(parent=hub, title="Seeds", slug="seeds")
    response = client.post("/en/comments/post/", form_post(story, comment="Which seeds first?"))
    assert response.status_code == 302
    comment = Comment.objects.get(user=visitor)
    assert (comment.state, comment.reasons) == (Comment.State.PUBLISHED, [])
    soup = WagtailTestUtils.get_soup(client.get(response["Location"]).content)
    assert soup.select_one(f"#c{comment.pk}") is not None
    assert soup.select_one("[data-coverage-note]") is None


def test_a_guest_is_told_on_the_check_your_e_mail_page(client, hub):
    hours_around_now(hub, present=False)
    story = StoryPageFactory(parent=hub, title="Seeds", slug="seeds")
    soup = WagtailTestUtils.get_soup(client.get(f"/en/comments/sent/{story.pk}/").content)
    note = soup.select_one("[data-coverage-note]")
    assert note is not None and "we review comments then" in note.get_text()
    # A hub that publishes first comments at once promises no review.
    hub.premoderation = CommunityHubPage.Premoderation.FLAGGED
    hub.save_revision().publish()
    soup = WagtailTestUtils.get_soup(client.get(f"/en/comments/sent/{story.pk}/").content)
    assert soup.select_one("[data-coverage-note]") is None
