"""Posting, confirming and reading comments on a story, and every refusal."""

import re

import pytest
from django.core import mail
from django.test import Client
from wagtail.test.utils import WagtailTestUtils

from moderation.models import Comment
from tests.factories import StoryPageFactory, UserFactory
from tests.stories.comment_helpers import add_comment, form_post


def soup_of(response):
    return WagtailTestUtils.get_soup(response.content)


@pytest.fixture
def story(hub):
    hub.premoderation = "first_time"
    hub.max_reply_depth = 2
    hub.save_revision().publish()
    return StoryPageFactory(parent=hub, title="Seeds", slug="seeds")


def confirm_link(message):
    return re.search(r"http://testserver(/en/comments/confirm/[^/\s]+/)", message.body).group(1)


def test_anonymous_comment_is_confirmed_by_email_then_held_as_first_time(client, story):
    response = client.post("/en/comments/post/", form_post(story, comment="First!\n\nSecond paragraph."))
    assert response.status_code == 302
    assert response["Location"] == f"/en/comments/sent/{story.pk}/"
    assert Comment.objects.count() == 0  # nothing is stored before the e-mail is confirmed
    [message] = mail.outbox
    assert message.to == ["robin@example.org"]
    assert "Seeds" in message.subject

    response = client.get(confirm_link(message))
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/gardening/seeds/?thread={comment.thread_id}#c{comment.pk}"
    assert comment.state == Comment.State.HELD
    assert comment.reasons == [{"code": "first_time", "message": "First comment from this commenter."}]
    assert comment.html == "<p>First!</p>\n<p>Second paragraph.</p>" or comment.html.count("<p>") == 2
    assert (comment.is_public, comment.is_removed) == (False, False)
    assert comment.language == "en"

    # The author's browser sees it, marked; another visitor does not.
    mine = soup_of(client.get("/en/gardening/seeds/"))
    assert "Awaiting review" in mine.select_one(f"#c{comment.pk} .badge--held").get_text()
    theirs = soup_of(Client().get("/en/gardening/seeds/"))
    assert theirs.select_one(f"#c{comment.pk}") is None

    # Opening the link again does not post twice.
    client.get(confirm_link(message))
    assert Comment.objects.count() == 1


def test_known_commenter_is_published(client, story):
    add_comment(story, email="robin@example.org", name="Robin")
    client.post("/en/comments/post/", form_post(story))
    client.get(confirm_link(mail.outbox[-1]))
    assert Comment.objects.filter(state=Comment.State.PUBLISHED).count() == 2


def test_signed_in_team_member_answers_with_badge(client, story, hub):
    from stories.models import Author

    moderator = UserFactory(groups=[hub.moderators_group], first_name="Mo", last_name="Lee")
    Author.objects.create(name="Mo Lee", role="Community manager", user=moderator)
    question = add_comment(story, "Which seeds first?")
    client.force_login(moderator)
    response = client.post("/en/comments/post/", form_post(story, comment="Tomatoes.", reply_to=str(question.pk)))
    assert response.status_code == 302
    answer = Comment.objects.get(parent_id=question.pk, level=1)
    assert (answer.state, answer.is_staff_answer, answer.staff_role) == ("published", True, "Community manager")
    assert answer.user_name == "Mo Lee" and answer.level == 1
    badge = soup_of(Client().get("/en/gardening/seeds/")).select_one(f"#c{answer.pk} .badge--team")
    assert badge.get_text(" ", strip=True) == "Team · Community manager"


def test_signed_in_visitor_is_not_team(client, story):
    client.force_login(UserFactory(email="v@example.org"))
    client.post("/en/comments/post/", form_post(story))
    comment = Comment.objects.get()
    assert not comment.is_staff_answer and comment.state == Comment.State.HELD


def refused(client, story, data, status=400, url="/en/comments/post/"):
    before = Comment.objects.count()
    response = client.post(url, data)
    assert response.status_code == status, response.content[:400]
    assert Comment.objects.count() == before
    assert mail.outbox == []
    return response


