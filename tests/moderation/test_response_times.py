"""Response times: the deadline arithmetic (time zones, weekends, clock changes) as
docs/moderators.md documents it, the deadline stored on questions and recomputed when a hub
is published, "answered" meaning a published team answer, and the needs-response queue
ordered by deadline in a number of queries that does not grow."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.test.utils import WagtailTestUtils

from communities.models import CommunityHubPage
from communities.response_targets import deadline
from moderation import lifecycle, policy
from moderation.models import Comment
from moderation.response_times import duration_text, nearing_deadline, time_left
from stories.models import StoryPage
from tests.factories import UserFactory
from tests.moderation.test_queues import EXPECTED_QUERIES, listed, queue_queries
from tests.stories.comment_helpers import add_comment

State = Comment.State
soup_of = WagtailTestUtils.get_soup
UTC = datetime.UTC
PARIS = ZoneInfo("Europe/Paris")


def at(zone, *args):
    return datetime.datetime(*args, tzinfo=ZoneInfo(zone))


# ---------------------------------------------------------------------------
# The arithmetic: pure functions, no database.
# ---------------------------------------------------------------------------


class TestDeadline:
    @pytest.mark.parametrize(
        ("asked", "hours", "expected"),
        [
            # Tuesday 10 March 2026, within the day and into the next.
            ((2026, 3, 10, 9, 0), 4, (2026, 3, 10, 13, 0)),
            ((2026, 3, 10, 9, 0), 24, (2026, 3, 11, 9, 0)),
            # Friday 18:00 + 24 h: 6 h on Friday, the weekend skipped, 18 h on Monday.
            ((2026, 3, 6, 18, 0), 24, (2026, 3, 9, 18, 0)),
            # Friday from midnight: the whole of Friday, ending as Saturday begins.
            ((2026, 3, 6, 0, 0), 24, (2026, 3, 7, 0, 0)),
            # Asked on Saturday or Sunday: the clock starts on Monday at 00:00.
            ((2026, 3, 7, 10, 0), 24, (2026, 3, 10, 0, 0)),
            ((2026, 3, 8, 23, 59), 1, (2026, 3, 9, 1, 0)),
            # 72 h from Wednesday noon: Wednesday 12 h, Thursday and Friday 48 h, Monday 12 h.
            ((2026, 3, 4, 12, 0), 72, (2026, 3, 9, 12, 0)),
            # The longest target, 720 h: 30 working days, six weeks from a Monday.
            ((2026, 1, 5, 9, 0), 720, (2026, 2, 16, 9, 0)),
        ],
    )
    def test_working_days_only(self, asked, hours, expected):
        result = deadline(at("Europe/Paris", *asked), hours, "Europe/Paris", True)
        assert result == at("Europe/Paris", *expected)
        assert result.tzinfo == UTC

    @pytest.mark.parametrize(
        ("asked", "hours", "expected"),
        [
            ((2026, 3, 6, 18, 0), 24, (2026, 3, 7, 18, 0)),  # Friday to Saturday: every day counts
            ((2026, 3, 7, 10, 0), 1, (2026, 3, 7, 11, 0)),
            ((2026, 1, 5, 9, 0), 720, (2026, 2, 4, 9, 0)),  # 30 calendar days
        ],
    )
    def test_every_day(self, asked, hours, expected):
        assert deadline(at("Europe/Paris", *asked), hours, "Europe/Paris", False) == at("Europe/Paris", *expected)

    def test_the_same_instant_is_a_weekday_in_new_york_and_saturday_in_tokyo(self):
        asked = datetime.datetime(2026, 2, 6, 16, 0, tzinfo=UTC)  # Friday 11:00 New York, Saturday 01:00 Tokyo
        new_york = deadline(asked, 24, "America/New_York", True)
        tokyo = deadline(asked, 24, "Asia/Tokyo", True)
        # New York: 13 h on Friday, 11 h on Monday. Tokyo: from Monday 00:00, the whole of Monday.
        assert new_york == at("America/New_York", 2026, 2, 9, 11, 0)
        assert tokyo == at("Asia/Tokyo", 2026, 2, 10, 0, 0)
        assert new_york - tokyo == datetime.timedelta(hours=1)
        # Every day counting, the zone makes no difference.
        assert deadline(asked, 24, "America/New_York", False) == deadline(asked, 24, "Asia/Tokyo", False)

    def test_a_weekend_with_a_clock_change_is_skipped_as_any_other(self):
        # Paris moves to summer time on Sunday 29 March 2026: Friday 18:00 CET + 24 h is Monday 18:00 CEST,
        # 23 h of real time after Friday 18:00 plus the weekend's 47 h.
        asked = at("Europe/Paris", 2026, 3, 27, 18, 0)
        result = deadline(asked, 24, "Europe/Paris", True)
        assert result.astimezone(PARIS).replace(tzinfo=None) == datetime.datetime(2026, 3, 30, 18, 0)
        assert result - asked == datetime.timedelta(hours=24 + 47)

    @pytest.mark.parametrize(
        ("asked", "expected_local"),
        [
            # Spring: Saturday noon CET + 24 real hours is Sunday 13:00 CEST.
            ((2026, 3, 28, 12, 0), (2026, 3, 29, 13, 0)),
            # Autumn (Sunday 25 October 2026): Saturday noon CEST + 24 real hours is Sunday 11:00 CET.
            ((2026, 10, 24, 12, 0), (2026, 10, 25, 11, 0)),
        ],
    )
    def test_every_day_counts_real_hours_across_a_clock_change(self, asked, expected_local):
        result = deadline(at("Europe/Paris", *asked), 24, "Europe/Paris", False)
        assert result - at("Europe/Paris", *asked) == datetime.timedelta(hours=24)
        assert result.astimezone(PARIS).replace(tzinfo=None) == datetime.datetime(*expected_local)

    def test_a_working_day_of_23_hours_counts_for_23(self):
        # Israel moves to summer time on Friday 27 March 2026 at 02:00: that Friday lasts 23 h.
        asked = at("Asia/Jerusalem", 2026, 3, 26, 12, 0)  # Thursday noon
        # Thursday 12 h, Friday 23 h, Monday the remaining 13 h.
        assert deadline(asked, 48, "Asia/Jerusalem", True) == at("Asia/Jerusalem", 2026, 3, 30, 13, 0)

    def test_any_aware_datetime_and_a_tzinfo_are_accepted(self):
        asked = at("Asia/Tokyo", 2026, 3, 10, 9, 0)
        assert deadline(asked, 5, PARIS, True) == deadline(asked.astimezone(UTC), 5, "Europe/Paris", True)

    @pytest.mark.parametrize("hours", [0, -1])
    def test_the_target_must_be_positive(self, hours):
        with pytest.raises(ValueError, match="positive"):
            deadline(at("UTC", 2026, 3, 10, 9, 0), hours, "UTC", True)


class TestTimeLeft:
    NOW = datetime.datetime(2026, 3, 10, 12, 0, tzinfo=UTC)

    @pytest.mark.parametrize(
        ("delta", "overdue", "text"),
        [
            (datetime.timedelta(hours=3, minutes=20), False, "3 h left"),
            (datetime.timedelta(hours=1), False, "1 h left"),
            (datetime.timedelta(minutes=40), False, "40 min left"),
            (datetime.timedelta(seconds=30), False, "less than a minute left"),
            (datetime.timedelta(days=2, hours=5), False, "2 days 5 h left"),
            (datetime.timedelta(days=1), False, "1 day left"),
            (-datetime.timedelta(hours=3, minutes=5), True, "Overdue by 3 h"),
            (-datetime.timedelta(days=1, hours=2, minutes=59), True, "Overdue by 1 day 2 h"),
            (-datetime.timedelta(minutes=1), True, "Overdue by 1 min"),
        ],
    )
    def test_text(self, delta, overdue, text):
        result = time_left(self.NOW + delta, self.NOW)
        assert result.overdue is overdue
        assert result.text == str(result) == text
        assert result.left == delta

    def test_no_deadline(self):
        assert time_left(None, self.NOW) is None

    def test_durations_have_no_zero_parts(self):
        assert duration_text(datetime.timedelta(days=3)) == "3 days"
        assert duration_text(datetime.timedelta(hours=26)) == "1 day 2 h"


# ---------------------------------------------------------------------------
# With the database: the stored deadline, its recomputation, answers.
# ---------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _each_test_in_a_savepoint(db):
    """The module's ``world`` keeps the database open: every test still rolls back its own changes."""


