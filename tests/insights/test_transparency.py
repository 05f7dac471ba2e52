"""The transparency report (``insights.transparency``): figures against a seeded fixture with
known answers, made through the real paths (the lifecycle, the report threshold, notices and
appeals); constant queries at two sizes; the page, its CSV and XLSX exports, and who sees it.

The fixture, in hub A (moderated by ``moderator_a`` and ``second_a``) over the last three days:

- posted: "casino" rejected by a word list (automated); "crypto" held by a word list (automated),
  then approved by moderator_a (published after review, by a person);
- moderator_a rejects Off-topic (with a reply hidden with it: not a decision of its own) and
  Advertising, and marks one as spam (no reason from the list); reports hide one (automated);
  removing a comment on a notice is a rejection too (no reason from the list);
- the Off-topic rejection is appealed and reversed by second_a (published after review, again a
  person); the Advertising one is appealed and upheld;
- notices of illegal content: one removed 10 hours after it came, one kept after 30 hours (a
  median of 20 hours, both in time), one still open past its deadline;
- visitors' reports: spam twice, abusive once.

Hub B: moderator_b rejects one comment and a visitor reports one: counted only site-wide.
"""

import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from communities.models import CommunityHubPage
from insights import transparency
from moderation import actions, appeals, notices, policy
from moderation.models import Comment, IllegalContentNotice, ModerationSettings, Report, WordList
from tests.factories import UserFactory
from tests.stories.comment_helpers import add_comment, posted

State = Comment.State
REASONS = [("Off-topic", "Stay on the story's subject."), ("Advertising", "No adverts here.")]


def period():
    """The last week: it holds the oldest seeded notice (80 hours old) at any time of day."""
    today = timezone.localdate()
    return today - timedelta(days=6), today


def bounds():
    start, end = period()
    zone = timezone.get_current_timezone()
    return (
        timezone.make_aware(timezone.datetime.combine(start, timezone.datetime.min.time()), zone),
        timezone.make_aware(timezone.datetime.combine(end + timedelta(days=1), timezone.datetime.min.time()), zone),
    )


def query(hub=None, export=""):
    start, end = period()
    return f"start={start}&end={end}" + (f"&hub={hub.pk}" if hub else "") + (f"&export={export}" if export else "")


def notice_about(comment, sender, hours_ago):
    notice = notices.receive(
        comment,
        explanation="Illegal.",
        location="the words",
        reporter_name=sender,
        reporter_email=f"{sender.lower()}@example.org",
        good_faith=True,
        notify=False,
    )
    received = timezone.now() - timedelta(hours=hours_ago)
    IllegalContentNotice.objects.filter(pk=notice.pk).update(
        received_at=received, deadline=received + timedelta(hours=72)
    )
    notice.refresh_from_db()
    return notice


def decisions_in(story, moderator, second, n=1):
    """``n`` rounds of every kind of decision in ``story``'s hub (the fixture is one round)."""
    for round_ in range(n):
        posted(story, f"Visit my casino {round_}", f"Rules{round_}")
        crypto = posted(story, f"Buy crypto now {round_}", f"Held{round_}")
        actions.approve(crypto, moderator)
        off_topic = add_comment(story, f"About my cat {round_}", name=f"Cat{round_}")
        add_comment(story, f"Me too {round_}", name=f"Reply{round_}", parent=off_topic)
        advert = add_comment(story, f"My shop {round_}", name=f"Shop{round_}")
        junk = add_comment(story, f"Junk {round_}", name=f"Junk{round_}")
        hidden = add_comment(story, f"Rude {round_}", name=f"Rude{round_}")
        actions.reject(off_topic, moderator, reason="Off-topic: cats")
        actions.reject(advert, moderator, reason="Advertising")
        actions.mark_spam(junk, moderator)
        for visitor in range(3):
            Report.objects.create(
                comment=hidden, visitor=f"v{round_}-{visitor}", reason="spam" if visitor < 2 else "abusive"
            )
        Comment.objects.filter(pk=hidden.pk).update(report_count=3)
        assert policy.record_report(hidden)

        for comment, reverse in ((off_topic, True), (advert, False)):
            comment.refresh_from_db()
            decision = appeals.open_decision(appeals.appeal_key(appeals.latest_decision(comment)))
            appeal = appeals.submit(decision, "Please look again.")
            appeals.decide(appeal, second, reverse=reverse, reason="Looked again.")

        removed = notice_about(add_comment(story, f"Illegal {round_}", name=f"Ill{round_}"), "Noor", 10)
        notices.decide(removed, moderator, remove=True, reason="Illegal.")
        kept = notice_about(add_comment(story, f"Legal {round_}", name=f"Leg{round_}"), "Ola", 30)
        notices.decide(kept, moderator, remove=False, reason="Not illegal.")
        overdue = notice_about(add_comment(story, f"Unsure {round_}", name=f"Uns{round_}"), "Pia", 80)
        assert overdue.deadline < timezone.now()


