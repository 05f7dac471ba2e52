"""The moderation queues: what each lists, filters and search, ordering, pagination, menu counts,
what a row shows, and a number of queries that does not grow with the page."""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.test.utils import WagtailTestUtils

from moderation.models import Comment
from tests.factories import StoryPageFactory
from tests.moderation.test_actions import assert_not_found
from tests.stories.comment_helpers import add_comment

State = Comment.State
soup_of = WagtailTestUtils.get_soup


@pytest.fixture(autouse=True)
def _each_test_in_a_savepoint(db):
    """The module's ``world`` keeps the database open: every test still rolls back its own changes."""


@pytest.fixture
def moderator_client(client, world):
    client.force_login(world.users["moderator_a"])
    return client


@pytest.fixture
def superuser_client(client, world):
    client.force_login(world.users["superuser"])
    return client


def comment(story, state=State.HELD, text="A comment.", *, email=None, name="Robin", **fields):
    """A comment through the real lifecycle, then given the triage fields a test needs."""
    created = add_comment(
        story,
        text,
        state=state,
        name=name,
        email=email or f"{name.lower()}@example.org",
        parent=fields.pop("parent", None),
        submit_date=fields.pop("submit_date", timezone.now()),
    )
    if fields:
        Comment.objects.filter(pk=created.pk).update(**fields)
        created.refresh_from_db()
    return created


def listed(response):
    """The pks of the rows on a queue page, in order."""
    assert response.status_code == 200, response.status_code
    return [
        int(row["data-comment"]) for row in soup_of(response.content).select("table.queue-listing tbody tr[data-row]")
    ]


def pks(*comments):
    return [c.pk for c in comments]


class TestWhatEachQueueHolds:
    def test_each_queue_lists_exactly_its_comments(self, world, moderator_client):
        story = world.story_a
        held = comment(story, State.HELD, "Held", name="Held")
        published = comment(story, State.PUBLISHED, "Fine", name="Fine")
        # Replying under a published root, then hiding the root: the reply waits with it, not in pending.
        root = comment(story, State.PUBLISHED, "Root", name="Root")
        reply = comment(story, State.PUBLISHED, "Reply", name="Replier", parent=root)
        Comment.objects.filter(pk=root.pk).update(state=State.HELD)
        Comment.objects.filter(pk=reply.pk).update(state=State.HELD, hidden_with=root)
        reported_published = comment(story, State.PUBLISHED, "Reported", name="Reported", report_count=2)
        reported_held = comment(story, State.HELD, "Hidden after reports", name="Hidden", report_count=3)
        reported_rejected = comment(story, State.REJECTED, "Reported then rejected", name="Gone", report_count=1)
        question = comment(story, State.PUBLISHED, "Does it grow in shade?", name="Asker")
        answered = comment(story, State.PUBLISHED, "Is it edible?", name="Eater", answered_at=timezone.now())
        staff = comment(story, State.PUBLISHED, "Any questions?", name="Team", is_staff_answer=True, is_question=True)
        held_question = comment(story, State.HELD, "Why was I held?", name="Waiting")
        rejected = comment(story, State.REJECTED, "Rude", name="Rude")
        spam = comment(story, State.SPAM, "Buy now", name="Spammer")
        assert question.is_question and answered.is_question and held_question.is_question
        comment(world.story_b, State.HELD, "Hub B", name="Elsewhere")  # never in hub A's queues

        expected = {
            "pending": pks(held, root, reported_held, held_question),
            "reported": pks(reported_published, reported_held),
            "needs-response": pks(question),
            "approved": pks(published, reported_published, question, answered, staff),
            "rejected": pks(reported_rejected, rejected),
            "spam": pks(spam),
        }
        for slug, wanted in expected.items():
            assert listed(moderator_client.get(f"/admin/moderation/{slug}/")) == wanted, slug

    def test_an_empty_queue_says_so(self, moderator_client):
        soup = soup_of(moderator_client.get("/admin/moderation/spam/").content)
        assert soup.select_one(".queue-empty").get_text(strip=True) == "Nothing here. Well done."
        assert soup.select_one(".queue-count").get_text(strip=True) == "0 comments"


