"""The inbox refuses what it must, with nothing stored, and takes in the rest through the same
services as the site's forms. Requests are signed by the bovine peer (``peer.Peer``: keys, HTTP
Signatures and activities from a library nobody here wrote); our server fetches alice's key from
it over loopback. The requests themselves go through Django's test client, so the database is
the test's own (no live server needed)."""

import email.utils
import json
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from federation import blocks
from federation.models import Delivery, Follower, HubActor, ReceivedActivity, RemoteActor
from moderation.models import Comment, Reaction, Report
from tests.federation.peer import Peer

pytestmark = pytest.mark.django_db


@pytest.fixture
def peer():
    with Peer() as running:
        yield running


BASE = "http://testserver"
SHARED_INBOX = f"{BASE}/ap/inbox"


@pytest.fixture
def federated(hub, story, settings):
    settings.FEDERATION_BASE_URL = BASE
    settings.FEDERATION_ALLOW_PRIVATE_ADDRESSES = True  # the peer is on loopback
    return HubActor.objects.create(hub=hub, username="gardening", enabled=True)


def article_id(story):
    return f"{BASE}/ap/pages/{story.translation_key}"


def send(client, peer, activity, *, inbox=SHARED_INBOX, headers=None, body=None):
    body = body if body is not None else json.dumps(activity).encode()
    signed = peer.sign_headers(inbox, body) if headers is None else headers
    extra = {name: value for name, value in signed.items() if name.lower() not in ("host", "content-type")}
    return client.post(inbox.removeprefix(BASE), data=body, content_type="application/activity+json", headers=extra)


def reply(peer, story, html="<p>Do tomatoes need full sun?</p>"):
    note = peer.notes.note(
        content=html, in_reply_to=article_id(story), to={"https://www.w3.org/ns/activitystreams#Public"}
    ).build()
    note.pop("@context")
    return peer.activities.create(note).build()


def nothing_stored():
    return not Comment.objects.exists() and not ReceivedActivity.objects.exists() and not Follower.objects.exists()


def test_a_signed_reply_becomes_a_held_comment_once(client, peer, federated, story):
    activity = reply(peer, story)
    response = send(client, peer, activity)
    assert response.status_code == 202, response.content
    comment = Comment.objects.get()
    assert comment.state == Comment.State.HELD
    assert [reason["code"] for reason in comment.reasons] == ["first_time"]
    assert comment.remote_id == activity["object"]["id"]
    assert comment.remote_author == peer.actor_id
    assert comment.user_name == peer.handle
    assert comment.user_url == peer.profile_url
    assert comment.page_id == story.pk and comment.comment == "Do tomatoes need full sun?"
    # Delivered again (a new signature: the Date has moved on; the same activity): nothing more.
    time.sleep(1.01)
    assert send(client, peer, activity).status_code == 202
    assert Comment.objects.count() == 1


def test_a_second_comment_of_a_published_author_follows_the_hub_policy(client, peer, federated, story):
    send(client, peer, reply(peer, story))
    Comment.objects.update(state=Comment.State.PUBLISHED)
    story.get_parent().specific.__class__.objects.filter(pk=federated.hub_id).update(premoderation="flagged")
    assert send(client, peer, reply(peer, story, "<p>Thanks!</p>")).status_code == 202
    assert Comment.objects.filter(state=Comment.State.PUBLISHED).count() == 2


def test_script_in_a_note_does_not_survive(client, peer, federated, story):
    html = '<p>Hi <script>alert(1)</script><a href="https://x.example/a" onclick="x()">link</a></p><p>two</p>'
    assert send(client, peer, reply(peer, story, html)).status_code == 202
    comment = Comment.objects.get()
    assert "script" not in comment.html and "alert" not in comment.comment and "onclick" not in comment.html
    assert comment.comment == "Hi link (https://x.example/a)\n\ntwo"


def test_an_unsigned_request_is_refused(client, peer, federated, story):
    activity = reply(peer, story)
    response = client.post("/ap/inbox", data=json.dumps(activity), content_type="application/activity+json")
    assert response.status_code == 401
    assert nothing_stored()


def test_a_tampered_body_is_refused(client, peer, federated, story):
    activity = reply(peer, story)
    body = json.dumps(activity).encode()
    headers = peer.sign_headers(SHARED_INBOX, body)
    activity["object"]["content"] = "<p>Something else</p>"
    response = send(client, peer, activity, headers=headers)
    assert response.status_code == 401
    assert b"Digest" in response.content
    assert nothing_stored()


