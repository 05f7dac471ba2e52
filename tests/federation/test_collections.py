"""The outbox and followers pages cost the same number of queries however many stories and
followers a hub has, and a story reaches 1,000 followers on 100 servers in 100 requests, one per
shared inbox (counted by the servers that received them)."""

import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from federation.models import Delivery, Follower, HubActor, RemoteActor
from tests.factories import StoryPageFactory

pytestmark = pytest.mark.django_db

BASE = "http://testserver"


@pytest.fixture
def federated(hub, settings):
    settings.FEDERATION_BASE_URL = BASE
    return HubActor.objects.create(hub=hub, username="gardening", enabled=True)


def remote_actors(count, domains, inbox_for=None):
    now = timezone.now()
    return RemoteActor.objects.bulk_create(
        [
            RemoteActor(
                uri=f"https://{domain}/users/u{index}",
                domain=domain,
                username=f"u{index}",
                inbox=f"https://{domain}/users/u{index}/inbox",
                shared_inbox=inbox_for(domain) if inbox_for else f"https://{domain}/inbox",
                key_id=f"https://{domain}/users/u{index}#main-key",
                public_key="-",
                fetched_at=now,
            )
            for index in range(count)
            for domain in [domains[index % len(domains)]]
        ]
    )


def follow(hub_actor, actors):
    Follower.objects.bulk_create(
        [
            Follower(hub_actor=hub_actor, actor=actor, follow_id=f"{actor.uri}#follow", status="accepted")
            for actor in actors
        ]
    )


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, headers={"Accept": "application/activity+json"})
    assert response.status_code == 200, response.content
    return len(captured), response.json()


def add_stories(hub, count):
    for _index in range(count):
        StoryPageFactory(parent=hub).save_revision().publish()


def test_outbox_pages_cost_constant_queries(client, federated, hub):
    add_stories(hub, 2)
    client.get("/ap/hubs/gardening/outbox?page=1")  # warm the site's cached root paths
    few, page = queries(client, "/ap/hubs/gardening/outbox?page=1")
    assert len(page["orderedItems"]) == 2
    add_stories(hub, 23)
    many, page = queries(client, "/ap/hubs/gardening/outbox?page=1")
    assert len(page["orderedItems"]) == 20 and page["next"].endswith("?page=2")
    assert many == few, f"{few} queries for 2 stories, {many} for 25"
    article = page["orderedItems"][0]
    assert article["type"] == "Create" and article["object"]["type"] == "Article"
    assert article["object"]["attributedTo"] == f"{BASE}/ap/hubs/gardening"
    count_queries, collection = queries(client, "/ap/hubs/gardening/outbox")
    assert collection["totalItems"] == 25


def test_followers_pages_cost_constant_queries(client, federated):
    follow(federated, remote_actors(3, ["a.example"]))
    few, page = queries(client, "/ap/hubs/gardening/followers?page=1")
    assert len(page["orderedItems"]) == 3
    follow(federated, remote_actors(60, ["b.example", "c.example"]))
    many, page = queries(client, "/ap/hubs/gardening/followers?page=1")
    assert len(page["orderedItems"]) == 20
    assert many == few
    _count, collection = queries(client, "/ap/hubs/gardening/followers")
    assert collection["totalItems"] == 63


class Counting(BaseHTTPRequestHandler):
    """An inbox of every server: counts the POSTs by host (127.0.0.x: one "server" each)."""

    received = []
    lock = threading.Lock()

    def do_POST(self):  # noqa: N802 (http.server's name)
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with self.lock:
            self.received.append((self.headers["Host"], self.path, json.loads(body)["type"]))
        self.send_response(202)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def inboxes():
    """One HTTP server answering on every loopback address (127.0.0.0/8), so that 100 addresses
    are 100 servers."""
    server = ThreadingHTTPServer(("0.0.0.0", 0), Counting)  # noqa: S104 (all of 127.0.0.0/8; no route in)
    Counting.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_a_story_reaches_1000_followers_on_100_servers_in_100_requests(
    federated, hub, inboxes, settings, django_capture_on_commit_callbacks
):
    settings.FEDERATION_ALLOW_PRIVATE_ADDRESSES = True
    domains = [f"127.0.{index // 250}.{index % 250 + 1}" for index in range(100)]
    follow(federated, remote_actors(1000, domains, inbox_for=lambda domain: f"http://{domain}:{inboxes}/inbox"))
    story = StoryPageFactory(parent=hub, title="Seeds", slug="seeds")
    with django_capture_on_commit_callbacks(execute=True):
        story.save_revision().publish()
    assert Delivery.objects.count() == 100
    assert Delivery.objects.filter(status=Delivery.Status.DELIVERED).count() == 100
    assert len(Counting.received) == 100
    assert {host.split(":")[0] for host, _path, _type in Counting.received} == set(domains)
    assert {(path, kind) for _host, path, kind in Counting.received} == {("/inbox", "Create")}


def test_deliveries_wait_their_turn_per_server(federated, hub, inboxes, settings, django_capture_on_commit_callbacks):
    from federation import conf

    settings.FEDERATION_ALLOW_PRIVATE_ADDRESSES = True
    actors = remote_actors(conf.PER_DOMAIN_PER_MINUTE + 5, ["127.0.0.1"], inbox_for=lambda domain: "")
    RemoteActor.objects.update(inbox=f"http://127.0.0.1:{inboxes}/inbox")
    for actor in actors:
        actor.inbox = f"http://127.0.0.1:{inboxes}/inbox"
    from federation import delivery

    with django_capture_on_commit_callbacks(execute=True):
        for actor in actors:
            delivery.to_actor(federated, actor, {"type": "Accept", "id": f"{actor.uri}#a", "object": actor.uri})
    assert len(Counting.received) == conf.PER_DOMAIN_PER_MINUTE
    waiting = Delivery.objects.filter(status=Delivery.Status.PENDING)
    assert waiting.count() == 5
    assert all(item.attempts == 0 and item.next_attempt_at > timezone.now() for item in waiting)
    assert all(item.next_attempt_at <= timezone.now() + timedelta(minutes=1) for item in waiting)


def test_the_sweep_retries_due_deliveries_and_forgets_old_ones(federated, inboxes, settings):
    from federation import tasks
    from federation.models import ReceivedActivity

    settings.FEDERATION_ALLOW_PRIVATE_ADDRESSES = True
    now = timezone.now()
    due = Delivery.objects.create(
        hub_actor=federated,
        inbox=f"http://127.0.0.1:{inboxes}/inbox",
        domain="127.0.0.1",
        activity_type="Create",
        body=json.dumps({"type": "Create"}),
        attempts=1,
        next_attempt_at=now - timedelta(seconds=1),
    )
    old = Delivery.objects.create(
        hub_actor=federated,
        inbox="https://x.example/inbox",
        domain="x.example",
        activity_type="Create",
        status="failed",
    )
    Delivery.objects.filter(pk=old.pk).update(created_at=now - timedelta(days=40))
    ReceivedActivity.objects.create(activity_id="https://x.example/1", signature="a", actor="https://x.example/u")
    ReceivedActivity.objects.filter().update(received_at=now - timedelta(days=40))
    assert tasks.sweep() == {"queued": 1, "pruned": 2}
    due.refresh_from_db()
    assert due.status == Delivery.Status.DELIVERED and due.attempts == 2
    assert len(Counting.received) == 1