def error_text(response):
    soup = soup_of(response)
    return " ".join(e.get_text(" ", strip=True) for e in soup.select(".errorlist, [role=alert]"))


@pytest.mark.parametrize(
    "fields,message",
    [
        ({"comment": ""}, "Please write something before posting."),
        ({"comment": "   \n\t  "}, "Please write something before posting."),
        ({"comment": "x" * 5001}, "at most 5000 characters long; this one has 5001"),
        ({"email": "not-an-email"}, "Enter a valid email address."),
        ({"name": ""}, "This field is required."),
        ({"honeypot": "http://spam.example"}, "could not be posted"),
        ({"comment": "nul\x00byte"}, "Null characters are not allowed."),
        ({"security_hash": "0" * 40}, "could not be verified"),
        ({"timestamp": "1000000000"}, "could not be verified"),
        ({"timestamp": "not-a-number"}, "Enter a whole number."),
    ],
)
def test_bad_comment_input_is_refused_and_the_form_shown_again(client, story, fields, message):
    response = refused(client, story, form_post(story, **fields))
    assert message in error_text(response)
    # The visitor's text comes back (except when it was the problem), with fresh security data.
    soup = soup_of(response)
    assert soup.select_one("form.comment-form textarea[name=comment]") is not None
    assert soup.select_one("input[name=security_hash]")["value"]


def test_expired_form_keeps_the_text_and_posts_on_retry(client, story):
    import time

    from moderation.discussion.forms import StoryCommentForm

    old = StoryCommentForm(story)
    ts = str(int(time.time()) - 3 * 60 * 60)
    data = form_post(story, comment="Kept text", timestamp=ts, security_hash=old.initial_security_hash(ts))
    response = refused(client, story, data)
    assert "This form has expired" in error_text(response)
    soup = soup_of(response)
    assert soup.select_one("textarea[name=comment]").get_text() == "Kept text"
    retry = {i["name"]: i.get("value", "") for i in soup.select("form.comment-form input[name]")}
    retry["comment"] = "Kept text"
    assert client.post("/en/comments/post/", retry).status_code == 302


def test_forged_target_is_refused(client, story, hub):
    other = StoryPageFactory(parent=hub, slug="other")
    data = form_post(story, object_pk=str(other.pk))  # hash made for `story`
    assert "could not be verified" in error_text(refused(client, story, data))
    refused(client, story, form_post(story, content_type="auth.user"))
    refused(client, story, form_post(story, object_pk="abc"))
    refused(client, story, form_post(story, object_pk="999999"), status=404)


def test_reply_to_a_comment_on_another_story_is_refused(client, story, hub):
    elsewhere = add_comment(StoryPageFactory(parent=hub, slug="elsewhere"))
    response = refused(client, story, form_post(story, reply_to=str(elsewhere.pk)))
    assert "only reply to a published comment on this story" in error_text(response)


def test_reply_to_a_held_comment_is_refused(client, story):
    held = add_comment(story, state=Comment.State.HELD)
    refused(client, story, form_post(story, reply_to=str(held.pk)))


def test_newlines_count_once_towards_the_limit(client, story):
    text = ("a" * 99 + "\r\n") * 49  # 4,949 characters as typed, 4,998 as sent by a browser
    assert client.post("/en/comments/post/", form_post(story, comment=text)).status_code == 302


def test_depth_limit(client, story):
    root = add_comment(story)
    level1 = add_comment(story, parent=root)
    level2 = add_comment(story, parent=level1)
    assert client.post("/en/comments/post/", form_post(story, reply_to=str(level1.pk))).status_code == 302
    mail.outbox.clear()
    response = refused(client, story, form_post(story, reply_to=str(level2.pk)))
    assert "as deep as this community allows" in error_text(response)
    # The page offers no Reply link where replying is not allowed.
    soup = soup_of(client.get("/en/gardening/seeds/"))
    assert soup.select_one(f"#c{level1.pk} [data-reply-to]") is not None
    assert soup.select_one(f"#c{level2.pk} [data-reply-to]") is None


