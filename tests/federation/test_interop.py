"""Interoperability: our ActivityPub side against bovine, an implementation nobody here wrote.

A bovine peer (``tests.federation.peer``: alice on 127.0.0.1) finds a hub through WebFinger,
follows it, receives its stories, replies to one, and sees the team's answer, with every request
signed and checked on both sides by each side's own code: our inbox checks bovine's signatures,
bovine's checker (fetching our keys over HTTP) checks ours. The journey follows docs/federation.md:
a remote author's first comment is held, a moderator publishes it, the team answers, the author
deletes their note.
"""

import json
import time
from urllib.parse import urlsplit

import pytest

from moderation import actions
from moderation.models import Comment, Report
from tests.factories import StoryPageFactory, UserFactory
from tests.federation.peer import ACTIVITY_JSON, PUBLIC, Peer, federate

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def peer():
    """alice's server (``tests.federation.peer``), stopped at the test's end."""
    with Peer() as running:
        yield running


@pytest.fixture
def hub_actor(hub, settings, live_server):
    """The hub as ``@workshifting``, followable from the live server."""
    return federate(hub, settings, live_server)


def eventually(read, timeout=10):
    """``read()``'s first truthy value, polled for up to ``timeout`` seconds: our server may take
    an activity in after its 202 (tasks run at once in tests, but nothing here relies on it)."""
    deadline = time.monotonic() + timeout
    while True:
        value = read()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.05)


def id_of(value):
    return value.get("id") if isinstance(value, dict) else value


def addressed(activity):
    """Everyone an activity or object is addressed to (``to`` and ``cc``, one value or a list)."""
    found = set()
    for key in ("to", "cc"):
        value = activity.get(key) or []
        found |= {value} if isinstance(value, str) else set(value)
    return found


def hub_addresses(live_server):
    base = live_server.url
    host = urlsplit(base).netloc
    return {
        "acct": f"acct:workshifting@{host}",
        "actor": f"{base}/ap/hubs/workshifting",
        "inbox": f"{base}/ap/hubs/workshifting/inbox",
        "shared_inbox": f"{base}/ap/inbox",
    }


def test_bovine_finds_the_hub_by_webfinger_and_reads_its_actor(peer, hub_actor, live_server, hub):
    """WebFinger gives the Group's id (bovine's lookup), and the actor document (a signed GET)
    has what a server needs to follow it and check its signatures."""
    expected = hub_addresses(live_server)

    assert peer.webfinger(expected["acct"]) == expected["actor"]
    actor = peer.fetch_actor(expected["actor"])

    assert actor["id"] == expected["actor"]
    assert actor["type"] == "Group"
    assert actor["preferredUsername"] == "workshifting"
    assert actor["inbox"] == expected["inbox"]
    assert actor["endpoints"]["sharedInbox"] == expected["shared_inbox"]
    assert actor["outbox"].startswith(expected["actor"]) and actor["followers"].startswith(expected["actor"])
    assert actor["manuallyApprovesFollowers"] is False
    assert actor["url"] == hub.full_url
    key = actor["publicKey"]
    assert key["owner"] == expected["actor"] and key["id"].startswith(expected["actor"] + "#")
    assert key["publicKeyPem"].startswith("-----BEGIN PUBLIC KEY-----")
    # The key id resolves over HTTP to a document holding that key (what bovine's checker does).
    status, content_type, document = peer.fetch(key["id"])
    assert status == 200 and content_type == ACTIVITY_JSON
    assert document["publicKey"]["publicKeyPem"] == key["publicKeyPem"]


