"""The comment form's proof-of-work challenge, and long comments.

A valid solution posts, however soon after the form was handed out; a post without one (no
JavaScript) is held for review, never refused; a replayed, expired or forged solution is refused
with a 400 and the visitor's text shown again. A comment over the limit is refused whole, never cut.
"""

import base64
import datetime
import json
import re
import time
from pathlib import Path

import altcha
import pytest
from django.contrib.staticfiles import finders
from django.core import checks, mail, signing
from django.test import Client
from django.utils import timezone
from wagtail.test.utils import WagtailTestUtils

from moderation.discussion.confirmation import CONFIRM_SALT
from moderation.discussion.forms import StoryCommentForm
from moderation.models import Comment
from moderation.sanitize import MAX_LENGTH
from tests.factories import StoryPageFactory, UserFactory
from tests.stories.comment_helpers import form_post
from townsquare import challenge

POST_URL = "/en/comments/post/"


def soup_of(response):
    return WagtailTestUtils.get_soup(response.content)


@pytest.fixture
def story(hub):
    hub.premoderation = "flagged"  # nothing held but what the rules flag
    hub.save_revision().publish()
    return StoryPageFactory(parent=hub, title="Seeds", slug="seeds")


@pytest.fixture
def visitor(client):
    user = UserFactory(email="sam@example.org")
    client.force_login(user)
    return user


def expired_solution():
    """A solution of a genuine challenge (our key) that expired a minute ago."""
    made = altcha.create_challenge_v1(
        algorithm="SHA-256",
        max_number=1000,
        salt_length=12,
        hmac_key=challenge._key(),
        salt="",
        number=None,
        expires=timezone.now() - datetime.timedelta(minutes=1),
        params=None,
    )
    return challenge.solve(made.to_dict() | {"maxnumber": made.max_number})


def forged_solutions():
    """Solutions nobody could have been handed out, each refused as forged."""
    genuine = json.loads(base64.b64decode(challenge.solve(challenge.create())))
    other_key = altcha.create_challenge_v1(
        algorithm="SHA-256",
        max_number=1000,
        salt_length=12,
        hmac_key="a key that is not ours",
        salt="",
        number=None,
        expires=timezone.now() + datetime.timedelta(hours=1),
        params=None,
    )

    def encode(payload):
        return base64.b64encode(json.dumps(payload).encode()).decode()

    return {
        "other key": challenge.solve(other_key.to_dict() | {"maxnumber": other_key.max_number}),
        "wrong number": encode(genuine | {"number": genuine["number"] + 1}),
        "salt changed": encode(genuine | {"salt": genuine["salt"].replace("expires=", "expires=9")}),
        "signature changed": encode(genuine | {"signature": "0" * 64}),
        "other algorithm": encode(genuine | {"algorithm": "SHA-1"}),
        "number as text": encode(genuine | {"number": str(genuine["number"])}),
        "field missing": encode({k: v for k, v in genuine.items() if k != "signature"}),
        "not an object": encode([genuine]),
        "not base64": "not base64 at all!",
        "not ascii": "é" * 10,
    }


def refused_with_text_kept(client, data, message):
    before = Comment.objects.count()
    response = client.post(POST_URL, data)
    assert response.status_code == 400, response.content[:400]
    assert Comment.objects.count() == before and mail.outbox == []
    soup = soup_of(response)
    assert message in " ".join(e.get_text(" ", strip=True) for e in soup.select(".errorlist, [role=alert]"))
    assert soup.select_one("textarea[name=comment]").get_text() == data["comment"]
    # A fresh challenge for the next try, and no solution carried over.
    form = soup.select_one("form.comment-form")
    assert set(json.loads(form["data-altcha-challenge"])) == {
        "algorithm",
        "challenge",
        "maxnumber",
        "salt",
        "signature",
    }
    assert form.select_one("input[name=altcha]") is None  # the widget adds its field, empty until solved
    assert form.select_one("altcha-widget[name=altcha]")["workerurl"] == "/static/vendor/altcha/worker.js"
    return response


def test_a_valid_solution_posts_and_is_published(client, story, visitor):
    response = client.post(POST_URL, form_post(story, comment="Solved."))
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert (comment.state, comment.reasons, comment.comment) == (Comment.State.PUBLISHED, [], "Solved.")


def test_the_three_second_rule_is_gone_an_immediate_post_is_accepted(client, story, visitor):
    data = client.get(f"/en/comments/form-data/{story.pk}/").json()
    assert abs(int(data["timestamp"]) - time.time()) < 5
    post = form_post(
        story,
        comment="Typed and posted at once.",
        timestamp=data["timestamp"],
        security_hash=data["security_hash"],
        altcha=challenge.solve(data["altcha"]),
    )
    assert client.post(POST_URL, post).status_code == 302
    assert Comment.objects.get().state == Comment.State.PUBLISHED


def test_a_guest_with_a_valid_solution_is_published_once_confirmed(client, story):
    response = client.post(POST_URL, form_post(story, comment="From a guest."))
    assert response.status_code == 302
    key = re.search(r"/en/comments/confirm/([^/\s]+)/", mail.outbox[-1].body).group(1)
    assert "unchallenged" not in signing.loads(key, salt=CONFIRM_SALT)
    client.get(f"/en/comments/confirm/{key}/")
    assert Comment.objects.get().state == Comment.State.PUBLISHED


