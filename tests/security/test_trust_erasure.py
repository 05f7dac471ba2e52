"""Trust, erasure: an erasure lasts and keeps threads whole.

As a hostile visitor would after a privacy request: the erased commenter opens their old
confirmation links again (used ones and one never opened), hoping to bring back their comments,
name, e-mail and address. And as a reader would: the team's replies under the erased comments
stay on the story page, their permalinks lead to them, and public search finds them but not the
erased text. Through HTTP (the comment form, the e-mail's links, the admin's erase page, the
story page, permalinks and the search page), with the database search backend.
"""

import re

import pytest
from django.core import mail
from django.test import Client
from wagtail.test.utils import WagtailTestUtils

from moderation import actions
from moderation.models import Comment
from search import backends
from tests.factories import StoryPageFactory, UserFactory
from tests.stories.comment_helpers import form_post

CONFIRM_LINK = re.compile(r"http://testserver(/en/comments/confirm/[^/\s]+/)")
EMAIL = "robin@example.org"
ADDRESS = "203.0.113.9"
# Each text is one word search can find on its own.
ERASED = ["Compost", "Beetroot", "Rhubarb", "Parsnip"]  # the last one is never confirmed
REPLIED = ERASED[:2]  # the team answers these two


@pytest.fixture
def database_search(settings):
    settings.ELASTICSEARCH_URL = None
    backends._backends.clear()
    yield backends.get_backend()
    backends._backends.clear()


@pytest.fixture
def story(hub, database_search, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        hub.save_revision().publish()
        story = StoryPageFactory(parent=hub, title="Seeds", slug="seeds")
        story.save_revision().publish()
    return story


def soup(response):
    return WagtailTestUtils.get_soup(response.content)


def search_hits(client, text):
    """The comment anchors the public search page links to for ``text``."""
    page = soup(client.get("/en/search/", {"q": text}))
    return {link["href"].rpartition("#")[2] for link in page.select(".search-result__title a")}


def test_erasure_lasts_and_keeps_threads_whole(story, client, django_capture_on_commit_callbacks, report_figure):
    guest = Client()
    team = UserFactory(is_superuser=True, first_name="Garden", last_name="Team")
    links = {}
    with django_capture_on_commit_callbacks(execute=True):
        for text in ERASED:
            response = guest.post(
                "/en/comments/post/", form_post(story, comment=f"{text} thoughts from Robin."), REMOTE_ADDR=ADDRESS
            )
            assert response.status_code == 302
            links[text] = CONFIRM_LINK.search(mail.outbox[-1].body).group(1)
        for text in ERASED[:-1]:
            assert guest.get(links[text]).status_code == 302
        mine = {text: Comment.objects.get(comment__startswith=text) for text in ERASED[:-1]}
        for comment in mine.values():
            if not comment.is_published:
                actions.approve(comment, team)
        replies = {}
        for text in REPLIED:
            reply = actions.answer_as_team(mine[text], team, f"Thanks! Our {text.lower()}answer: mulch generously.")
            if not reply.is_published:
                actions.approve(reply, team)
            replies[text] = reply
    reader = Client()
    assert {f"c{reply.pk}" for reply in replies.values()} <= search_hits(reader, "mulch")
    assert f"c{mine['Compost'].pk}" in search_hits(reader, "compost")

    # The privacy request.
    admin = Client()
    admin.force_login(team)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post("/admin/moderation/erase/", {"email": EMAIL.upper(), "confirm": "on"})
    assert response.status_code == 302

    # The erased commenter reopens every old link, twice, from two browsers.
    reopened = undone = 0
    for text in ERASED:
        for browser in (guest, Client()):
            with django_capture_on_commit_callbacks(execute=True):
                response = browser.get(links[text])
            reopened += 1
            assert response.status_code == 410, text
            assert "no longer valid" in soup(response).get_text()
            undone += Comment.objects.filter(user_email__iexact=EMAIL).exists()
            undone += Comment.objects.filter(user_name="Robin").exists()
            undone += Comment.objects.filter(ip_address=ADDRESS).exists()
            undone += Comment.objects.filter(comment__icontains="thoughts from Robin").exists()
    assert reopened == 2 * len(ERASED) == 8
    assert undone == 0

    # The team's replies stay where they were, under "removed at the author's request".
    page = soup(reader.get("/en/gardening/seeds/"))
    shown = 0
    for text, reply in replies.items():
        tombstone = page.select_one(f"#c{mine[text].pk}")
        assert tombstone is not None and "Removed at the author's request" in tombstone.get_text()
        assert "Robin" not in tombstone.get_text() and text not in tombstone.get_text()
        assert page.select_one(f"#c{reply.pk}") is not None
        permalink = reader.get(f"/en/comments/c/{reply.pk}/", follow=True)
        assert permalink.status_code == 200
        shown += soup(permalink).select_one(f"#c{reply.pk}") is not None
    assert "Robin" not in page.get_text()
    # The replies are counted; the tombstones are not.
    assert page.select_one("#comments-heading").get_text().split() == ["2", "comments"]

    # Public search finds the replies, and none of the erased text.
    assert {f"c{reply.pk}" for reply in replies.values()} <= search_hits(reader, "mulch")
    for text in ERASED:
        assert search_hits(reader, text.lower()) - {f"c{reply.pk}" for reply in replies.values()} == set(), text

    assert shown == len(replies) == 2
    report_figure(
        f"trust, erasure: {reopened} old links reopened after erasure, {undone} erasures undone; "
        f"{len(replies)} replies under erased comments, {shown} still shown"
    )