def test_a_bovine_peer_follows_a_hub_reads_a_story_and_talks_with_the_team(peer, hub_actor, live_server, hub):
    """The whole journey, each step checked on both sides: what our server answered, what bovine
    received (and verified), and what our database holds."""
    from federation.models import Follower

    expected = hub_addresses(live_server)
    moderator = UserFactory(username="hub-moderator", groups=[hub.moderators_group])

    # 1. WebFinger, then the actor document.
    actor_id = peer.webfinger(expected["acct"])
    assert actor_id == expected["actor"]
    assert peer.fetch_actor(actor_id)["inbox"] == expected["inbox"]

    # 2. Follow: a 202, then an Accept of that Follow in alice's inbox, signed by the hub.
    follow = peer.follow(actor_id)
    assert follow.inbox == expected["inbox"]
    assert follow.status == 202, follow.body
    accept = peer.wait_for(lambda item: item.type == "Accept")
    assert accept.inbox == "/users/alice/inbox"
    assert accept.signer == actor_id and accept.activity["actor"] == actor_id
    assert id_of(accept.object) == follow.activity["id"]
    follower = Follower.objects.get(hub_actor=hub_actor, actor__uri=peer.actor_id)
    assert follower.status == Follower.Status.ACCEPTED and follower.follow_id == follow.activity["id"]

    # 3. Publishing a story sends a Create of an Article to alice's shared inbox.
    story = StoryPageFactory(parent=hub, title="Seeds", slug="seeds", standfirst="Saving seeds from your garden.")
    story.save_revision().publish()
    create = peer.wait_for(lambda item: item.type == "Create" and item.object.get("type") == "Article")
    assert create.inbox == "/inbox"
    assert create.signer == actor_id and create.activity["actor"] == actor_id
    article = create.object
    assert article["id"].startswith(f"{live_server.url}/ap/pages/")
    assert article["name"] == "Seeds"
    assert "Saving seeds from your garden." in article["summary"]
    assert article["url"] == story.full_url
    assert article["attributedTo"] == actor_id
    assert PUBLIC in addressed(create.activity) | addressed(article)
    # The Article can be read again at its id (ActivityPub's rule for ids).
    status, content_type, fetched = peer.fetch(article["id"])
    assert (status, content_type, fetched["id"], fetched["type"]) == (200, ACTIVITY_JSON, article["id"], "Article")

    # 4. alice replies: a Create of a Note in reply to the Article.
    reply = peer.reply(article["id"], "<p>Great <strong>seeds</strong>!</p>", to=[actor_id])
    assert reply.status == 202, reply.body
    note_id = reply.object["id"]
    assert note_id.startswith(peer.base_url) and reply.object["inReplyTo"] == article["id"]

    # 5. A remote author's first comment is held for a moderator.
    comment = eventually(lambda: Comment.objects.filter(remote_id=note_id).first())
    assert comment is not None, f"no comment stored for {note_id}"
    assert comment.state == Comment.State.HELD
    assert comment.page_id == story.pk and comment.parent_id == comment.pk  # a thread of its own
    assert comment.remote_author == peer.actor_id
    # The handle; our server names the domain without its port (the same on the default ports).
    assert comment.user_name in (peer.handle, f"@alice@{urlsplit(peer.base_url).hostname}")
    assert comment.user_url == peer.profile_url
    assert "Great" in comment.comment and "seeds" in comment.comment

    # 6. The moderator publishes it.
    actions.approve(comment, moderator)
    comment.refresh_from_db()
    assert comment.state == Comment.State.PUBLISHED

    # 7. The team answers: a Note replying to alice's note arrives in her inbox, signed by the hub.
    answer = actions.answer_as_team(comment, moderator, "Thanks, Alice! Keep them dry.")
    assert answer.state == Comment.State.PUBLISHED and answer.parent_id == comment.pk
    delivered = peer.wait_for(
        lambda item: (
            item.type == "Create" and item.object.get("type") == "Note" and item.object.get("inReplyTo") == note_id
        )
    )
    assert delivered.inbox in ("/users/alice/inbox", "/inbox")
    assert delivered.signer == actor_id and delivered.activity["actor"] == actor_id
    team_note = delivered.object
    assert team_note["attributedTo"] == actor_id
    assert "Thanks, Alice! Keep them dry." in team_note["content"]
    assert peer.actor_id in addressed(team_note)
    assert team_note["id"].startswith(live_server.url)

    # 8. alice likes the team's note: counted on the answer. Then she flags it: a report.
    like = peer.like(team_note["id"])
    assert like.status == 202, like.body
    assert eventually(lambda: Comment.objects.get(pk=answer.pk).like_count == 1)
    flag = peer.flag(team_note["id"], "Just testing reports")
    assert flag.status == 202, flag.body
    report = eventually(lambda: Report.objects.filter(comment=answer).first())
    assert report is not None, "the Flag made no report"

    # 9. alice deletes her note: the comment is a tombstone (it has a reply), its text wiped.
    delete = peer.delete_note(note_id)
    assert delete.status == 202, delete.body
    assert eventually(lambda: Comment.objects.get(pk=comment.pk).state == Comment.State.REMOVED)
    comment.refresh_from_db()
    assert (comment.comment, comment.html, comment.user_name) == ("", "", "")
    assert Comment.objects.get(pk=answer.pk).state == Comment.State.PUBLISHED  # the answer stays

    # 10. alice unfollows (an Undo embedding her Follow, as Mastodon sends it): no follower left.
    unfollow = peer.undo(follow.activity)
    assert unfollow.status == 202, unfollow.body
    assert unfollow.object["id"] == follow.activity["id"] and unfollow.inbox == expected["inbox"]
    assert eventually(lambda: not Follower.objects.filter(hub_actor=hub_actor).exists())

    # Nothing either side sent was refused.
    assert peer.rejected == []


def test_bovines_stock_client_is_understood(peer, hub_actor, live_server):
    """bovine's own SignedHttpClient, unmodified, signs differently from Mastodon: a lower-case
    ``sha-256=`` Digest (RFC 3230 algorithm names are case-insensitive) and ``content-type``
    among the signed headers. A Follow sent with it is accepted all the same."""
    expected = hub_addresses(live_server)
    follow = peer.activities.follow(expected["actor"]).build()

    status, body = peer.post_with_stock_client(follow, expected["inbox"])
    assert status == 202, body
    accept = peer.wait_for(lambda item: item.type == "Accept")
    assert id_of(accept.object) == follow["id"]


def test_a_tampered_or_unsigned_activity_is_refused(peer, hub_actor, live_server, hub):
    """A body changed after signing (the Digest no longer matches), a signature over another
    body, and no signature at all are each a 401, and store nothing."""
    from federation.models import Follower

    inbox = hub_addresses(live_server)["inbox"]
    follow = peer.activities.follow(hub_addresses(live_server)["actor"]).build()
    body = json.dumps(follow).encode()
    signed = peer.sign_headers(inbox, body)
    other = body.replace(b'"Follow"', b'"Follow" ')

    assert peer.post(inbox, other, signed)[0] == 401  # Digest of the original body
    resigned = {**peer.sign_headers(inbox, other), "signature": signed["signature"]}
    assert peer.post(inbox, other, resigned)[0] == 401  # right Digest, signature over the old one
    unsigned = {name: value for name, value in signed.items() if name != "signature"}
    assert peer.post(inbox, body, unsigned)[0] == 401
    assert not Follower.objects.exists()
    # The same Follow, signed afresh, goes through (a new signature: the refused ones may count as seen).
    assert peer.deliver(follow, inbox).status == 202