def test_next_pointing_elsewhere_is_refused(client, story):
    response = refused(client, story, form_post(story, next="https://evil.example/"))
    assert "not on this site" in error_text(response)
    assert client.post("/en/comments/post/", form_post(story, next="/en/gardening/")).status_code == 302


def test_invalid_utf8_body_is_handled(client, story):
    body = "&".join(f"{k}={v}" for k, v in form_post(story).items()).encode() + b"&comment=%FF%FE%FA"
    response = client.generic("POST", "/en/comments/post/", body, content_type="application/x-www-form-urlencoded")
    assert response.status_code in (302, 400)
    assert response.status_code < 500


def test_get_on_post_url_is_405(client, story):
    assert client.get("/en/comments/post/").status_code == 405


@pytest.mark.parametrize("where", ["hub", "story", "expired"])
def test_closed_threads(client, story, hub, where):
    import datetime

    if where == "hub":
        hub.comments_open = False
        hub.save_revision().publish()
    elif where == "story":
        story.comments_closed = True
        story.save_revision().publish()
    else:
        hub.close_after_days = 30
        hub.save_revision().publish()
        story.publication_date = datetime.date.today() - datetime.timedelta(days=31)
        story.save_revision().publish()
    soup = soup_of(client.get("/en/gardening/seeds/"))
    assert soup.select_one("form.comment-form") is None
    assert "Comments are closed" in soup.select_one("#comments").get_text()
    response = refused(client, story, form_post(story), status=403)
    assert "Comments are closed" in response.content.decode()
    assert client.get(f"/en/comments/write/{story.pk}/").status_code == 403


def test_confirm_link_tampered_or_for_a_closed_story(client, story, hub):
    assert client.get("/en/comments/confirm/forged-key/").status_code == 400
    client.post("/en/comments/post/", form_post(story))
    link = confirm_link(mail.outbox[0])
    hub.comments_open = False
    hub.save_revision().publish()
    assert client.get(link).status_code == 403
    assert Comment.objects.count() == 0


def test_write_page_without_javascript(client, story):
    parent = add_comment(story, "Question?")
    response = client.get(f"/en/comments/write/{story.pk}/?reply_to={parent.pk}")
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    soup = soup_of(response)
    assert soup.select_one("input[name=csrfmiddlewaretoken]")["value"]
    assert soup.select_one("input[name=reply_to]")["value"] == str(parent.pk)
    assert client.get(f"/en/comments/write/{story.pk}/?reply_to=abc").status_code == 404
    assert client.get(f"/en/comments/write/{story.pk}/?reply_to=99999").status_code == 404


def test_story_page_has_no_frozen_tokens(client, story):
    response = client.get("/en/gardening/seeds/")
    soup = soup_of(response)
    form = soup.select_one("form.comment-form")
    for name in ("csrfmiddlewaretoken", "timestamp", "security_hash"):
        assert form.select_one(f"input[name={name}]")["value"] == ""
    # The challenge's widget carries no challenge in the cached page: the page's script hands it one.
    widget = form.select_one("altcha-widget[name=altcha]")
    assert widget is not None and not widget.has_attr("challengejson") and not widget.has_attr("challengeurl")
    assert "csrftoken" not in response.cookies
    data = client.get(f"/en/comments/form-data/{story.pk}/").json()
    assert set(data) == {"csrf_token", "timestamp", "security_hash", "content_type", "object_pk", "altcha"}
    assert set(data["altcha"]) == {"algorithm", "challenge", "maxnumber", "salt", "signature"}