def test_a_signature_of_another_key_is_refused(client, peer, federated, story):
    activity = reply(peer, story)
    body = json.dumps(activity).encode()
    with Peer(username="mallory") as other:
        headers = other.sign_headers(SHARED_INBOX, body)
        # mallory's signature, claiming alice's key
        headers["signature"] = headers["signature"].replace(other.key_id, peer.key_id)
        response = send(client, peer, activity, headers=headers, body=body)
    assert response.status_code == 401
    assert nothing_stored()


def test_a_stale_request_is_refused(client, peer, federated, story, monkeypatch):
    from tests.federation import peer as peer_module

    old = email.utils.format_datetime(timezone.now() - timedelta(minutes=10), usegmt=True)
    monkeypatch.setattr(peer_module, "get_gmt_now", lambda: old)
    response = send(client, peer, reply(peer, story))
    assert response.status_code == 401
    assert b"Date" in response.content
    assert nothing_stored()


def test_a_replayed_request_is_refused(client, peer, federated, story):
    activity = reply(peer, story)
    body = json.dumps(activity).encode()
    headers = peer.sign_headers(SHARED_INBOX, body)
    assert send(client, peer, activity, headers=headers, body=body).status_code == 202
    # The very same request again, e.g. captured on the way and sent by someone else.
    Comment.objects.all().delete()
    response = send(client, peer, activity, headers=headers, body=body)
    assert response.status_code == 401
    assert b"replay" in response.content
    assert not Comment.objects.exists()


def test_an_unknown_actor_is_refused(client, peer, federated, story, settings):
    with Peer(username="ghost") as ghost:
        activity = reply(ghost, story)
        body = json.dumps(activity).encode()
        headers = ghost.sign_headers(SHARED_INBOX, body)
    # The ghost's server is gone: its key cannot be fetched.
    response = send(client, ghost, activity, headers=headers, body=body)
    assert response.status_code == 401
    assert nothing_stored()
    assert not RemoteActor.objects.exists()


def test_an_actor_on_a_private_address_is_not_fetched_by_default(client, peer, federated, story, settings):
    settings.FEDERATION_ALLOW_PRIVATE_ADDRESSES = False
    response = send(client, peer, reply(peer, story))
    assert response.status_code == 401
    assert not peer.fetched
    assert nothing_stored()


def test_a_blocked_server_is_refused_before_anything_is_fetched(client, peer, federated, story):
    blocks.block("127.0.0.1", "spam")
    response = send(client, peer, reply(peer, story))
    assert response.status_code == 403
    assert not peer.fetched
    assert nothing_stored()


def test_an_oversized_body_is_refused(client, peer, federated, story):
    activity = reply(peer, story, "<p>" + "a" * 300_000 + "</p>")
    response = send(client, peer, activity)
    assert response.status_code == 413
    assert not peer.fetched
    assert nothing_stored()


def test_malformed_json_is_refused(client, peer, federated, story):
    response = send(client, peer, None, body=b'{"type": "Create", "actor": ')
    assert response.status_code == 400
    assert nothing_stored()


def test_a_note_attributed_to_someone_else_is_refused(client, peer, federated, story):
    activity = reply(peer, story)
    activity["object"]["attributedTo"] = "https://elsewhere.example/users/bob"
    response = send(client, peer, activity)
    assert response.status_code == 403
    assert nothing_stored()


def test_an_activity_of_someone_else_is_refused(client, peer, federated, story):
    activity = reply(peer, story)
    activity["actor"] = "http://127.0.0.1:1/users/bob"
    response = send(client, peer, activity)
    assert response.status_code == 401
    assert nothing_stored()


def test_a_reply_to_a_page_that_does_not_exist_or_is_not_federated(client, peer, federated, story, home):
    from tests.factories import CommunityHubPageFactory, StoryPageFactory

    activity = reply(peer, story)
    activity["object"]["inReplyTo"] = f"{BASE}/ap/pages/00000000-0000-0000-0000-000000000000"
    assert send(client, peer, activity).status_code == 404
    other_hub = CommunityHubPageFactory(parent=home, title="Other", slug="other")
    other = StoryPageFactory(parent=other_hub, title="Elsewhere", slug="elsewhere")
    other.save_revision().publish()
    assert send(client, peer, reply(peer, other)).status_code == 404
    federated.enabled = False
    federated.save()
    assert send(client, peer, reply(peer, story)).status_code == 404
    assert nothing_stored()


def test_follow_is_accepted_and_answered(client, peer, federated, django_capture_on_commit_callbacks):
    activity = peer.activities.follow(f"{BASE}/ap/hubs/gardening").build()
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, peer, activity, inbox=f"{BASE}/ap/hubs/gardening/inbox")
    assert response.status_code == 202
    follower = Follower.objects.get()
    assert follower.status == Follower.Status.ACCEPTED and follower.actor.uri == peer.actor_id
    accept = Delivery.objects.get()
    assert accept.activity_type == "Accept" and accept.inbox == peer.inbox
    # The peer asks our server for the key that signed it; the test client's "testserver" is not
    # on the network, so it refuses (the interoperability test delivers it for real).
    assert accept.status == Delivery.Status.PENDING and accept.response_status == 401
    assert peer.rejected and peer.rejected[0].inbox == "/users/alice/inbox"


