"""Trust, challenge: nobody is refused for being quick or for having no JavaScript, and the
form's proof of work cannot be skipped.

As a hostile visitor would, through HTTP (the comment form): solutions that already posted a
comment are sent again (from the same browser and from another), solutions of expired challenges,
and forged ones (signed with another key, the public development key among them, or altered after
solving). Then visitors without JavaScript post with no solution at all: every one is stored and
held for a moderator, none refused (guests once they open the e-mailed link).
"""

import datetime
import re

import altcha
import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from moderation.models import Comment
from tests.factories import StoryPageFactory, UserFactory
from tests.stories.comment_helpers import form_post
from tests.stories.test_challenge import expired_solution, forged_solutions
from townsquare import challenge

POST_URL = "/en/comments/post/"
CONFIRM_LINK = re.compile(r"http://testserver(/en/comments/confirm/[^/\s]+/)")
POSTED = 12  # comments posted with a valid solution, each solution then replayed twice
EXPIRED = 10
WITHOUT_JAVASCRIPT = 15


@pytest.fixture
def story(hub):
    hub.premoderation = "flagged"  # only what the rules flag is held: the challenge is the only rule here
    hub.save_revision().publish()
    return StoryPageFactory(parent=hub, title="Seeds", slug="seeds")


def signed_in(n):
    client = Client()
    client.force_login(UserFactory(email=f"person{n}@example.org"))
    return client


def with_the_development_key():
    """A correctly solved challenge, signed with the key derived from the public development key."""
    key = challenge._key("dev-only-insecure-key-do-not-use-in-production")
    made = altcha.create_challenge_v1(
        algorithm="SHA-256",
        max_number=1000,
        salt_length=12,
        hmac_key=key,
        salt="",
        number=None,
        expires=timezone.now() + datetime.timedelta(hours=1),
        params=None,
    )
    return challenge.solve(made.to_dict() | {"maxnumber": made.max_number})


def test_the_challenge_cannot_be_skipped_and_refuses_nobody(story, report_figure):
    address = iter(f"198.51.100.{n}" for n in range(1, 250))  # one each: the rate limit is not what stops them
    people = iter(range(1000))

    # Genuine posts, each with its own solution, posted the moment the form was handed out.
    used = []
    for n in range(POSTED):
        solution = challenge.solve(challenge.create())
        response = signed_in(next(people)).post(
            POST_URL, form_post(story, comment=f"Genuine {n}", altcha=solution), REMOTE_ADDR=next(address)
        )
        assert response.status_code == 302
        used.append(solution)
    assert Comment.objects.filter(state=Comment.State.PUBLISHED).count() == POSTED

    attempts = []  # (kind, solution)
    attempts += [("replayed", solution) for solution in used for _ in range(2)]
    attempts += [("expired", expired_solution()) for _ in range(EXPIRED)]
    attempts += [("forged", solution) for solution in forged_solutions().values()]
    attempts += [("forged", with_the_development_key())]
    accepted, answers = 0, set()
    for n, (kind, solution) in enumerate(attempts):
        text = f"Attempt {n} ({kind})"
        response = signed_in(next(people)).post(
            POST_URL, form_post(story, comment=text, altcha=solution), REMOTE_ADDR=next(address)
        )
        accepted += response.status_code != 400
        answers.add((response.status_code, text in response.content.decode()))
    tried = len(attempts)
    assert tried == 2 * POSTED + EXPIRED + 11
    assert accepted == 0 and answers == {(400, True)}  # refused, the text shown again
    assert not Comment.objects.filter(comment__startswith="Attempt").exists()

    # Visitors without JavaScript: no solution at all. Every other one is a guest, who confirms
    # through the e-mailed link (the comment is stored then).
    refused = 0
    for n in range(WITHOUT_JAVASCRIPT):
        person = next(people)
        client = signed_in(person) if n % 2 else Client()
        data = form_post(story, comment=f"No script {n}", altcha="", email=f"guest{person}@example.org")
        response = client.post(POST_URL, data, REMOTE_ADDR=next(address))
        refused += response.status_code != 302
        if not n % 2:
            [message] = mail.outbox
            mail.outbox.clear()
            client.get(CONFIRM_LINK.search(message.body).group(1))
    held = Comment.objects.filter(
        comment__startswith="No script", state=Comment.State.HELD, reasons__0__code=Comment.Reason.NO_CHALLENGE
    ).count()

    report_figure(
        f"trust, challenge: {tried} replayed/expired/forged solutions tried, {accepted} accepted; "
        f"{WITHOUT_JAVASCRIPT} posts without JavaScript, {refused} refused, {held} held"
    )
    assert refused == 0 and held == WITHOUT_JAVASCRIPT
