"""The queue's filters and downloads: a hub once whatever its translations, stories by title,
every reason code matched exactly, and CSV / XLSX of the moderator's own hubs only."""

import csv
import io

import pytest
from openpyxl import load_workbook
from wagtail.models import Locale
from wagtail.test.utils import WagtailTestUtils

from moderation.models import Comment
from tests.moderation.test_queues import comment, listed

State = Comment.State
soup_of = WagtailTestUtils.get_soup


@pytest.fixture(autouse=True)
def _each_test_in_a_savepoint(db):
    """The module's ``world`` keeps the database open: every test still rolls back its own changes."""


@pytest.fixture
def french_hub(world):
    french = Locale.objects.get_or_create(language_code="fr")[0]
    return world.hub_a.copy_for_translation(french, copy_parents=True)


def test_the_hub_filter_lists_a_hub_once_and_covers_its_translations(client, world, french_hub):
    client.force_login(world.users["superuser"])
    english = comment(world.story_a, State.HELD, "In English", name="En")
    french = comment(world.story_a, State.HELD, "En français", name="Fr", hub=french_hub, language="fr")
    elsewhere = comment(world.story_b, State.HELD, "Cycling", name="Bike")
    soup = soup_of(client.get("/admin/moderation/pending/").content)
    options = [(o["value"], o.get_text(strip=True)) for o in soup.select("select[name=hub] option") if o["value"]]
    assert options == [(str(world.hub_b.pk), "Cycling"), (str(world.hub_a.pk), "Gardening (EN, FR)")]
    assert listed(client.get("/admin/moderation/pending/", {"hub": world.hub_a.pk})) == [english.pk, french.pk]
    assert listed(client.get("/admin/moderation/pending/", {"hub": world.hub_b.pk})) == [elsewhere.pk]
    # The translation is not a choice of its own.
    response = client.get("/admin/moderation/pending/", {"hub": french_hub.pk})
    assert soup_of(response.content).select("[data-filters-invalid]")


@pytest.mark.parametrize("code", Comment.Reason.values)
def test_the_reason_filter_matches_each_code_exactly(mod_client, world, code):
    # Every reason the policy writes is a choice of the filter (none is written outside the enum).
    assert {"first_time", "reports", "coverage", "no_challenge"} <= set(Comment.Reason.values)
    soup = soup_of(mod_client.get("/admin/moderation/pending/").content)
    offered = [o["value"] for o in soup.select("select[name=reason] option") if o["value"]]
    assert offered == Comment.Reason.values
    wanted = comment(world.story_a, State.HELD, "Has it", name="Has", reasons=[{"code": code, "message": "x"}])
    # The code only as words of another reason's message, or as part of a longer code: no match.
    decoy = comment(
        world.story_a,
        State.HELD,
        "Mentions it",
        name="Decoy",
        reasons=[{"code": "other", "message": code}, {"code": f"{code}_extra", "message": f'"{code}"'}],
    )
    response = mod_client.get("/admin/moderation/pending/", {"reason": code})
    assert listed(response) == [wanted.pk]
    assert decoy.pk not in listed(response)


def test_story_suggestions_come_from_my_hubs_only(mod_client, world):
    answer = mod_client.get("/admin/moderation/stories/", {"q": "ee"}).json()
    assert answer == {"results": [{"id": world.story_a.pk, "title": "Seeds", "hub": "Gardening"}]}
    assert mod_client.get("/admin/moderation/stories/", {"q": "wheel"}).json() == {"results": []}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_columns_and_scope(mod_client, world, fmt):
    mine = comment(
        world.story_a, State.HELD, "Seeds please", name="Ann", reasons=[{"code": "links", "message": "3 links"}]
    )
    comment(world.story_b, State.HELD, "Not yours", name="Bob")
    response = mod_client.get("/admin/moderation/pending/", {"export": fmt})
    assert response.status_code == 200
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    else:
        sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
        rows = [["" if cell is None else str(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == [
        "Comment id",
        "State",
        "Hub",
        "Story",
        "Language",
        "Author",
        "E-mail",
        "Written",
        "Text",
        "Reasons",
        "Reports",
        "Offensive score",
        "Answer by",
        "Assigned to",
    ]
    assert len(rows) == 2, "hub B's comment is not exported"
    row = dict(zip(rows[0], rows[1], strict=True))
    assert (row["Comment id"], row["State"], row["Hub"], row["Story"]) == (
        str(mine.pk),
        "Held for review",
        "Gardening",
        "Seeds",
    )
    assert (row["Author"], row["E-mail"], row["Text"]) == ("Ann", "ann@example.org", "Seeds please")
    assert "links" in row["Reasons"].split(", ")