def test_follow_waits_for_approval_when_the_hub_asks(client, peer, federated):
    federated.approve_followers = True
    federated.save()
    activity = peer.activities.follow(f"{BASE}/ap/hubs/gardening").build()
    assert send(client, peer, activity).status_code == 202
    assert Follower.objects.get().status == Follower.Status.PENDING
    assert not Delivery.objects.exists()


def test_like_flag_update_and_delete_of_a_reply(client, peer, federated, story):
    activity = reply(peer, story)
    send(client, peer, activity)
    comment = Comment.objects.get()
    Comment.objects.filter(pk=comment.pk).update(state=Comment.State.PUBLISHED)
    note_id = activity["object"]["id"]

    assert send(client, peer, peer.activities.like(note_id).build()).status_code == 202
    comment.refresh_from_db()
    assert comment.like_count == 1 and Reaction.objects.count() == 1

    flag = peer.activities.custom(type="Flag", object=[note_id], content="Spam").build()
    assert send(client, peer, flag).status_code == 202
    assert Report.objects.get().note == "Spam"

    update = peer.activities.update({**activity["object"], "content": "<p>Full sun, then?</p>"}).build()
    assert send(client, peer, update).status_code == 202
    comment.refresh_from_db()
    assert comment.comment == "Full sun, then?"

    delete = peer.activities.delete({"id": note_id, "type": "Tombstone"}).build()
    assert send(client, peer, delete).status_code == 202
    assert not Comment.objects.filter(pk=comment.pk).exclude(state=Comment.State.REMOVED).exists()


def test_a_published_reply_shows_its_author_and_the_team_answer_goes_back(
    client, peer, federated, story, django_capture_on_commit_callbacks
):
    from moderation import actions
    from tests.factories import UserFactory

    activity = reply(peer, story)
    send(client, peer, activity)
    comment = Comment.objects.get()
    moderator = UserFactory(username="mod", groups=[federated.hub.moderators_group])
    with django_capture_on_commit_callbacks(execute=True):
        actions.approve(comment, moderator)
    page = client.get(story.url).content.decode()
    assert f'<a href="{peer.profile_url}" rel="nofollow noopener ugc">{peer.handle}</a>' in page
    assert "via the fediverse" in page

    with django_capture_on_commit_callbacks(execute=True):
        answer = actions.answer_as_team(comment, moderator, "Yes, six hours a day.")
    delivery = Delivery.objects.get(activity_type="Create")
    assert delivery.inbox == peer.shared_inbox  # her server's shared inbox, as for followers
    sent = json.loads(delivery.body)
    note = sent["object"]
    assert note["id"] == f"{BASE}/ap/comments/{answer.pk}"
    assert note["inReplyTo"] == activity["object"]["id"]
    assert note["tag"] == [{"type": "Mention", "href": peer.actor_id, "name": peer.handle}]
    assert peer.actor_id in note["cc"] and "Yes, six hours a day." in note["content"]
    # The answer is served at its id, for servers that fetch it.
    served = client.get(f"/ap/comments/{answer.pk}", headers={"Accept": "application/activity+json"}).json()
    assert served["inReplyTo"] == activity["object"]["id"] and served["attributedTo"] == f"{BASE}/ap/hubs/gardening"


def test_a_reply_for_some_people_only_does_not_become_a_comment(client, peer, federated, story):
    activity = reply(peer, story)
    for thing in (activity, activity["object"]):
        thing["to"] = [f"{BASE}/ap/hubs/gardening"]
        thing["cc"] = [f"{peer.actor_id}/followers"]
    response = send(client, peer, activity)
    assert response.status_code == 422
    assert b"public" in response.content
    assert nothing_stored()


def test_blocking_a_fediverse_author_rejects_their_next_replies(client, peer, federated, story):
    from moderation import actions
    from tests.factories import UserFactory

    send(client, peer, reply(peer, story))
    moderator = UserFactory(username="mod", groups=[federated.hub.moderators_group])
    actions.block_commenter(Comment.objects.get(), moderator, reason="Spam")
    assert send(client, peer, reply(peer, story, "<p>Buy now</p>")).status_code == 202
    latest = Comment.objects.latest("pk")
    assert latest.state == Comment.State.REJECTED
    assert "blocked" in [reason["code"] for reason in latest.reasons]
