"""Fixtures of the webhook tests: two hubs with their teams (built once per module), and a
receiver on 127.0.0.1 that records what it is sent and answers what the test tells it to."""

import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.db import transaction
from wagtail.models import Page, Site

from tests.factories import CommunityHubPageFactory, HubIndexPageFactory, StoryPageFactory, UserFactory
from townsquare.api.webhooks.models import Event, Webhook


@dataclass
class World:
    hub_a: Any
    hub_b: Any
    story_a: Any
    story_b: Any
    users: dict


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Hubs A and B, a published story in each; the owners of each hub, a moderator of hub A
    (not an owner) and a superuser. Rolled back at the module's end; each test runs in a
    savepoint inside it (``db``)."""
    with django_db_blocker.unblock(), transaction.atomic():
        root = Page.get_first_root_node()
        home = HubIndexPageFactory(parent=root, title="Home", slug="webhooks-home")
        Site.objects.update_or_create(is_default_site=True, defaults={"root_page": home, "hostname": "localhost"})
        hub_a = CommunityHubPageFactory(parent=home, title="Gardening", slug="gardening")
        hub_b = CommunityHubPageFactory(parent=home, title="Cycling", slug="cycling")
        story_a = StoryPageFactory(parent=hub_a, title="Seeds", slug="seeds")
        story_b = StoryPageFactory(parent=hub_b, title="Wheels", slug="wheels")
        for story in (story_a, story_b):
            story.save_revision().publish()
        users = {
            "owner_a": UserFactory(username="owner_a", groups=[hub_a.owners_group]),
            "owner_b": UserFactory(username="owner_b", groups=[hub_b.owners_group]),
            "moderator_a": UserFactory(username="moderator_a", groups=[hub_a.moderators_group]),
            "superuser": UserFactory(username="root", is_superuser=True, is_staff=True),
        }
        yield World(hub_a, hub_b, story_a, story_b, users)
        transaction.set_rollback(True)


@dataclass
class Received:
    path: str
    headers: dict
    body: bytes


@dataclass
class Receiver:
    """What the receiver was sent (``requests``), and the statuses it answers, in order
    (``answers``; 200 once they run out)."""

    url: str = ""
    requests: list = field(default_factory=list)
    answers: list = field(default_factory=list)


@pytest.fixture
def receiver():
    received = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's name
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            received.requests.append(Received(self.path, dict(self.headers.items()), body))
            status = received.answers.pop(0) if received.answers else 200
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    received.url = f"http://127.0.0.1:{server.server_port}/hooks/townsquare?source=test"
    yield received
    server.shutdown()
    server.server_close()
    thread.join(5)


@pytest.fixture
def private_allowed(settings):
    """The receiver runs on the loopback address: the operator allows it."""
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True


def make_webhook(hub, url, events=None, **fields):
    return Webhook.objects.create(
        hub=hub, name=fields.pop("name", f"{hub.title} CRM"), url=url, events=events or list(Event.values), **fields
    )
