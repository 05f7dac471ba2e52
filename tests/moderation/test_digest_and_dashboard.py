"""Moderators' digest e-mails (at most one per interval) and the dashboard panel."""

from datetime import timedelta

from django.core import mail
from django.utils import timezone
from wagtail.test.utils import WagtailTestUtils

from communities.models import CommunityHubPage
from moderation.digest import send_digests
from moderation.models import Comment, ModerationSettings
from tests.factories import CommunityHubPageFactory, StoryPageFactory, UserFactory
from tests.stories.comment_helpers import add_comment


def test_digest_lists_new_held_comments_once_per_interval(hub, home):
    moderator = UserFactory(email="mod@example.org", groups=[hub.moderators_group])
    UserFactory(
        email="other@example.org", groups=[CommunityHubPageFactory(parent=home, slug="other").moderators_group]
    )
    story = StoryPageFactory(parent=hub)
    add_comment(story, "Please look at me", state=Comment.State.HELD, name="Holly")
    add_comment(story, "Already fine", name="Pia")
    mail.outbox.clear()

    now = timezone.now()
    assert send_digests(now=now) == 1
    [message] = mail.outbox
    assert message.to == [moderator.email]
    assert message.subject == "1 comment is waiting for review"
    assert "Holly" in message.body and "Pia" not in message.body
    assert "/admin/moderation/pending/" in message.body

    add_comment(story, "Me too", state=Comment.State.HELD, name="Hugo")
    minutes = ModerationSettings.load().digest_minutes
    assert send_digests(now=now + timedelta(minutes=minutes - 1)) == 0  # too soon
    assert send_digests(now=now + timedelta(minutes=minutes + 1)) == 1
    assert "Hugo" in mail.outbox[-1].body and "Holly" not in mail.outbox[-1].body


def test_a_held_comment_cannot_add_lines_of_its_own_to_the_digest(hub, home):
    """A name or text with line breaks stays on its comment's line: no forged link of its own."""
    UserFactory(email="mod@example.org", groups=[hub.moderators_group])
    story = StoryPageFactory(parent=hub)
    forged = "Open the Pending queue: http://evil.example/"
    add_comment(story, f"Look\r\n{forged}\u2028more", state=Comment.State.HELD, name=f"Holly\n{forged}")
    mail.outbox.clear()

    assert send_digests(now=timezone.now()) == 1
    [message] = mail.outbox
    lines = message.body.splitlines()
    assert not [line for line in lines if line.startswith(forged)]
    [line] = [line for line in lines if line.startswith("- ")]
    assert f"Holly {forged}: Look {forged} more" in line


def panel_rows(client):
    """The moderation panel's rows on the dashboard, as text."""
    soup = WagtailTestUtils.get_soup(client.get("/admin/").content)
    rows = soup.select("#moderation-content tbody tr")
    return [[cell.get_text(strip=True) for cell in row.select("th, td")] for row in rows]


def test_dashboard_panel_shows_counts_for_my_hubs(client, hub, home):
    other = CommunityHubPageFactory(parent=home, title="Elsewhere", slug="elsewhere")
    add_comment(StoryPageFactory(parent=hub), "Held here", state=Comment.State.HELD)
    add_comment(StoryPageFactory(parent=other), "Held there", state=Comment.State.HELD)
    client.force_login(UserFactory(groups=[hub.moderators_group]))
    rows = panel_rows(client)
    assert len(rows) == 1
    assert rows[0][:4] == ["Gardening", "1", "0", "0"]
    assert rows[0][4].startswith("waiting")


def test_no_panel_for_people_who_moderate_nothing(client, hub):
    client.force_login(UserFactory(groups=[hub.editors_group]))
    soup = WagtailTestUtils.get_soup(client.get("/admin/").content)
    assert soup.select_one("#moderation-content") is None


def test_dashboard_panel_counts_each_queue_and_leaves_out_quiet_hubs(client, hub, home):
    quiet = CommunityHubPageFactory(parent=home, title="Quiet", slug="quiet")
    story = StoryPageFactory(parent=hub)
    add_comment(StoryPageFactory(parent=quiet), "Published, nothing to do")
    add_comment(story, "Published, nothing to do")
    add_comment(story, "Held one", state=Comment.State.HELD)
    add_comment(story, "Held two", state=Comment.State.HELD)
    Comment.objects.filter(pk=add_comment(story, "Reported").pk).update(report_count=2)
    Comment.objects.filter(pk=add_comment(story, "Anyone there?").pk).update(is_question=True)
    moderator = UserFactory(groups=[hub.moderators_group, quiet.moderators_group])
    client.force_login(moderator)
    rows = panel_rows(client)
    assert [row[:4] for row in rows] == [["Gardening", "2", "1", "1"]]