class TestFiltersAndSearch:
    @pytest.fixture
    def comments(self, world):
        other_story = StoryPageFactory(parent=world.hub_a, title="Compost", slug="compost")

        def day(n):
            return timezone.make_aware(datetime.datetime(2026, 1, n, 12, 0))

        c = {
            "seeds_en": comment(world.story_a, text="Seeds in spring", name="Alice", submit_date=day(5)),
            "seeds_fr": comment(world.story_a, text="Graines", name="Bernard", submit_date=day(12), language="fr"),
            "compost": comment(other_story, text="Worms", name="Chloe", submit_date=day(15)),
            "links": comment(
                world.story_a,
                text="See my shop",
                name="Dan",
                email="dan@shop.example",
                submit_date=day(20),
                reasons=[{"code": "links", "message": "3 links"}],
                scores={"profanity": 0.2},
            ),
            "rude": comment(
                world.story_a,
                text="You fool",
                name="Eve",
                submit_date=day(25),
                reasons=[{"code": "offensive", "message": "offensive-language score 0.91"}],
                scores={"profanity": 0.91},
            ),
            "hub_b": comment(world.story_b, text="Wheels", name="Frank", submit_date=day(14)),
        }
        c["other_story"] = other_story
        return c

    def test_without_filters_everything_in_my_hubs(self, moderator_client, comments):
        names = ("seeds_en", "seeds_fr", "compost", "links", "rude")
        assert listed(moderator_client.get("/admin/moderation/pending/")) == [comments[n].pk for n in names]

    @pytest.mark.parametrize(
        ("query", "names"),
        [
            ({"language": "fr"}, ["seeds_fr"]),
            ({"reason": "links"}, ["links"]),
            ({"reason": "offensive"}, ["rude"]),
            ({"reason": "first_time"}, ["seeds_en", "seeds_fr", "compost"]),
            ({"submitted_from": "2026-01-10", "submitted_to": "2026-01-20"}, ["seeds_fr", "compost", "links"]),
            ({"submitted_from": "2026-01-21"}, ["rude"]),
            ({"submitted_to": "2026-01-05"}, ["seeds_en"]),
            ({"min_score": "0.5"}, ["rude"]),
            ({"min_score": "0.2"}, ["links", "rude"]),
            ({"q": "graines"}, ["seeds_fr"]),
            ({"q": "shop.example"}, ["links"]),
            ({"q": "CHLOE"}, ["compost"]),
            ({"q": "wheels"}, []),  # hub B's comment stays out of reach of hub A's moderator
            ({"q": "seeds", "language": "en"}, ["seeds_en"]),
        ],
    )
    def test_each_filter_narrows(self, moderator_client, comments, query, names):
        response = moderator_client.get("/admin/moderation/pending/", query)
        assert listed(response) == [comments[n].pk for n in names]
        assert not soup_of(response.content).select("[data-filters-invalid]")

    @pytest.mark.parametrize(("title", "names"), [("Compost", ["compost"]), ("compo", ["compost"]), ("wheels", [])])
    def test_story_filter_by_title(self, moderator_client, comments, title, names):
        response = moderator_client.get("/admin/moderation/pending/", {"story": title})
        assert listed(response) == [comments[n].pk for n in names]
        # Wagtail's active-filter pill names it.
        pills = [
            pill.get_text(" ", strip=True) for pill in soup_of(response.content).select(".w-active-filters .w-pill")
        ]
        assert pills == [f"Story: {title}"]

    def test_hub_filter_for_a_superuser(self, superuser_client, world, comments):
        assert listed(superuser_client.get("/admin/moderation/pending/", {"hub": world.hub_b.pk})) == pks(
            comments["hub_b"]
        )
        everything = listed(superuser_client.get("/admin/moderation/pending/"))
        assert comments["hub_b"].pk in everything and comments["rude"].pk in everything
        only_a = listed(superuser_client.get("/admin/moderation/pending/", {"hub": world.hub_a.pk}))
        assert comments["hub_b"].pk not in only_a and comments["rude"].pk in only_a

    def test_the_hub_choices_are_my_hubs(self, moderator_client, world):
        soup = soup_of(moderator_client.get("/admin/moderation/pending/").content)
        options = {option["value"] for option in soup.select("select[name=hub] option") if option["value"]}
        assert options == {str(world.hub_a.pk)}

    @pytest.mark.parametrize(
        "query",
        [
            {"hub": "abc"},
            {"hub": "HUB_B"},  # a real hub, but not one this moderator moderates
            {"story": "x" * 300},
            {"submitted_from": "notadate"},
            {"submitted_to": "2026-13-45"},
            {"min_score": "7"},
            {"min_score": "-1"},
            {"min_score": "lots"},
            {"language": "xx"},
            {"reason": "bogus"},
        ],
    )
    def test_an_invalid_filter_is_reported_not_a_500(self, moderator_client, world, comments, query):
        query = {key: str(world.hub_b.pk) if value == "HUB_B" else value for key, value in query.items()}
        response = moderator_client.get("/admin/moderation/pending/", query)
        assert response.status_code == 200
        soup = soup_of(response.content)
        alert = soup.select_one("[role=alert].error-message")
        assert alert is not None
        assert "not valid" in alert.get_text()
        field_errors = soup.select("#filters-drilldown .w-field__errors .error-message")
        assert field_errors, "the invalid field says what is wrong"
        # Ignored, so the queue shows everything it holds (and nothing of hub B).
        assert comments["hub_b"].pk not in listed(response)
        assert len(listed(response)) == 5

    @pytest.mark.parametrize("query", [{"submitted_after": "notadate"}, {"q": "x" * 5000}, {"ordering": "sideways"}])
    def test_unknown_or_oversized_parameters_are_harmless(self, moderator_client, comments, query):
        response = moderator_client.get("/admin/moderation/pending/", query)
        assert response.status_code == 200