def set_hub(hub, **fields):
    CommunityHubPage.objects.filter(pk=hub.pk).update(**fields)


def fresh_story(story):
    # Not the module's instance: treebeard caches its parent, and the tests change the hub.
    return StoryPage.objects.get(pk=story.pk)


def ask(world, text="Does it grow in shade?", *, submit_date=None, state=State.PUBLISHED, story=None, **kwargs):
    story = fresh_story(story or world.story_a)
    return add_comment(story, text, state=state, name="Robin", submit_date=submit_date or timezone.now(), **kwargs)


def team_answer(world, parent, text="Yes, ferns do.", state=State.PUBLISHED):
    story = fresh_story(world.story_a)
    return add_comment(story, text, parent=parent, user=world.users["moderator_a"], name="Team", state=state)


def fresh(comment):
    comment.refresh_from_db()
    return comment


class TestStoredDeadline:
    def test_a_question_gets_its_hubs_deadline(self, world):
        set_hub(world.hub_a, response_target_hours=8, response_time_zone="Asia/Tokyo", response_working_days_only=True)
        asked = at("Asia/Tokyo", 2026, 3, 6, 20, 0)  # Friday 20:00 in Tokyo
        question = ask(world, submit_date=asked)
        assert question.is_question
        assert fresh(question).respond_by == at("Asia/Tokyo", 2026, 3, 9, 4, 0)  # 4 h Friday, 4 h Monday

    def test_held_questions_get_one_too_the_clock_starts_when_asked(self, world):
        asked = datetime.datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
        question = ask(world, submit_date=asked, state=State.HELD)
        assert fresh(question).respond_by == asked + datetime.timedelta(hours=24)

    def test_other_comments_and_team_answers_get_none(self, world):
        remark = ask(world, "Lovely ferns.")
        answer = team_answer(world, ask(world))
        assert not remark.is_question and fresh(remark).respond_by is None
        assert answer.is_staff_answer and fresh(answer).respond_by is None


