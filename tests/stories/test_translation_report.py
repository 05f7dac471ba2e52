"""The "Story translations" report (stories.translation_report): each story of the user's hubs,
and where each of its languages stands (missing, out of date, in review, live, draft).

As the people would: the hub's editor submits the story for translation with wagtail-localize's
form, changes the story and syncs the translations from the admin; translators publish or save
their languages; the editor sends one to the hub's review."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Locale
from wagtail.test.utils import WagtailTestUtils
from wagtail_localize.models import Translation, TranslationSource

from stories.models import StoryPage
from stories.translation_report import TranslationState
from tests.factories import CommunityHubPageFactory, StoryPageFactory, UserFactory
from tests.utils import assert_permission_denied

URL = "/admin/reports/story-translations/"
LANGUAGES = ("fr", "de", "es", "ja")  # Arabic, the site's sixth language, has no locale: missing


@pytest.fixture
def locales(hub):
    made = {}
    for code in LANGUAGES:
        made[code] = Locale.objects.create(language_code=code)
        hub.copy_for_translation(made[code], copy_parents=True).save_revision().publish()
    return made


def translated(story, code):
    return StoryPage.objects.get(translation_key=story.translation_key, locale__language_code=code)


@pytest.fixture
def translated_story(client, story, locales, editor, django_capture_on_commit_callbacks):
    """Seeds in French (live), German (draft), Spanish (in review) and Japanese (out of date)."""
    client.force_login(editor)
    submit = reverse("wagtail_localize:submit_page_translation", args=[story.pk])
    assert client.post(submit, {"locales": [locales[code].pk for code in LANGUAGES]}).status_code == 302
    # The story changes and the editor syncs its translations ("Sync translated pages").
    story.standfirst = "Start with beans."
    story.save_revision(user=editor).publish()
    source = TranslationSource.objects.get_for_instance(story)
    assert client.post(reverse("wagtail_localize:update_translations", args=[source.pk]), {}).status_code == 302
    # Translators bring three languages up to date; nobody touches Japanese.
    translations = {t.target_locale.language_code: t for t in Translation.objects.filter(source=source)}
    with django_capture_on_commit_callbacks(execute=True):  # wagtail-localize publishes on commit
        translations["fr"].save_target(publish=True)
    translations["de"].save_target(publish=False)
    translations["es"].save_target(publish=False)
    spanish = translated(story, "es")
    spanish.get_workflow().start(spanish, editor)
    return story


def cells(response):
    """{story title: (its link, {column heading: cell})} of the report's table; a language's cell
    is (state label, the state's classes, link to the translation's editor)."""
    soup = WagtailTestUtils.get_soup(response.content)
    headings = [th.get_text(" ", strip=True) for th in soup.select("table.listing thead th")]
    rows = {}
    for tr in soup.select("table.listing tbody tr"):
        title, *others = tr.select("td")
        row = {}
        for heading, td in zip(headings[1:], others, strict=True):
            tag = td.select_one(".w-status")
            if tag is None:  # the hub
                row[heading] = td.get_text(" ", strip=True)
            else:
                classes = set(tag["class"]) - {"w-status"}
                row[heading] = (tag.get_text(" ", strip=True), classes, tag.get("href"))
        rows[title.get_text(" ", strip=True)] = (title.select_one("a")["href"], row)
    return rows


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def test_each_language_of_a_story_shows_where_it_stands(client, translated_story):
    response = client.get(URL)
    assert response.status_code == 200
    link, row = cells(response)["Seeds"]
    assert link == edit_url(translated_story)
    edit = {code: edit_url(translated(translated_story, code)) for code in LANGUAGES}
    assert row == {
        "Hub": "Gardening",
        "French": ("live", {"w-status--primary", "translation-state", "translation-state--live"}, edit["fr"]),
        "German": ("draft", {"translation-state", "translation-state--draft"}, edit["de"]),
        "Spanish": ("in review", {"w-status--label", "translation-state", "translation-state--in_review"}, edit["es"]),
        "Japanese": (
            "out of date",
            {"w-status--label", "translation-state", "translation-state--out_of_date"},
            edit["ja"],
        ),
        # Arabic has no locale yet; English, the stories' own language, has no column.
        "Arabic": ("missing", {"translation-state", "translation-state--missing"}, None),
    }

    # The story changes again and nobody syncs yet: every translation is out of date.
    translated_story.title = "Seeds, revised"
    translated_story.save_revision()
    _link, row = cells(client.get(URL))["Seeds, revised"]
    assert {row[name][0] for name in ("French", "German", "Spanish", "Japanese")} == {"out of date"}


def test_a_translation_edited_by_hand_is_out_of_date_once_the_story_changes(client, story, locales, editor):
    french = story.copy_for_translation(locales["fr"])
    french.save_revision()
    client.force_login(editor)
    assert cells(client.get(URL))["Seeds"][1]["French"][0] == "draft"
    story.save_revision()
    assert cells(client.get(URL))["Seeds"][1]["French"][0] == "out of date"


def test_filters_and_the_download_say_the_same_as_the_table(client, hub, home, translated_story, editor):
    StoryPageFactory(parent=hub, title="Compost", slug="compost")  # no translation at all
    cycling = CommunityHubPageFactory(parent=home, title="Cycling", slug="cycling")
    StoryPageFactory(parent=cycling, title="Wheels", slug="wheels")
    editor.groups.add(cycling.editors_group)

    assert set(cells(client.get(URL))) == {"Compost", "Seeds", "Wheels"}
    assert set(cells(client.get(URL, {"hub": cycling.pk}))) == {"Wheels"}
    # The state filter: in any language, or in the one the language filter names.
    assert set(cells(client.get(URL, {"state": TranslationState.OUT_OF_DATE}))) == {"Seeds"}
    assert set(cells(client.get(URL, {"state": "in_review", "language": "es"}))) == {"Seeds"}
    assert set(cells(client.get(URL, {"state": "in_review", "language": "de"}))) == set()
    # One language: its column only.
    german = cells(client.get(URL, {"language": "de", "hub": hub.pk}))
    assert {title: (row["Hub"], row["German"][0], len(row)) for title, (_link, row) in german.items()} == {
        "Compost": ("Gardening", "missing", 2),
        "Seeds": ("Gardening", "draft", 2),
    }
    # Not a hub of the user's: the form refuses the choice (Wagtail then leaves the listing
    # unfiltered), and the other hub's stories stay out.
    other = CommunityHubPageFactory(parent=home, title="Photography", slug="photography")
    StoryPageFactory(parent=other, title="Lenses", slug="lenses")
    assert set(cells(client.get(URL, {"hub": other.pk}))) == {"Compost", "Seeds", "Wheels"}

    response = client.get(URL, {"export": "csv", "hub": hub.pk})
    assert response["Content-Disposition"] == 'attachment; filename="story-translations.csv"'
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows == [
        ["Story", "Hub", "French", "German", "Spanish", "Japanese", "Arabic"],
        ["Compost", "Gardening", "missing", "missing", "missing", "missing", "missing"],
        ["Seeds", "Gardening", "live", "draft", "in review", "out of date", "missing"],
    ]
    xlsx = client.get(URL, {"export": "xlsx"})
    assert xlsx.status_code == 200 and xlsx["Content-Disposition"].endswith('.xlsx"')


def menu_shows_the_report(client):
    sidebar = client.get(reverse("wagtailadmin_home")).content.decode()
    return "Story translations" in sidebar and URL in sidebar


def test_only_the_hubs_team_sees_its_stories(client, home, story, editor):
    cycling = CommunityHubPageFactory(parent=home, title="Cycling", slug="cycling")
    StoryPageFactory(parent=cycling, title="Wheels", slug="wheels")
    client.force_login(UserFactory(groups=[cycling.editors_group]))
    assert set(cells(client.get(URL))) == {"Wheels"}
    assert menu_shows_the_report(client)

    client.force_login(editor)
    assert set(cells(client.get(URL))) == {"Seeds"}
    assert set(cells(client.get(URL, {"hub": cycling.pk}))) == {"Seeds"}  # not their hub: not a choice

    # A moderator writes in no hub: no menu item, and the address refuses them.
    client.force_login(UserFactory(groups=[cycling.moderators_group]))
    assert not menu_shows_the_report(client)
    assert_permission_denied(client.get(URL))
    assert_permission_denied(client.get(reverse("stories_translation_report_results")))
    assert_permission_denied(client.get(URL, {"export": "csv"}))


def test_the_number_of_queries_does_not_grow_with_the_stories(client, hub, locales, editor):
    def add_stories(first, last):
        for n in range(first, last):
            story = StoryPageFactory(parent=hub, title=f"Story {n}", slug=f"story-{n}")
            story.save_revision().publish()
            # French through wagtail-localize, in review; German by hand, a draft.
            source, _created = TranslationSource.get_or_create_from_instance(story)
            Translation.objects.create(source=source, target_locale=locales["fr"]).save_target(publish=False)
            story.copy_for_translation(locales["de"]).save_revision()
            french = translated(story, "fr")
            french.get_workflow().start(french, editor)

    def count():
        client.get(URL)  # warm up: content types, the sidebar's caches
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL)
        assert len(cells(response)) == StoryPage.objects.filter(locale__language_code="en").count()
        return len(queries)

    client.force_login(editor)
    add_stories(0, 2)
    few = count()
    add_stories(2, 6)
    assert count() == few <= 20
