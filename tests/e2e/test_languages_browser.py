"""A visitor reads a story in French, comments in French and finds the comment only in the French thread."""

import re

from django.core import mail
from playwright.sync_api import expect

from moderation import lifecycle
from moderation.models import Comment
from stories.models import StoryPage

STORY_SLUG = "five-rituals-distributed-team"
EN_PATH = f"/en/workshifting/{STORY_SLUG}/"
FR_PATH = f"/fr/workshifting/{STORY_SLUG}/"
FR_TITLE = "Cinq rituels qui rapprochent une équipe répartie"
# French catalogue (locale/fr/LC_MESSAGES/django.po) strings for the comment form.
FR_COMMENT, FR_NAME, FR_EMAIL = "Votre commentaire", "Nom", "E-mail"
FR_POST, FR_SENT, FR_HELD = (
    "Publier le commentaire",
    "Consultez vos e-mails",
    "En attente de modération — visible uniquement par vous",
)
CONFIRM_LINK = re.compile(r"^(http://\S+/fr/comments/confirm/\S+/)$", re.MULTILINE)
VISITOR = "camille@example.net"


def switch_to(page, code, name):
    switcher = page.locator("nav.language-switcher")
    expect(switcher.locator("a[aria-current=true]")).to_have_count(1)
    link = switcher.locator(f'a[hreflang="{code}"]')
    expect(link).to_have_text(name)
    link.click()


def test_switch_to_french_comment_in_french_and_back(page, new_page, live_demo, live_server):
    story_en = StoryPage.objects.get(slug=STORY_SLUG, locale__language_code="en")
    story_fr = StoryPage.objects.get(slug=STORY_SLUG, locale__language_code="fr")
    assert story_fr.title == FR_TITLE

    # The switcher lists the story's languages and takes the visitor to the French translation.
    page.goto(EN_PATH)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    switcher = page.locator("nav.language-switcher")
    expect(switcher.locator("a[hreflang]")).to_have_count(6)
    for code in ("en", "fr", "de", "es", "ja", "ar"):
        expect(switcher.locator(f'a[hreflang="{code}"]')).to_have_count(1)
    expect(switcher.locator("a[aria-current=true]")).to_have_attribute("hreflang", "en")
    switch_to(page, "fr", "français")
    expect(page).to_have_url(f"{live_server.url}{FR_PATH}")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1)).to_have_text(FR_TITLE)
    expect(page.locator("nav.language-switcher a[aria-current=true]")).to_have_attribute("hreflang", "fr")

    # The form (shown once the script has fetched its tokens) speaks French.
    expect(page.get_by_label(FR_COMMENT)).to_be_visible()
    page.get_by_label(FR_COMMENT).fill("Nous faisons aussi une démo chaque vendredi.")
    page.get_by_label(FR_NAME, exact=True).fill("Camille Roux")
    page.get_by_label(FR_EMAIL, exact=True).fill(VISITOR)
    page.get_by_role("button", name=FR_POST).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(FR_SENT)

    [confirmation] = [message for message in mail.outbox if VISITOR in message.to]
    match = CONFIRM_LINK.search(confirmation.body)
    assert match, confirmation.body
    assert match[1].startswith(live_server.url), (match[1], live_server.url)
    page.goto(match[1])

    comment = Comment.objects.get(user_email=VISITOR)
    assert (comment.language, comment.page_id, comment.state) == ("fr", story_fr.pk, Comment.State.HELD)
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    mine = page.locator(f"#c{comment.pk}")
    expect(mine).to_contain_text("Nous faisons aussi une démo chaque vendredi.")
    expect(mine.locator(".badge--held")).to_have_text(FR_HELD)

    assert lifecycle.set_state(comment, Comment.State.PUBLISHED)
    french_count = Comment.objects.published().filter(page=story_fr).count()
    assert french_count >= 1

    # Back in English the French comment is not in the thread, only counted in a link to the French page.
    page.goto(FR_PATH)
    switch_to(page, "en", "English")
    expect(page).to_have_url(f"{live_server.url}{EN_PATH}")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text(story_en.title)
    expect(page.get_by_label("Your comment")).to_be_visible()
    expect(page.locator(f"#c{comment.pk}")).to_have_count(0)
    elsewhere = page.locator(".other-languages a")
    label = "1 comment in French" if french_count == 1 else f"{french_count} comments in French"
    expect(elsewhere).to_have_text([label])
    expect(elsewhere).to_have_attribute("href", f"{live_server.url}{FR_PATH}#comments")
    expect(elsewhere).to_have_attribute("hreflang", "fr")

    # A reader in another browser sees it on the French page, published (no badge).
    reader = new_page()
    reader.goto(FR_PATH)
    expect(reader.get_by_role("heading", level=1)).to_have_text(FR_TITLE)
    theirs = reader.locator(f"#c{comment.pk}")
    expect(theirs).to_contain_text("Nous faisons aussi une démo chaque vendredi.")
    expect(theirs.locator(".badge--held")).to_have_count(0)

    # Arabic pages are laid out right to left.
    reader.goto("/ar/")
    expect(reader.locator("html")).to_have_attribute("lang", "ar")
    expect(reader.locator("html")).to_have_attribute("dir", "rtl")