def publish(hub, **fields):
    """Publish the hub the way an editor does: a revision, published (page_published is sent)."""
    hub = CommunityHubPage.objects.get(pk=hub.pk)
    for name, value in fields.items():
        setattr(hub, name, value)
    hub.save_revision().publish()
    return hub


class TestHubPublished:
    def test_open_questions_follow_the_published_settings(self, world):
        asked = at("Europe/Paris", 2026, 3, 6, 18, 0)  # Friday
        published = ask(world, submit_date=asked)
        held = ask(world, "And in winter?", submit_date=asked, state=State.HELD)
        answered = ask(world, "Is it edible?", submit_date=asked)
        team_answer(world, answered)
        rejected = ask(world, "Why?", submit_date=asked, state=State.REJECTED)
        elsewhere = ask(world, "Wheels?", submit_date=asked, story=world.story_b)
        legacy = ask(world, "From before?", submit_date=asked)
        Comment.objects.filter(pk=legacy.pk).update(respond_by=None)
        untouched = {c.pk: fresh(c).respond_by for c in (answered, rejected, elsewhere)}

        publish(world.hub_a, response_target_hours=4, response_time_zone="Europe/Paris")
        friday_22 = at("Europe/Paris", 2026, 3, 6, 22, 0)
        assert fresh(published).respond_by == fresh(held).respond_by == fresh(legacy).respond_by == friday_22
        assert {c.pk: fresh(c).respond_by for c in (answered, rejected, elsewhere)} == untouched

        publish(world.hub_a, response_working_days_only=False, response_target_hours=48)
        assert fresh(published).respond_by == at("Europe/Paris", 2026, 3, 8, 18, 0)  # Sunday

    def test_publishing_recomputes_in_a_fixed_number_of_queries(self, world):
        from moderation.response_times import recompute_open_questions

        counts = {}
        for size in (5, 50):
            for n in range(size - Comment.objects.filter(hub=world.hub_a, is_question=True).count()):
                ask(world, f"Question {n}?")
            hub = CommunityHubPage.objects.get(pk=world.hub_a.pk)
            hub.response_target_hours = 10 + size
            with CaptureQueriesContext(connection) as context:
                assert recompute_open_questions(hub) == size
            counts[size] = len(context)
        # SQLite takes the bulk UPDATE in one statement up to 500 rows; select + update.
        assert counts[5] == counts[50] == 2

    def test_a_draft_changes_nothing(self, world):
        question = ask(world, submit_date=datetime.datetime(2026, 3, 10, 9, 0, tzinfo=UTC))
        before = fresh(question).respond_by
        hub = CommunityHubPage.objects.get(pk=world.hub_a.pk)
        hub.response_target_hours = 2
        hub.save_revision()
        assert fresh(question).respond_by == before