@pytest.fixture
def seeded(world, db):
    # Both hubs publish comments as posted, unless a rule flags them; hub A lists two reasons.
    reasons = [
        {"type": "reason", "id": f"reason-{n}", "value": {"label": label, "explanation": text}}
        for n, (label, text) in enumerate(REASONS)
    ]
    flagged = CommunityHubPage.Premoderation.FLAGGED
    CommunityHubPage.objects.filter(pk=world.hub_a.pk).update(premoderation=flagged, decision_reasons=reasons)
    CommunityHubPage.objects.filter(pk=world.hub_b.pk).update(premoderation=flagged)
    for story in (world.story_a, world.story_b):
        story.get_parent(update=True)  # the hub the comments are posted to, as updated
    ModerationSettings.objects.update_or_create(pk=ModerationSettings.load().pk, defaults={"reports_to_hide": 3})
    WordList.objects.create(name="Banned", language="en", action=WordList.Action.REJECT, words="casino")
    WordList.objects.create(name="Suspect", language="en", action=WordList.Action.HOLD, words="crypto")
    world.second_a = UserFactory(username="second_a", groups=[world.hub_a.moderators_group])
    decisions_in(world.story_a, world.users["moderator_a"], world.second_a)
    # Hub B: counted site-wide only.
    other = add_comment(world.story_b, "Wrong hub", name="Bee")
    actions.reject(other, world.users["moderator_b"], reason="Nope")
    Report.objects.create(comment=add_comment(world.story_b, "B", name="Bo"), visitor="vb", reason="spam")
    return world


def figures(report):
    return {(row.section, row.item): (row.automated, row.human) for row in report.decisions}


def test_the_figures_match_the_seeded_fixture_exactly(seeded):
    report = transparency.compute([seeded.hub_a.pk], *bounds())
    assert figures(report) == {
        ("Rejected", "The community's rules"): (1, 0),
        ("Rejected", "Advertising"): (0, 1),
        ("Rejected", "Off-topic"): (0, 1),
        ("Rejected", "No reason from the hub's list"): (0, 1),  # the notice's removal
        ("Hidden after publication", "The community's rules"): (1, 0),
        ("Held for review as posted", "The community's rules"): (1, 0),
        ("Marked as spam", "No reason from the hub's list"): (0, 1),
        ("Published after review", "No reason from the hub's list"): (0, 2),
    }
    assert report.totals == {"decisions": 9, "automated": 3, "human": 6}
    assert report.notices == {"received": 3, "removed": 1, "kept": 1, "open": 1, "overdue": 1, "in_time": 2}
    assert abs(report.median_notice_handling - timedelta(hours=20)) < timedelta(minutes=1)
    assert report.appeals == {"submitted": 2, "upheld": 1, "reversed": 1, "open": 0, "withdrawn": 0}
    assert report.reports == [("Spam or advertising", 2), ("Abusive or harassing", 1)]


def test_site_wide_the_other_hubs_count_too(seeded):
    report = transparency.compute(None, *bounds())
    assert report.totals["decisions"] == 10 and report.totals["human"] == 7
    assert dict(report.reports)["Spam or advertising"] == 3