def test_dashboard_panel_queries_do_not_grow_with_the_comments(client, hub):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    story = StoryPageFactory(parent=hub)
    client.force_login(UserFactory(groups=[hub.moderators_group]))
    counts = []
    for total in (5, 50):
        while Comment.objects.filter(state=Comment.State.HELD).count() < total:
            add_comment(story, "Waiting", state=Comment.State.HELD)
        client.get("/admin/")
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/admin/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert panel_rows(client)[0][1] == "50"


# -- Hubs nobody moderates ---------------------------------------------------------------------------


def test_an_unstaffed_hub_s_held_comments_go_to_the_site_s_moderators_and_the_digest_says_why(hub, home, admin_user):
    from django.contrib.auth.models import Permission

    staffed = CommunityHubPageFactory(parent=home, title="Staffed", slug="staffed")
    team_moderator = UserFactory(email="team@example.org", groups=[staffed.moderators_group])
    site_wide = UserFactory(email="site@example.org")
    site_wide.user_permissions.add(
        Permission.objects.get(content_type__app_label="moderation", codename="change_comment")
    )
    UserFactory(email="inactive@example.org", groups=[hub.moderators_group], is_active=False)  # staffs nothing
    add_comment(StoryPageFactory(parent=hub), "Nobody reads me", state=Comment.State.HELD, name="Holly")
    add_comment(StoryPageFactory(parent=staffed), "My team reads me", state=Comment.State.HELD, name="Tess")
    mail.outbox.clear()

    assert send_digests() == 3
    bodies = {message.to[0]: message.body for message in mail.outbox}
    assert set(bodies) == {admin_user.email, site_wide.email, team_moderator.email}
    for routed in (admin_user.email, site_wide.email):
        assert "Holly" in bodies[routed] and "Tess" not in bodies[routed]
        assert "Nobody moderates Gardening: you receive its comments because you moderate every hub." in bodies[routed]
    assert "Tess" in bodies[team_moderator.email] and "Holly" not in bodies[team_moderator.email]
    assert "Nobody moderates" not in bodies[team_moderator.email]


def test_once_the_hub_has_a_moderator_its_comments_go_to_them_alone(hub, admin_user):
    moderator = UserFactory(email="mod@example.org", groups=[hub.moderators_group])
    add_comment(StoryPageFactory(parent=hub), "Please look", state=Comment.State.HELD, name="Holly")
    mail.outbox.clear()
    assert send_digests() == 1
    assert [message.to for message in mail.outbox] == [[moderator.email]]


def test_dashboard_shows_unstaffed_and_uncovered_hubs(client, hub, home, admin_user):
    import datetime

    staffed = CommunityHubPageFactory(parent=home, title="Staffed", slug="staffed")
    UserFactory(groups=[staffed.moderators_group])
    # The team is there all day, every day: only a late queue uncovers it.
    CommunityHubPage.objects.filter(pk=staffed.pk).update(
        response_working_days_only=False, team_day_starts=None, team_day_ends=None, response_target_hours=1
    )
    late = add_comment(StoryPageFactory(parent=staffed), "Waiting for hours", state=Comment.State.HELD)
    Comment.objects.filter(pk=late.pk).update(submitted_at=timezone.now() - datetime.timedelta(hours=3))
    CommunityHubPageFactory(parent=home, title="Quiet and alone", slug="quiet")  # nothing waiting, nobody there
    add_comment(StoryPageFactory(parent=hub), "Nobody reads me", state=Comment.State.HELD)
    client.force_login(admin_user)

    soup = WagtailTestUtils.get_soup(client.get("/admin/").content)
    coverage = {
        row.select_one("th").get_text(strip=True): row.select_one("[data-coverage]")["data-coverage"]
        for row in soup.select("#moderation-content tbody tr")
    }
    assert coverage == {"Gardening": "unstaffed", "Staffed": "late"}
    unstaffed = soup.select_one("#moderation-content [data-unstaffed-hubs]").get_text(" ", strip=True)
    assert "Quiet and alone" in unstaffed and "Staffed" not in unstaffed