def test_a_signed_in_post_without_a_solution_is_held_with_the_reason_and_the_visitor_told(client, story, visitor):
    response = client.post(POST_URL, form_post(story, comment="No JavaScript here.", altcha=""), follow=True)
    assert response.status_code == 200
    comment = Comment.objects.get()
    assert comment.state == Comment.State.HELD
    assert [reason["code"] for reason in comment.reasons] == [Comment.Reason.NO_CHALLENGE]
    assert comment.comment == "No JavaScript here."
    assert (
        "a moderator will read your comment before it appears" in soup_of(response).select_one(".messages").get_text()
    )


def test_a_guest_post_without_a_solution_is_sent_for_confirmation_marked_and_the_visitor_told(client, story):
    response = client.post(POST_URL, form_post(story, comment="No JavaScript here.", altcha=""), follow=True)
    assert response.status_code == 200
    assert (
        "a moderator will read your comment before it appears" in soup_of(response).select_one(".messages").get_text()
    )
    key = re.search(r"/en/comments/confirm/([^/\s]+)/", mail.outbox[-1].body).group(1)
    assert signing.loads(key, salt=CONFIRM_SALT)["unchallenged"] is True


def test_a_guest_post_without_a_solution_is_held_with_the_reason_once_confirmed(client, story):
    client.post(POST_URL, form_post(story, comment="No JavaScript here.", altcha=""))
    key = re.search(r"/en/comments/confirm/([^/\s]+)/", mail.outbox[-1].body).group(1)
    client.get(f"/en/comments/confirm/{key}/")
    comment = Comment.objects.get()
    assert comment.state == Comment.State.HELD
    assert [reason["code"] for reason in comment.reasons] == [Comment.Reason.NO_CHALLENGE]


def test_the_write_page_hands_out_a_fresh_challenge(client, story):
    first, second = (
        json.loads(
            soup_of(client.get(f"/en/comments/write/{story.pk}/")).select_one("form.comment-form")[
                "data-altcha-challenge"
            ]
        )
        for _ in range(2)
    )
    assert first["signature"] != second["signature"]
    assert challenge.verify(challenge.solve(first))


def test_a_replayed_solution_is_refused_with_the_text_kept(client, story, visitor):
    solution = challenge.solve(challenge.create())
    assert client.post(POST_URL, form_post(story, comment="Once.", altcha=solution)).status_code == 302
    refused_with_text_kept(
        client, form_post(story, comment="Twice with the same solution.", altcha=solution), "already used"
    )
    # Replayed from another browser too.
    other = Client()
    refused_with_text_kept(other, form_post(story, comment="From elsewhere.", altcha=solution), "already used")
    assert Comment.objects.count() == 1


def test_a_refused_form_does_not_use_up_the_solution(client, story, visitor):
    solution = challenge.solve(challenge.create())
    refused_with_text_kept(client, form_post(story, comment="", altcha=solution), "Please write something")
    assert client.post(POST_URL, form_post(story, comment="Now with text.", altcha=solution)).status_code == 302


def test_an_expired_solution_is_refused_with_the_text_kept(client, story, visitor):
    refused_with_text_kept(client, form_post(story, comment="Written slowly.", altcha=expired_solution()), "expired")


@pytest.mark.parametrize("kind", list(forged_solutions()))
def test_a_forged_solution_is_refused_with_the_text_kept(client, story, visitor, kind):
    solution = forged_solutions()[kind]
    refused_with_text_kept(
        client, form_post(story, comment=f"Forged: {kind}.", altcha=solution), "could not be verified"
    )


def test_a_comment_over_the_limit_is_refused_whole_never_cut(client, story, visitor):
    text = "x" * 5800
    response = refused_with_text_kept(client, form_post(story, comment=text), "at most 5000 characters long")
    assert "this one has 5800" in soup_of(response).get_text()
    assert len(soup_of(response).select_one("textarea[name=comment]").get_text()) == 5800


def test_the_limit_counts_a_line_break_once_and_ignores_surrounding_spaces(client, story, visitor):
    text = "a" * 2500 + "\r\n" + "b" * (MAX_LENGTH - 2501)  # 5,000 once "\r\n" is "\n"
    assert client.post(POST_URL, form_post(story, comment=f"  {text}\r\n\r\n")).status_code == 302
    assert Comment.objects.get().comment == text.replace("\r\n", "\n")
    refused_with_text_kept(client, form_post(story, comment=text + "c"), "this one has 5001")


def test_the_text_box_has_no_maxlength_and_the_page_a_counter(client, story):
    soup = soup_of(client.get(f"/en/comments/write/{story.pk}/"))
    assert not soup.select_one("textarea[name=comment]").has_attr("maxlength")
    counter = soup.select_one("[data-counter]")
    assert counter["data-max-length"] == str(MAX_LENGTH) == str(StoryCommentForm.max_length)
    assert "{count}" in counter["data-counting"] and "{over}" in counter["data-over"]


def test_the_widget_comes_from_our_static_files_and_its_absence_is_a_system_check_warning(settings, tmp_path):
    # ALTCHA's widget, installed from the npm registry (make assets), found by collectstatic's finders.
    for name, marker in (("altcha.js", "altcha-widget"), ("worker.js", "postMessage"), ("altcha.css", ".altcha")):
        path = finders.find(f"vendor/altcha/{name}")
        assert path, f"vendor/altcha/{name} is not among the static files: run `make assets`"
        assert marker in Path(path).read_text(encoding="utf-8")
    assert [m for m in checks.run_checks() if m.id == "moderation.W001"] == []

    settings.ALTCHA_WIDGET_DIR = tmp_path  # a checkout where `make assets` was not run
    [warning] = [m for m in checks.run_checks() if m.id == "moderation.W001"]
    assert "altcha.js, altcha.css, worker.js missing" in warning.msg and "make assets" in warning.hint
