"""A spam flood through the real comment form: 1,000 spam submissions among 100 legitimate ones.

Every submission goes through ``/en/comments/post/`` with the form's real security data and a
solution of its proof-of-work challenge (``townsquare.challenge``), and
every one the form accepts is confirmed through the link in its e-mail, as a robot with a
mailbox would: the comment policy decides, not the test. The spam comes in seven kinds:

- links: more links than the site allows → held for a moderator, never published;
- banned words (a word list that rejects) → rejected;
- honeypot filled → 400, nothing stored;
- forged security hash → 400, nothing stored;
- a replayed challenge solution (one that already posted a comment) → 400, nothing stored;
- a blocked commenter → rejected;
- a flood of link spam from one address → 429 with a message once over the rate limit
  (the few before it are held for their links).

Legitimate comments come from 100 different people (some signed in), posted the moment the form
is handed out (being quick is no sign of a robot). The test asserts that no spam is published
and that every legitimate comment is stored, published or held; it reports the figures.
"""

import itertools
import random
import re
import time
from collections import Counter

import pytest
from django.core import mail
from django.test import Client

from communities.models import CommunityHubPage
from moderation.discussion.forms import StoryCommentForm
from moderation.models import BlockedCommenter, Comment, ModerationSettings, WordList
from moderation.policy import hash_identifier
from tests.factories import StoryPageFactory, UserFactory
from townsquare import challenge

pytestmark = pytest.mark.slow

SPAM_PER_KIND = {
    "links": 160,
    "banned_word": 160,
    "honeypot": 140,
    "forged_hash": 140,
    "replayed": 140,
    "blocked": 130,
    "flood": 130,
}
LEGITIMATE = 100
RATE_LIMIT = 5
# Blocked commenters post from addresses that stay under the rate limit, so the block is what stops them.
BLOCKED_ADDRESSES = SPAM_PER_KIND["blocked"] // RATE_LIMIT
CONFIRM_LINK = re.compile(r"http://testserver(/en/comments/confirm/[^/\s]+/)")
TOO_MANY = "You have posted a lot of comments in a short time. Please wait a few minutes and try again."

LEGITIMATE_SENTENCES = [
    "We tried the Friday demo idea in our team and people really liked it.",
    "Does anyone know whether the winter tyres mentioned here fit a city bike?",
    "Thank you for writing this, it matches what we saw in our office.",
    "I would add that a short written summary helps people in other time zones.",
    "Our group meets on Tuesdays; the tip about shared notes saved us hours.",
    "Could the team say more about how this works for part-time colleagues?",
    "Lovely photos. Which lens did you use for the harbour at dusk?",
    "I changed my commute after reading the first story and feel much better.",
]


@pytest.fixture
def story(hub):
    hub.premoderation = CommunityHubPage.Premoderation.FLAGGED  # only what the rules flag waits
    hub.save_revision().publish()
    settings = ModerationSettings.load()
    settings.rate_limit_count = RATE_LIMIT
    settings.rate_limit_minutes = 10
    settings.max_links = 2
    settings.save()
    WordList.objects.create(
        name="Scams", language="en", action=WordList.Action.REJECT, words="casino bonus\ncheap pills\ncrypto doubler"
    )
    for n in range(BLOCKED_ADDRESSES):
        BlockedCommenter.objects.create(email_hash=hash_identifier(f"blocked{n}@spam.example"), label="Known spammer")
    return StoryPageFactory(parent=hub, title="Cycling in winter", slug="cycling-in-winter")


def security_data(story, age_seconds):
    """The form's hidden fields as handed out ``age_seconds`` ago, with the challenge solved."""
    timestamp = int(time.time()) - age_seconds
    form = StoryCommentForm(story)
    return {
        "content_type": "stories.storypage",
        "object_pk": str(story.pk),
        "timestamp": str(timestamp),
        "security_hash": form.initial_security_hash(timestamp),
        "altcha": challenge.solve(challenge.create()),
    }