class TestAnswered:
    def test_a_team_answer_held_then_published_answers_when_published(self, world, monkeypatch):
        decide = policy.decide

        def hold_team_answers(**kwargs):
            decision = decide(**kwargs)
            if kwargs["is_staff_answer"]:
                decision.state = State.HELD
            return decision

        monkeypatch.setattr(policy, "decide", hold_team_answers)
        root = ask(world, "Shade or sun?")
        follow_up = ask(world, "And which soil?", parent=root)
        answer = team_answer(world, follow_up, state=State.HELD)
        assert answer.state == State.HELD
        assert [reason["code"] for reason in answer.reasons] == ["staff_answer"]  # held by the policy
        assert fresh(root).answered_at is None and fresh(follow_up).answered_at is None

        assert lifecycle.set_state(answer, State.PUBLISHED, actor=world.users["moderator_a"])
        answer = fresh(answer)
        # The question it replies to and the thread's opening question, at the time of publishing.
        assert fresh(follow_up).answered_at == answer.moderated_at
        assert fresh(root).answered_at == answer.moderated_at

    def test_rejecting_the_only_team_answer_reopens_the_question(self, world):
        moderator = world.users["moderator_a"]
        question = ask(world, submit_date=timezone.now() - datetime.timedelta(days=5))
        first = team_answer(world, question)
        second = team_answer(world, question, "Also hostas.")
        answered_at = fresh(question).answered_at
        assert answered_at is not None

        assert lifecycle.set_state(first, State.REJECTED, actor=moderator, reason="Wrong")
        assert fresh(question).answered_at == answered_at  # the second answer still stands
        assert lifecycle.set_state(second, State.SPAM, actor=moderator)
        question = fresh(question)
        assert question.answered_at is None
        assert question.respond_by < timezone.now()  # back in the queue, overdue
        assert question.pk in needs_response_pks(world)

        assert lifecycle.set_state(second, State.PUBLISHED, actor=moderator)
        assert fresh(question).answered_at == fresh(second).moderated_at

    def test_an_answer_deeper_in_the_thread(self, world):
        moderator = world.users["moderator_a"]
        root = ask(world, "Shade or sun?")
        follow_up = ask(world, "And which soil?", parent=root)
        deep = team_answer(world, follow_up)
        assert fresh(root).answered_at and fresh(follow_up).answered_at
        direct = team_answer(world, root, "Shade.")

        lifecycle.set_state(deep, State.REJECTED, actor=moderator, reason="Wrong")
        # The opening question still has an answer in its thread; the follow-up has none.
        assert fresh(root).answered_at is not None
        assert fresh(follow_up).answered_at is None
        lifecycle.set_state(direct, State.REJECTED, actor=moderator, reason="Wrong")
        assert fresh(root).answered_at is None

    def test_a_question_hidden_with_its_answer_comes_back_answered(self, world):
        moderator = world.users["moderator_a"]
        question = ask(world)
        answer = team_answer(world, question)
        answered_at = fresh(question).answered_at
        lifecycle.set_state(question, State.HELD, actor=moderator)
        assert fresh(answer).hidden_with_id == question.pk
        assert fresh(question).answered_at == answered_at
        lifecycle.set_state(question, State.PUBLISHED, actor=moderator)
        assert fresh(answer).state == State.PUBLISHED
        assert fresh(question).answered_at == answered_at

    def test_a_visitors_reply_answers_nothing(self, world):
        question = ask(world)
        ask(world, "Mine grow in shade.", parent=question)
        assert fresh(question).answered_at is None


def needs_response_pks(world):
    from moderation.queues import QUEUES

    return set(
        Comment.objects.filter(QUEUES["needs-response"].condition, hub=world.hub_a).values_list("pk", flat=True)
    )


# ---------------------------------------------------------------------------
# The needs-response queue and the dashboard's list.
# ---------------------------------------------------------------------------


def question_due(world, delta, *, text="Does it grow in shade?", story=None, name="Robin", parent=None):
    """A published question whose deadline is ``delta`` from now (negative: overdue)."""
    question = add_comment(story or world.story_a, text, name=name, parent=parent)
    assert question.is_question
    Comment.objects.filter(pk=question.pk).update(respond_by=timezone.now() + delta)
    return fresh(question)