class TestOrderAndPages:
    def test_oldest_first_by_default_newest_on_request(self, moderator_client, world):
        now = timezone.now()
        made = [
            comment(world.story_a, text=f"Comment {n}", name=f"V{n}", submit_date=now - datetime.timedelta(hours=h))
            for n, h in enumerate((3, 1, 5, 2))
        ]
        oldest_first = [c.pk for c in sorted(made, key=lambda c: c.submit_date)]
        assert listed(moderator_client.get("/admin/moderation/pending/")) == oldest_first
        assert listed(moderator_client.get("/admin/moderation/pending/", {"ordering": "submit_date"})) == oldest_first
        newest_first = moderator_client.get("/admin/moderation/pending/", {"ordering": "-submit_date"})
        assert listed(newest_first) == oldest_first[::-1]
        # The column header sorts, the Wagtail way.
        header = soup_of(newest_first.content).select_one("thead th a[href*='ordering=']")
        assert header.get_text(strip=True) == "Written"

    def test_pages_of_25_and_404_beyond(self, moderator_client, world):
        make_many(world.story_a, 30)
        first = listed(moderator_client.get("/admin/moderation/pending/"))
        second = listed(moderator_client.get("/admin/moderation/pending/", {"p": "2"}))
        assert len(first) == 25 and len(second) == 5 and not set(first) & set(second)
        # The next page keeps the filters and the order.
        filtered = moderator_client.get("/admin/moderation/pending/", {"language": "en", "ordering": "-submit_date"})
        next_link = soup_of(filtered.content).select_one("nav.pagination li.next a")["href"]
        assert listed(moderator_client.get(next_link)) == first[:5][::-1]
        for page in ("3", "999", "abc", "0", "-1"):
            assert_not_found(moderator_client, moderator_client.get("/admin/moderation/pending/", {"p": page}))


def make_many(story, count, *, state=State.HELD, prefix="Held", email_every=None):
    """``count`` comments by distinct commenters (each a first-timer, so the policy holds it)."""
    start = timezone.now() - datetime.timedelta(days=1)
    made = []
    for n in range(count):
        made.append(
            comment(
                story,
                state,
                f"{prefix} {n}",
                name=f"{prefix}{n}",
                submit_date=start + datetime.timedelta(minutes=n),
            )
        )
    return made


