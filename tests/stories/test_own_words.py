"""Visitors own their words: edit within 15 minutes (checked by the policy again, history kept for
moderators) and delete at any time (a tombstone), signed in or through the guest's e-mail link."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from wagtail.test.utils import WagtailTestUtils

from moderation.models import Comment, CommentEdit, ConfirmationKey, WordList
from tests.factories import StoryPageFactory, UserFactory
from tests.stories.comment_helpers import add_comment, form_post

State = Comment.State
CONFIRM_LINK = re.compile(r"http://testserver(/en/comments/confirm/[^/\s]+/)")
OWN_LINK = re.compile(r"http://testserver(/en/comments/own/[^/\s]+/)")


def soup_of(response):
    return WagtailTestUtils.get_soup(response.content)


@pytest.fixture
def story(hub):
    hub.premoderation = "flagged"
    hub.save_revision().publish()
    return StoryPageFactory(parent=hub, title="Seeds", slug="seeds")


@pytest.fixture
def author(story):
    return UserFactory(first_name="Robin", email="robin@example.org")


@pytest.fixture
def published(story, author):
    comment = add_comment(story, "Tomatoes like sun.", user=author, name="Robin", email=author.email)
    assert comment.state == State.PUBLISHED
    return comment


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def mine(comment):
    return f"/en/comments/mine/{comment.pk}/"


def test_a_signed_in_author_edits_within_the_window_and_moderators_see_the_earlier_text(
    story, author, published, django_capture_on_commit_callbacks
):
    client = signed_in(author)
    page = soup_of(client.get(story.url))
    assert page.select_one(f"#c{published.pk} a[data-own-words]")["href"] == mine(published)
    assert soup_of(Client().get(story.url)).select_one("a[data-own-words]") is None

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(mine(published), {"action": "edit", "comment": "Tomatoes love full sun."})
    assert response.status_code == 302
    row = Comment.objects.get(pk=published.pk)
    assert (row.comment, row.state) == ("Tomatoes love full sun.", State.PUBLISHED)
    assert "full sun" in row.html
    [edit] = CommentEdit.objects.filter(comment=published)
    assert (edit.previous_text, edit.new_state) == ("Tomatoes like sun.", State.PUBLISHED)
    assert "Tomatoes love full sun." in soup_of(Client().get(story.url)).select_one(f"#c{published.pk}").get_text()

    admin = signed_in(UserFactory(is_superuser=True))
    history = soup_of(admin.get(f"/admin/moderation/{published.pk}/"))
    assert "Tomatoes like sun." in history.select_one("[data-comment-edits]").get_text()


def test_an_edit_is_checked_by_the_policy_again_and_may_be_held(story, author, published):
    WordList.objects.create(name="Suspect", language="en", action=WordList.Action.HOLD, words="casino")
    response = signed_in(author).post(mine(published), {"action": "edit", "comment": "Visit my casino."})
    assert response.status_code == 302
    row = Comment.objects.get(pk=published.pk)
    assert row.state == State.HELD
    assert [reason["code"] for reason in row.reasons] == ["suspect_word"]
    assert CommentEdit.objects.get(comment=published).new_state == State.HELD
    assert soup_of(Client().get(story.url)).select_one(f"#c{published.pk}") is None


def test_an_edit_after_the_window_is_refused_with_the_text_shown_back(story, author, published):
    Comment.objects.filter(pk=published.pk).update(submit_date=timezone.now() - timedelta(minutes=16))
    client = signed_in(author)
    assert soup_of(client.get(mine(published))).select_one("[data-own-words-edit] button") is None
    response = client.post(mine(published), {"action": "edit", "comment": "A long considered rewrite."})
    assert response.status_code == 403
    page = soup_of(response)
    assert "15 minutes" in page.select_one("[data-own-words-message]").get_text()
    assert page.select_one("textarea[name=comment]").get_text() == "A long considered rewrite."
    assert Comment.objects.get(pk=published.pk).comment == "Tomatoes like sun."
    assert not CommentEdit.objects.exists()


def test_an_empty_or_too_long_edit_is_refused_and_kept(author, published):
    client = signed_in(author)
    assert client.post(mine(published), {"action": "edit", "comment": "   "}).status_code == 400
    response = client.post(mine(published), {"action": "edit", "comment": "x" * 6000})
    assert response.status_code == 400
    assert len(soup_of(response).select_one("textarea[name=comment]").get_text()) == 6000
    assert Comment.objects.get(pk=published.pk).comment == "Tomatoes like sun."


def test_someone_elses_comment_is_not_found(story, published):
    for client in (Client(), signed_in(UserFactory())):
        assert client.get(mine(published)).status_code == 404
        assert client.post(mine(published), {"action": "delete"}).status_code == 404
        assert client.post(mine(published), {"action": "edit", "comment": "Hijacked"}).status_code == 404
    assert Comment.objects.get(pk=published.pk).state == State.PUBLISHED
    assert Client().get("/en/comments/own/forged-token/").status_code == 404


def test_a_signed_in_author_deletes_at_any_time_and_replies_stay(story, author, published):
    Comment.objects.filter(pk=published.pk).update(submit_date=timezone.now() - timedelta(days=30))
    reply = add_comment(story, "Mine too!", parent=published, name="Sam")
    client = signed_in(author)
    response = client.post(mine(published), {"action": "delete"})
    assert response.status_code == 302
    row = Comment.objects.get(pk=published.pk)
    assert (row.state, row.removal, row.comment, row.user_id) == (State.REMOVED, "author", "", None)
    page = soup_of(Client().get(story.url))
    assert "Removed at the author's request" in page.select_one(f"#c{published.pk}").get_text()
    assert page.select_one(f"#c{reply.pk}") is not None
    # Replayed: the comment is gone.
    assert client.post(mine(published), {"action": "delete"}).status_code == 410
    assert client.post(mine(published), {"action": "edit", "comment": "Back!"}).status_code == 410


def test_a_guest_edits_and_deletes_through_the_link_of_the_confirmation_email(story):
    guest = Client()
    assert guest.post("/en/comments/post/", form_post(story, comment="Guest words.")).status_code == 302
    [message] = mail.outbox
    own = OWN_LINK.search(message.body).group(1)
    assert guest.get(own).status_code == 409  # not confirmed yet
    assert guest.get(CONFIRM_LINK.search(message.body).group(1)).status_code == 302
    comment = Comment.objects.get(comment="Guest words.")

    other = Client()  # the link is all it takes, from any browser
    assert other.get(own).status_code == 200
    assert other.post(own, {"action": "edit", "comment": "Guest words, corrected."}).status_code == 302
    assert Comment.objects.get(pk=comment.pk).comment == "Guest words, corrected."

    ConfirmationKey.objects.update(used_at=timezone.now() - timedelta(minutes=20))
    response = other.post(own, {"action": "edit", "comment": "Too late."})
    assert response.status_code == 403
    assert soup_of(response).select_one("textarea[name=comment]").get_text() == "Too late."

    assert other.post(own, {"action": "delete"}).status_code == 302
    assert not Comment.objects.filter(comment__icontains="guest words").exists()
    # Replayed delete link, and the confirmation link after the deletion.
    assert other.post(own, {"action": "delete"}).status_code == 410
    assert other.get(own).status_code == 410
    assert guest.get(CONFIRM_LINK.search(message.body).group(1)).status_code == 410
    assert not Comment.objects.filter(comment__icontains="guest words").exists()


def test_an_own_words_link_for_another_guests_comment_cannot_be_made(story):
    Client().post("/en/comments/post/", form_post(story, comment="First guest."))
    own = OWN_LINK.search(mail.outbox[-1].body).group(1)
    token = own.rstrip("/").rpartition("/")[2]
    value, _sep, signature = token.rpartition(":")
    tampered = f"/en/comments/own/{value[:-2]}xx:{signature}/"
    assert Client().get(tampered).status_code == 404