def test_like_once_per_visitor_and_unlike(client, story):
    comment = add_comment(story)
    url = f"/en/comments/like/{comment.pk}/"
    assert client.post(url, HTTP_ACCEPT="application/json").json() == {"liked": True, "likes": 1}
    # A fresh session from the same address is the same visitor: its click takes the like back.
    assert Client().post(url, HTTP_ACCEPT="application/json").json() == {"liked": False, "likes": 0}
    assert client.post(url, HTTP_ACCEPT="application/json").json() == {"liked": True, "likes": 1}
    other = Client(REMOTE_ADDR="198.51.100.2")  # another address: another visitor
    assert other.post(url, HTTP_ACCEPT="application/json").json() == {"liked": True, "likes": 2}
    assert client.post(url, HTTP_ACCEPT="application/json").json() == {"liked": False, "likes": 1}
    assert client.get(url).status_code == 200  # the no-JavaScript confirmation page


def test_report_with_reason(client, story):
    comment = add_comment(story)
    url = f"/en/comments/report/{comment.pk}/"
    assert client.post(url, {"reason": "nonsense"}).status_code == 400
    assert client.post(url, {"reason": "spam", "note": "link farm"}).status_code == 200
    client.post(url, {"reason": "abusive"})  # the same visitor again: still one report
    Client().post(url, {"reason": "abusive"})  # a fresh session from the same address: the same visitor
    comment.refresh_from_db()
    assert comment.report_count == 1
    assert comment.visitor_reports.get().reason == "spam"


@pytest.mark.parametrize("action", ["like", "report"])
def test_reacting_to_missing_or_hidden_comments_is_404(client, story, action):
    held = add_comment(story, state=Comment.State.HELD)
    assert client.post(f"/en/comments/{action}/999999/", {"reason": "spam"}).status_code == 404
    assert client.post(f"/en/comments/{action}/{held.pk}/", {"reason": "spam"}).status_code == 404
    held.refresh_from_db()
    assert (held.like_count, held.report_count) == (0, 0)


def test_follow_up_email_with_one_click_mute(client, story, django_capture_on_commit_callbacks):
    question = add_comment(story, "Which seeds?", name="Ana", email="ana@example.org", followup=True)
    with django_capture_on_commit_callbacks(execute=True):
        add_comment(story, "Me too", name="Ben", email="ben@example.org", followup=False, parent=question)
    assert [m.to for m in mail.outbox] == [["ana@example.org"]]
    body = mail.outbox[0].body
    assert "Ben replied" in body and "Me too" in body
    mute = re.search(r"http://testserver(/en/comments/mute/[^/\s]+/)", body).group(1)
    assert client.get(mute).status_code == 200
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        add_comment(story, "Again", name="Cy", email="cy@example.org", parent=question)
    assert mail.outbox == []
    assert client.get("/en/comments/mute/forged/").status_code == 400


def test_permalink_shows_the_whole_thread(client, story):
    root = add_comment(story, "Root")
    replies = [add_comment(story, f"Reply {n}", parent=root) for n in range(5)]
    response = client.get(f"/en/comments/c/{replies[-1].pk}/")
    assert response.status_code == 302
    soup = soup_of(client.get(response["Location"]))
    assert len(soup.select("#comments article.comment")) == 6
    assert client.get("/en/comments/c/999999/").status_code == 404


@pytest.mark.parametrize("number", ["2", "0", "-1", "abc", "99999999999999999999999999", "1e3", "٣"])
def test_a_page_of_comments_that_does_not_exist_is_404(client, story, number):
    add_comment(story, "The only thread")
    assert client.get(story.url).status_code == 200
    response = client.get(story.url, {"comments_page": number})
    assert response.status_code == 404


def test_every_page_of_comments_that_exists_is_there(client, story):
    from moderation.discussion.thread import THREADS_PER_PAGE

    for made in range(THREADS_PER_PAGE + 1):
        add_comment(story, f"Thread {made}")
    assert client.get(story.url, {"comments_page": "1"}).status_code == 200
    last = client.get(story.url, {"comments_page": "2"})
    assert last.status_code == 200 and f"Thread {THREADS_PER_PAGE}" in last.content.decode()
    assert client.get(story.url, {"comments_page": "3"}).status_code == 404