class TestCounts:
    def test_tabs_and_menu_count_waiting_work_in_my_hubs(self, client, world):
        story = world.story_a
        for n in range(3):
            comment(story, State.HELD, f"Held {n}", name=f"H{n}")
        comment(story, State.PUBLISHED, "Reported", name="Reported", report_count=1)
        comment(story, State.HELD, "Reported and held", name="Hidden", report_count=3)
        comment(story, State.PUBLISHED, "Any tips?", name="Asker")
        comment(story, State.REJECTED, "Rude", name="Rude")
        comment(world.story_b, State.HELD, "Hub B", name="Elsewhere")

        for role, expected in (
            ("moderator_a", {"pending": 4, "reported": 2, "needs-response": 1}),
            ("moderator_b", {"pending": 1, "reported": 0, "needs-response": 0}),
            ("superuser", {"pending": 5, "reported": 2, "needs-response": 1}),
        ):
            client.force_login(world.users[role])
            soup = soup_of(client.get("/admin/moderation/approved/").content)
            tabs = {
                tab["href"].split("/")[-2]: tab.select_one(".w-status").get_text()
                for tab in soup.select("nav.queue-tabs a")
                if tab.select_one(".w-status")
            }
            assert tabs == {slug: str(count) for slug, count in expected.items()}, role
            menu = sidebar_labels(soup)
            assert menu["moderation-pending"] == f"Pending ({expected['pending']})", role
            assert menu["moderation-reported"] == f"Reported ({expected['reported']})", role
            assert menu["moderation-needs-response"] == f"Needs response ({expected['needs-response']})", role
            assert menu["moderation-approved"] == "Approved", role


def sidebar_labels(soup):
    """{menu item name: label} from the props the admin's sidebar is rendered from."""
    props = json.loads(soup.select_one("#wagtail-sidebar-props").string)
    labels = {}

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("name"), str) and isinstance(node.get("label"), str):
                labels[node["name"]] = node["label"]
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(props)
    return labels


class TestRow:
    def test_a_row_shows_story_parent_reasons_and_history(self, moderator_client, world):
        story = world.story_a
        parent = comment(story, State.PUBLISHED, "Tomatoes need full sun and plenty of water.", name="Grace")
        # Sam's history: two published, one rejected, one spam, and this held reply.
        comment(story, State.PUBLISHED, "First", email="sam@example.org", name="Sam")
        comment(world.story_b, State.PUBLISHED, "Second, elsewhere", email="sam@example.org", name="Sam")
        comment(story, State.REJECTED, "Rude", email="sam@example.org", name="Sam")
        comment(story, State.SPAM, "Buy", email="sam@example.org", name="Sam")
        reply = comment(
            story,
            State.HELD,
            "Mine are in the shade, is that why?",
            email="sam@example.org",
            name="Sam",
            parent=parent,
            reasons=[
                {"code": "links", "message": "3 links"},
                {"code": "suspect_word", "message": "suspect word 'shade'"},
            ],
        )
        row = soup_of(moderator_client.get("/admin/moderation/pending/").content).select_one(
            f"tr[data-comment='{reply.pk}']"
        )
        assert row is not None
        where = row.select_one(".queue-row__where")
        assert where.select_one("a").get_text(strip=True) == "Seeds"
        assert world.hub_a.title in where.get_text()
        quote = row.select_one("blockquote.queue-row__parent")
        assert "In reply to Grace:" in quote.get_text()
        assert "Tomatoes need full sun" in quote.get_text()
        reasons = [li.get_text(strip=True) for li in row.select(".queue-row__reasons .w-status--label")]
        assert reasons == ["3 links", "suspect word 'shade'"]
        assert row.select_one(".queue-row__history").get_text(strip=True) == "2 approved, 2 rejected before"
        assert "Mine are in the shade" in row.select_one(".queue-row__text").get_text()
        assert row.select_one("[data-state-label]").get_text(strip=True) == "Held for review"

    def test_history_counts_one_commenter_whatever_the_capitals_of_their_address(self, moderator_client, world):
        comment(world.story_a, State.PUBLISHED, "Hello", email="Lee@Example.org", name="Lee")
        comment(world.story_b, State.SPAM, "Buy", email="lee@example.org ", name="Lee")
        comment(world.story_a, State.PUBLISHED, "Someone else", email="leo@example.org", name="Leo")
        held = comment(world.story_a, State.HELD, "Again", email="LEE@EXAMPLE.ORG", name="Lee")
        row = soup_of(moderator_client.get("/admin/moderation/pending/").content).select_one(
            f"tr[data-comment='{held.pk}']"
        )
        assert row.select_one(".queue-row__history").get_text(strip=True) == "1 approved, 1 rejected before"

    def test_a_top_level_comment_has_no_parent_excerpt(self, moderator_client, world):
        top = comment(world.story_a, State.HELD, "On its own", name="Solo")
        row = soup_of(moderator_client.get("/admin/moderation/pending/").content).select_one(
            f"tr[data-comment='{top.pk}']"
        )
        assert row.select_one("blockquote.queue-row__parent") is None
        assert row.select_one(".queue-row__history").get_text(strip=True) == "0 approved, 0 rejected before"