def test_a_period_before_the_decisions_counts_nothing(seeded):
    start, _end = bounds()
    report = transparency.compute([seeded.hub_a.pk], start - timedelta(days=30), start)
    assert report.totals == {"decisions": 0, "automated": 0, "human": 0}
    assert report.notices["received"] == 0 and report.median_notice_handling is None
    assert report.appeals["submitted"] == 0 and report.reports == []


def test_the_queries_do_not_grow_with_the_decisions(seeded):
    hub_ids = [seeded.hub_a.pk]
    transparency.compute(hub_ids, *bounds())
    with CaptureQueriesContext(connection) as few:
        small = transparency.compute(hub_ids, *bounds())
    decisions_in(seeded.story_a, seeded.users["moderator_a"], seeded.second_a, n=4)
    with CaptureQueriesContext(connection) as many:
        large = transparency.compute(hub_ids, *bounds())
    assert large.totals["decisions"] == 5 * small.totals["decisions"]
    assert large.notices["received"] == 5 * small.notices["received"]
    assert len(many) == len(few) <= 7, [query["sql"][:150] for query in many.captured_queries]


def test_the_page_shows_the_figures_and_exports_them_as_csv_and_xlsx(seeded, client):
    client.force_login(seeded.users["moderator_a"])
    page = client.get(f"/admin/insights/transparency/?{query(seeded.hub_a)}")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-figure="decisions">9<' in html and 'data-figure="reversed">1<' in html
    assert "Off-topic" in html

    csv = client.get(f"/admin/insights/transparency/?{query(seeded.hub_a, 'csv')}")
    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")
    lines = b"".join(csv.streaming_content).decode().splitlines()
    assert lines[0] == "Section,What,Automated,By a person,Total"
    assert "Rejected,Off-topic,0,1,1" in lines
    assert "Decisions,All decisions,3,6,9" in lines
    assert "Notices of illegal content,Median hours to decide,,,20" in lines

    xlsx = client.get(f"/admin/insights/transparency/?{query(seeded.hub_a, 'xlsx')}")
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    rows = [tuple(cell.value for cell in row) for row in sheet.iter_rows()]
    assert rows[0] == ("Section", "What", "Automated", "By a person", "Total")
    assert ("Appeals", "Decision reversed", None, None, 1) in rows


@pytest.mark.parametrize(
    ("suffix", "status", "message"),
    [
        ("start=2026-06-28&end=2026-06-01", 400, "The start date is after the end date"),
        ("start=%00", 400, "Enter a valid date"),
        ("export=pdf", 400, "Choose CSV or XLSX."),
        ("hub=abc", 404, ""),
    ],
)
def test_bad_filters_get_a_message_never_a_500(seeded, client, suffix, status, message):
    client.force_login(seeded.users["moderator_a"])
    response = client.get(f"/admin/insights/transparency/?{suffix}")
    assert response.status_code == status
    assert message in response.content.decode()


def test_only_the_hubs_moderators_see_its_report(seeded, client):
    client.force_login(seeded.users["moderator_b"])
    assert client.get(f"/admin/insights/transparency/?{query(seeded.hub_a)}").status_code == 403
    assert client.get(f"/admin/insights/transparency/?{query(seeded.hub_a, 'csv')}").status_code == 403
    client.force_login(seeded.users["editor_a"])
    assert client.get(f"/admin/insights/transparency/?{query()}").status_code == 403


def test_a_hub_publishes_its_yearly_summary_only_when_its_owners_choose_to(seeded, client):
    url = seeded.hub_a.url + "transparency/"
    assert client.get(url).status_code == 404
    CommunityHubPage.objects.filter(pk=seeded.hub_a.pk).update(publish_transparency=True)
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    this_year = timezone.localdate().year
    assert f"Moderation in {this_year}" in html
    assert "9 decisions about comments: 3 by the community's rules, 6 by a moderator." in html
    assert "Off-topic" in html and "Appeals: 2. Decision upheld: 1. Decision reversed: 1." in html
    assert "noor@example.org" not in html and "Please look again." not in html  # figures only
    assert client.get(f"{url}{this_year - 1}/").status_code == 200  # an earlier year: nothing yet, said so
    for year in (1999, this_year + 1):
        assert client.get(f"{url}{year}/").status_code == 404