def submission(story, kind, number, index, used_solution):
    """(POST data, REMOTE_ADDR) for submission ``number``, the ``index``-th of its ``kind``;
    ``used_solution``: a challenge solution that already posted a comment."""
    marker = f"[{kind}-{number}]"
    data = {
        **security_data(story, age_seconds=0),  # posted at once: people may be quick
        "name": f"Visitor {number}",
        "email": f"visitor{number}@mail.example",
        "reply_to": "0",
        "honeypot": "",
        "comment": f"{random.choice(LEGITIMATE_SENTENCES)} {marker}",
    }
    # Spam from many addresses, so that the content rules are what stops it, not the rate limit.
    address = f"10.{number // 250}.{number % 250}.{7 if kind == 'legitimate' else 9}"
    if kind == "links":
        links = " ".join(f"https://deals{n}.spam.example/offer" for n in range(3 + number % 4))
        data["comment"] = f"Great offers here {links} {marker}"
    elif kind == "banned_word":
        data["comment"] = f"Win big at the {random.choice(['casino bonus', 'CHEAP PILLS', 'crypto doubler'])} {marker}"
    elif kind == "honeypot":
        data["honeypot"] = "https://spam.example"
    elif kind == "forged_hash":
        data["security_hash"] = f"{number:040x}"
    elif kind == "replayed":
        data["altcha"] = used_solution
    elif kind == "blocked":
        data["email"] = f"blocked{index // RATE_LIMIT}@spam.example"
    elif kind == "flood":
        address = "192.0.2.66"
        data["email"] = f"flood{number}@spam.example"
        data["comment"] = f"Cheap flights https://fly.spam.example https://a.spam.example www.b.spam.example {marker}"
    return data, address


def test_a_spam_flood_publishes_no_spam_and_keeps_every_legitimate_comment(story, settings, report_figure):
    random.seed(9)
    spam = [kind for kind, count in SPAM_PER_KIND.items() for _ in range(count)]
    random.shuffle(spam)
    assert len(spam) == 1000
    # One legitimate comment after every ten spam submissions.
    kinds = list(itertools.chain.from_iterable([*spam[i : i + 10], "legitimate"] for i in range(0, 1000, 10)))
    members = {n: UserFactory(email=f"member{n}@staff.example") for n in range(0, LEGITIMATE, 4)}

    answers = {kind: Counter() for kind in [*SPAM_PER_KIND, "legitimate"]}
    rate_limited_messages = set()
    mail.outbox.clear()
    # A solution the site has accepted already; then, as a robot would, the one of its last post.
    used_solution = challenge.solve(challenge.create())
    challenge.consume(*challenge.verify(used_solution))
    for number, kind in enumerate(kinds):
        client = Client()
        legitimate_number = number // 11
        if kind == "legitimate" and legitimate_number in members:
            client.force_login(members[legitimate_number])
        data, address = submission(story, kind, number, sum(answers[kind].values()), used_solution)
        response = client.post("/en/comments/post/", data, REMOTE_ADDR=address)
        if response.status_code == 302:
            used_solution = data["altcha"]
        answers[kind][response.status_code] += 1
        if response.status_code == 429:
            rate_limited_messages.add(TOO_MANY in response.content.decode())
        # Follow every confirmation link sent: the policy, not the test, decides what is published.
        for message in mail.outbox:
            client.get(CONFIRM_LINK.search(message.body).group(1))
        mail.outbox.clear()

    comments = list(Comment.objects.filter(page=story).values_list("comment", "state"))
    state_of = {re.search(r"\[([a-z_]+-\d+)\]", text).group(1): state for text, state in comments}
    published_spam = [
        key for key, state in state_of.items() if not key.startswith("legitimate") and state == "published"
    ]
    legitimate_numbers = [n for n, kind in enumerate(kinds) if kind == "legitimate"]
    kept = [n for n in legitimate_numbers if state_of.get(f"legitimate-{n}") in ("published", "held")]
    spam_states = Counter(state for key, state in state_of.items() if not key.startswith("legitimate"))

    report_figure(
        f"spam flood: {len(spam)} spam submissions, {len(spam) - spam_states['published']} blocked "
        f"({spam_states['held']} held for review, {spam_states['rejected']} rejected, "
        f"{len(spam) - sum(spam_states.values())} refused before storing, "
        f"{answers['flood'][429]} of them with 429); legitimate kept: {len(kept)}/{len(legitimate_numbers)} "
        f"({sum(1 for n in kept if state_of[f'legitimate-{n}'] == 'published')} published)"
    )

    assert published_spam == []
    assert len(kept) == len(legitimate_numbers) == LEGITIMATE
    assert answers["legitimate"] == Counter({302: LEGITIMATE})
    for kind in ("honeypot", "forged_hash", "replayed"):
        assert answers[kind] == Counter({400: SPAM_PER_KIND[kind]}), kind
    assert answers["links"] == Counter({302: SPAM_PER_KIND["links"]})
    assert {state_of[f"links-{n}"] for n, kind in enumerate(kinds) if kind == "links"} == {"held"}
    for kind in ("banned_word", "blocked"):
        assert {state_of.get(f"{kind}-{n}") for n, k in enumerate(kinds) if k == kind} == {"rejected"}, kind
    # The flood: the first few from the address pass the limit (and are confirmed like any other
    # comment from a new address); every attempt after them is refused with a message.
    assert answers["flood"] == Counter({302: RATE_LIMIT, 429: SPAM_PER_KIND["flood"] - RATE_LIMIT})
    assert rate_limited_messages == {True}