# ---------------------------------------------------------------------------
# Queries: the same number for 5, 25 and 50 comments waiting (a page holds 25).
# ---------------------------------------------------------------------------

# What every admin page costs, whatever it shows: the session's user, their permissions
# (user and group), their admin profile, the locales, the page and collection permissions the
# sidebar asks for, and the hubs they own (whether the Settings menu shows Webhooks). A
# superuser skips the permission queries but loads the root page.
FURNITURE_MARKERS = (
    'WHERE "auth_user"."id" = ',
    'WHERE "wagtailcore_page"."depth" = 1 ',  # a superuser's explorer starts at the root
    'WHERE "wagtailcore_page"."path" = \'0001\'',
    '"auth_permission"',
    '"wagtailusers_userprofile"',
    'FROM "wagtailcore_locale"',
    '"wagtailcore_grouppagepermission"',
    '"wagtailcore_groupcollectionpermission"',
    'ON ("communities_communityhubpage"."owners_group_id" = "auth_group"."id")',
)
EXPECTED_QUERIES = {
    # role: (whole request, of which the queue's own work)
    # the queue's own: the user's hubs, the hub filter's choices, the rows with their parents,
    # their commenters' histories, the tab counts (which the listing's count is taken from while it
    # shows the whole queue), the colleagues to assign to
    "moderator_a": (14, 6),  # furniture 8
    "superuser": (11, 6),  # furniture 5, and the home page the explorer opens on (communities.explorer)
}


def is_furniture(sql):
    return any(marker in sql for marker in FURNITURE_MARKERS) and "moderation_comment" not in sql


def queue_queries(client, path):
    client.get(path)  # warm the caches every request shares (site root paths, content types)
    with CaptureQueriesContext(connection) as context:
        response = client.get(path)
    assert response.status_code == 200
    sqls = [query["sql"] for query in context.captured_queries]
    own = [sql for sql in sqls if not is_furniture(sql)]
    return len(sqls), len(own), response


@pytest.mark.parametrize("role", ["moderator_a", "superuser"])
def test_the_pending_queue_runs_the_same_queries_for_5_25_and_50_comments(client, world, role):
    client.force_login(world.users[role])
    counts = {}
    made = 0
    for size in (5, 25, 50):
        # Every third comment is a held reply under a published one, each commenter with a history.
        while made < size:
            parent = comment(world.story_a, State.PUBLISHED, f"Parent {made}", name=f"P{made}")
            comment(
                world.story_a, State.HELD, f"Reply {made}", name=f"R{made}", parent=parent, assignee=world.colleague
            )
            made += 1
            if made < size:
                comment(world.story_a, State.HELD, f"Held {made}", name=f"H{made}")
                made += 1
        total, own, response = queue_queries(client, "/admin/moderation/pending/")
        assert len(listed(response)) == min(size, 25)
        counts[size] = (total, own)
    print(f"pending queue queries for {role} (whole request, queue's own): {counts}")
    assert counts[5] == counts[25] == counts[50]
    assert counts[5] == EXPECTED_QUERIES[role]
    assert counts[5][1] <= 6