@pytest.fixture
def moderator_client(client, world):
    client.force_login(world.users["moderator_a"])
    return client


def rows_of(response):
    return soup_of(response.content).select("table.queue-listing tbody tr[data-row]")


class TestNeedsResponseQueue:
    def test_most_urgent_first_overdue_marked_in_words(self, world, moderator_client):
        hours = datetime.timedelta(hours=1)
        later = question_due(world, 20 * hours + datetime.timedelta(minutes=30), name="Later")
        overdue = question_due(world, -(3 * hours + datetime.timedelta(minutes=10)), name="Overdue")
        legacy = question_due(world, hours, name="Legacy")
        Comment.objects.filter(pk=legacy.pk).update(respond_by=None)
        very_late = question_due(world, -datetime.timedelta(days=1, hours=2, minutes=10), name="Very")
        soon = question_due(world, 3 * hours + datetime.timedelta(minutes=30), name="Soon")

        response = moderator_client.get("/admin/moderation/needs-response/")
        assert listed(response) == [very_late.pk, overdue.pk, soon.pk, later.pk, legacy.pk]
        badges = {int(row["data-comment"]): row.select_one("[data-deadline]") for row in rows_of(response)}
        assert badges[very_late.pk].get_text(strip=True) == "Overdue by 1 day 2 h"
        assert badges[overdue.pk].get_text(strip=True) == "Overdue by 3 h"
        assert badges[soon.pk].get_text(strip=True) == "3 h left"
        assert badges[later.pk].get_text(strip=True) == "20 h left"
        assert badges[legacy.pk] is None
        assert badges[overdue.pk].has_attr("data-overdue") and not badges[soon.pk].has_attr("data-overdue")
        assert badges[soon.pk].select_one("time")["datetime"].startswith(fresh(soon).respond_by.date().isoformat())
        soup = soup_of(response.content)
        # The "Answer by" column is the one sorted, most urgent first.
        sorted_by = soup.select_one("thead th a.teal")
        assert sorted_by is not None and sorted_by.get_text(strip=True) == "Answer by"

        # On request, by the time asked; and overdue only.
        assert listed(moderator_client.get("/admin/moderation/needs-response/", {"ordering": "-submit_date"})) == [
            soon.pk,
            very_late.pk,
            legacy.pk,
            overdue.pk,
            later.pk,
        ]
        overdue_only = moderator_client.get("/admin/moderation/needs-response/", {"overdue": "1"})
        assert listed(overdue_only) == [very_late.pk, overdue.pk]
        assert soup_of(overdue_only.content).select_one("select[name=overdue] option[selected]")["value"] == "1"

    def test_other_queues_keep_their_order_and_show_no_deadline(self, world, moderator_client):
        question_due(world, -datetime.timedelta(hours=5))
        response = moderator_client.get("/admin/moderation/approved/", {"ordering": "respond_by", "overdue": "1"})
        assert len(listed(response)) == 1
        soup = soup_of(response.content)
        assert soup.select("[data-deadline]") == []
        assert soup.select_one("select[name=overdue]") is None
        sortable = [link.get_text(strip=True) for link in soup.select("thead th a[href*='ordering=']")]
        assert sortable == ["Written"]


