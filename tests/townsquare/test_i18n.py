"""Six languages: routing, catalogues, hreflang, the language switcher, right-to-left, comments per language."""

from pathlib import Path

import polib
import pytest
from django.conf import settings
from wagtail.test.utils import WagtailTestUtils

from moderation.models import Comment
from stories.models import StoryPage
from tests.stories.comment_helpers import add_comment

LOCALE_DIR = Path(settings.LOCALE_PATHS[0])


def soup_of(response):
    return WagtailTestUtils.get_soup(response.content)


@pytest.mark.parametrize("code", [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE])
def test_catalogue_is_complete(code):
    """Fails when any interface string of a language is untranslated or fuzzy."""
    catalogue = polib.pofile(str(LOCALE_DIR / code / "LC_MESSAGES" / "django.po"))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert not untranslated, f"{len(untranslated)} untranslated in {code}: {untranslated[:5]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy in {code}: {fuzzy[:5]}"
    assert len(catalogue) > 300


@pytest.mark.parametrize(
    "header,expected", [("fr-FR,fr;q=0.9", "/fr/"), ("de", "/de/"), ("ar,en;q=0.5", "/ar/"), ("xx", "/en/")]
)
def test_root_follows_accept_language(client, shared_demo, db, header, expected):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=header)
    assert response.status_code == 302 and response["Location"] == expected


@pytest.mark.parametrize("path", ["/xx/", "/pt/workshifting/", "/zz-yy/anything/"])
def test_unknown_language_prefix_is_a_404_in_the_default_language(client, shared_demo, db, path):
    response = client.get(path)
    assert response.status_code == 404
    assert soup_of(response).html["lang"] == "en"


def test_pages_in_every_language_and_rtl(client, shared_demo, db):
    for code, _name in settings.LANGUAGES:
        response = client.get(f"/{code}/")
        assert response.status_code == 200, code
        html = soup_of(response).html
        assert html["lang"] == code
        assert html["dir"] == ("rtl" if code == "ar" else "ltr")
    # The interface is translated, not only the content.
    assert soup_of(client.get("/fr/")).select_one("#hubs-heading").get_text(strip=True) == "Communautés"


def test_hreflang_canonical_and_switcher(client, shared_demo, db):
    soup = soup_of(client.get("/fr/workshifting/five-rituals-distributed-team/"))
    alternates = {link["hreflang"]: link["href"] for link in soup.select('link[rel="alternate"][hreflang]')}
    assert set(alternates) == {"en", "fr", "de", "es", "ja", "ar", "x-default"}
    assert (
        alternates["x-default"]
        == alternates["en"]
        == "http://testserver/en/workshifting/five-rituals-distributed-team/"
    )
    canonical = soup.select_one('link[rel="canonical"]')["href"]
    assert canonical == "http://testserver/fr/workshifting/five-rituals-distributed-team/"
    switcher = [a["hreflang"] for a in soup.select(".language-switcher a")]
    assert switcher == ["en", "fr", "de", "es", "ja", "ar"]
    assert soup.select_one('.language-switcher [aria-current="true"]')["hreflang"] == "fr"

    # Only translations that exist are listed: this story is in English alone.
    soup = soup_of(client.get("/en/workshifting/async-by-default/"))
    assert soup.select('link[rel="alternate"][hreflang]') == []
    assert soup.select_one(".language-switcher") is None


def test_local_only_hub(client, shared_demo, db):
    assert client.get("/fr/velotaf-lyon/").status_code == 200
    assert client.get("/en/velotaf-lyon/").status_code == 404
    french_hubs = [a.get_text(strip=True) for a in soup_of(client.get("/fr/")).select(".hub-card .card__title a")]
    english_hubs = [a.get_text(strip=True) for a in soup_of(client.get("/en/")).select(".hub-card .card__title a")]
    assert "Vélotaf Lyon" in french_hubs and "Vélotaf Lyon" not in english_hubs
    soup = soup_of(client.get("/fr/velotaf-lyon/"))
    assert soup.select_one(".language-switcher") is None  # nothing else to switch to


def test_comments_belong_to_the_translation_read(client, shared_demo, db):
    english = StoryPage.objects.get(slug="async-by-default", locale__language_code="en")
    french_story = StoryPage.objects.get(slug="five-rituals-distributed-team", locale__language_code="fr")
    comment = add_comment(french_story, "Très juste !", name="Chloé")
    assert comment.language == "fr"
    english_story = StoryPage.objects.get(slug="five-rituals-distributed-team", locale__language_code="en")
    soup = soup_of(client.get("/en/workshifting/five-rituals-distributed-team/"))
    assert soup.select_one(f"#c{comment.pk}") is None
    assert soup.select_one(".other-languages a").get_text(" ", strip=True) == "1 comment in French"
    assert Comment.objects.filter(page=english_story, language="en").exists()
    assert english.pk != french_story.pk