def test_the_listing_counts_what_it_shows_filtered_or_not(moderator_client, world):
    """Unfiltered, the listing takes its count from the tab counts it shares the request with;
    filtered or searched, it counts the rows it shows."""
    for n in range(27):
        comment(world.story_a, State.HELD, f"Held {n}", name=f"H{n}")
    for n in range(2):
        comment(world.story_a, State.HELD, f"Tenu {n}", name=f"F{n}", language="fr")
    assert len(listed(moderator_client.get("/admin/moderation/pending/"))) == 25
    assert len(listed(moderator_client.get("/admin/moderation/pending/?p=2"))) == 4
    assert len(listed(moderator_client.get("/admin/moderation/pending/?language=fr"))) == 2
    assert moderator_client.get("/admin/moderation/pending/?language=fr&p=2").status_code == 404
    assert len(listed(moderator_client.get("/admin/moderation/pending/?q=Tenu"))) == 2
    assert moderator_client.get("/admin/moderation/pending/?q=Tenu&p=2").status_code == 404


class TestLog:
    def test_the_log_shows_decisions_in_my_hubs_newest_first(self, moderator_client, world):
        mine = comment(world.story_a, State.HELD, "Mine", name="Mine")
        theirs = comment(world.story_b, State.HELD, "Theirs", name="Theirs")
        moderator = world.users["moderator_a"]
        from moderation import actions

        actions.approve(mine, moderator)
        actions.reject(theirs, world.users["moderator_b"], reason="Rude")
        soup = soup_of(moderator_client.get("/admin/moderation/log/").content)
        rows = soup.select("table.listing tbody tr")
        assert [row.select_one("a[data-comment-link]")["data-comment-link"] for row in rows] == [str(mine.pk)] * 2
        assert "held → published" in rows[0].get_text()
        assert "moderator_a" in rows[0].get_text()

    @pytest.mark.parametrize("role", ["moderator_a", "superuser"])
    def test_the_log_runs_the_same_queries_however_many_comments(self, client, world, role):
        client.force_login(world.users[role])
        sizes = {}
        made = 0
        for size in (5, 50):
            while made < size:
                comment(world.story_a, State.HELD, f"Held {made}", name=f"H{made}")
                made += 1
            client.get("/admin/moderation/log/")
            with CaptureQueriesContext(connection) as context:
                response = client.get("/admin/moderation/log/")
            assert len(soup_of(response.content).select("a[data-comment-link]")) == min(size, 50)
            # Neither more queries nor longer ones: no list of every comment id of the hub.
            sizes[size] = (len(context), sum(len(query["sql"]) for query in context.captured_queries))
        print(f"log page queries for {role} (count, characters of SQL): {sizes}")
        assert sizes[5][0] == sizes[50][0]
        assert abs(sizes[50][1] - sizes[5][1]) < 20  # a digit more in an id, not 45 more ids


def test_answer_as_the_team_is_in_every_question_row(moderator_client, world):
    question = comment(world.story_a, State.PUBLISHED, "Does it grow in shade?", name="Asker")
    plain = comment(world.story_a, State.PUBLISHED, "Lovely.", name="Fan")
    soup = soup_of(moderator_client.get("/admin/moderation/approved/").content)
    row = soup.select_one(f"tr[data-comment='{question.pk}']")
    panel = row.select_one(".queue-row__main details[data-team-answer]")
    assert panel.select_one("summary").get_text(strip=True) == "Answer as the team"
    assert panel.select_one("form")["action"] == f"/admin/moderation/{question.pk}/answer/"
    assert panel.select_one("textarea[name=text]") is not None
    # Not also hidden under "More"; a comment that asks nothing keeps it there.
    assert row.select(".more-actions textarea[name=text]") == []
    other = soup.select_one(f"tr[data-comment='{plain.pk}']")
    assert other.select_one("details[data-team-answer]") is None
    assert other.select_one(".more-actions textarea[name=text]") is not None