@pytest.mark.parametrize("role", ["moderator_a", "superuser"])
def test_the_needs_response_queue_runs_the_same_queries_for_5_25_and_50_questions(client, world, role):
    client.force_login(world.users[role])
    counts = {}
    made = 0
    for size in (5, 25, 50):
        while made < size:
            # Half overdue, some without a deadline, a reply to another question now and then.
            question = question_due(world, datetime.timedelta(hours=made - size // 2), name=f"Q{made}")
            if made % 5 == 0:
                Comment.objects.filter(pk=question.pk).update(respond_by=None, assignee=world.colleague)
            made += 1
            if made % 3 == 1 and made < size:
                # A follow-up question in reply: its row quotes its parent.
                delta = datetime.timedelta(hours=made - size // 2)
                question_due(world, delta, text=f"And what about {made}?", parent=question, name=f"R{made}")
                made += 1
        total, own, response = queue_queries(client, "/admin/moderation/needs-response/")
        assert len(listed(response)) == min(size, 25)
        assert len(soup_of(response.content).select("[data-deadline]")) > 0
        counts[size] = (total, own)
    print(f"needs-response queue queries for {role} (whole request, queue's own): {counts}")
    assert counts[5] == counts[25] == counts[50]
    assert counts[5] == EXPECTED_QUERIES[role]


class TestNearingDeadline:
    def test_due_within_the_window_or_overdue_most_urgent_first(self, world, django_assert_num_queries):
        hours = datetime.timedelta(hours=1)
        overdue = question_due(world, -2 * hours)
        soon = question_due(world, 3 * hours)
        question_due(world, 6 * hours)  # not yet
        question_due(world, -5 * hours, story=world.story_b)  # another hub
        answered = question_due(world, -hours)
        Comment.objects.filter(pk=answered.pk).update(answered_at=timezone.now())
        held = question_due(world, -hours)
        Comment.objects.filter(pk=held.pk).update(state=State.HELD)
        legacy = question_due(world, -hours)
        Comment.objects.filter(pk=legacy.pk).update(respond_by=None)

        moderator = type(world.users["moderator_a"]).objects.get(pk=world.users["moderator_a"].pk)
        with django_assert_num_queries(1):
            due = nearing_deadline(moderator)
            assert [c.pk for c in due] == [overdue.pk, soon.pk]
            assert due[0].page.title == "Seeds" and due[0].hub.title == "Gardening"
        assert [c.pk for c in nearing_deadline(moderator, within_hours=8)][-1] != overdue.pk
        assert len(nearing_deadline(moderator, within_hours=8)) == 3
        assert [c.pk for c in nearing_deadline(moderator, limit=1)] == [overdue.pk]

        superuser = world.users["superuser"]
        with django_assert_num_queries(1):
            assert len(nearing_deadline(superuser)) == 3
        assert nearing_deadline(world.users["moderator_b"])[0].hub_id == world.hub_b.pk
        assert nearing_deadline(UserFactory()) == []
        from django.contrib.auth.models import AnonymousUser

        assert nearing_deadline(AnonymousUser()) == []


class TestHubSettings:
    @pytest.mark.parametrize(
        ("field", "value", "valid"),
        [
            ("response_target_hours", 1, True),
            ("response_target_hours", 720, True),
            ("response_target_hours", 0, False),
            ("response_target_hours", 721, False),
            ("response_time_zone", "Asia/Tokyo", True),
            ("response_time_zone", "Mars/Olympus_Mons", False),
        ],
    )
    def test_validation(self, field, value, valid):
        from django.core.exceptions import ValidationError

        model_field = CommunityHubPage._meta.get_field(field)
        if valid:
            assert model_field.clean(value, None) == value
        else:
            with pytest.raises(ValidationError):
                model_field.clean(value, None)

    def test_defaults(self, world, settings):
        hub = CommunityHubPage(title="New")
        assert (hub.response_target_hours, hub.response_time_zone, hub.response_working_days_only) == (
            24,
            settings.TIME_ZONE,
            True,
        )

    def test_the_hub_editor_shows_a_response_times_panel(self, client, world):
        client.force_login(world.users["superuser"])
        response = client.get(f"/admin/pages/{world.hub_a.pk}/edit/")
        assert response.status_code == 200
        soup = soup_of(response.content)
        for name in ("response_target_hours", "response_time_zone", "response_working_days_only"):
            assert soup.select_one(f"[name={name}]") is not None, name
        assert soup.select_one("select[name=response_time_zone] option[value='Europe/Paris']") is not None


def test_bulk_publishing_a_team_answer_answers_the_question_and_bulk_hiding_reopens_it(world, db):
    from moderation.actions import change_states

    story, moderator = world.story_a, world.users["moderator_a"]
    asked = add_comment(story, "Which seeds grow in shade?", name="Robin")
    Comment.objects.filter(pk=asked.pk).update(is_question=True, answered_at=None)
    answer = add_comment(story, "Ferns and hostas.", parent=asked, name="Team", state=Comment.State.HELD)
    Comment.objects.filter(pk=answer.pk).update(is_staff_answer=True)
    answer.refresh_from_db()

    change_states([answer], Comment.State.PUBLISHED, user=moderator)
    assert Comment.objects.get(pk=asked.pk).answered_at is not None

    answer.refresh_from_db()
    change_states([answer], Comment.State.REJECTED, user=moderator, reason="Wrong answer")
    assert Comment.objects.get(pk=asked.pk).answered_at is None
