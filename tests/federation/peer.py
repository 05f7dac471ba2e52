"""A small fediverse server for the federation tests, built on bovine (a library nobody here
wrote), so that our ActivityPub side is checked against someone else's reading of the protocol.

The peer is an aiohttp app on 127.0.0.1 (a free port), run in a background thread with its own
event loop. It hosts one actor, ``alice`` (a Person with an RSA key made by ``bovine.crypto``),
her profile page, her WebFinger record and the notes she wrote. Its two inboxes (alice's own and
the shared one) verify every HTTP Signature with bovine's own checker, fetching the signer's key
from its ``keyId`` over HTTP, as Mastodon does: 401 when the signature does not hold, 202 and
recorded otherwise. Its senders sign as Mastodon signs (draft-cavage, rsa-sha256, headers
``(request-target) host date digest``) with bovine's signing code, and build activities with
bovine's factories.

The test thread drives it with plain (blocking) calls: each one runs a coroutine on the peer's
loop and waits for it, while the loop stays free to answer our server's requests meanwhile
(fetching alice's key, delivering an ``Accept``...).
"""

import asyncio
import contextvars
import itertools
import json
import logging
import threading
import uuid
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urlsplit

import aiohttp
import pytest
from aiohttp import web
from bovine.activitystreams import Actor
from bovine.activitystreams.activity_factory import ActivityFactory
from bovine.activitystreams.object_factory import ObjectFactory
from bovine.clients import lookup_uri_with_webfinger
from bovine.clients.signed_http import SignedHttpClient
from bovine.clients.signed_http_methods import signed_get
from bovine.crypto import build_validate_http_signature_raw, generate_rsa_public_private_key
from bovine.crypto.helper import content_digest_sha256
from bovine.crypto.http_signature import build_signature
from bovine.crypto.types import CryptographicIdentifier, CryptographicSecret
from bovine.utils import get_gmt_now, now_isoformat

logger = logging.getLogger(__name__)

ACTIVITY_JSON = "application/activity+json"
PUBLIC = "https://www.w3.org/ns/activitystreams#Public"
# How long a blocking call waits for its coroutine on the peer's loop.
CALL_TIMEOUT = 30
# Why the key of the request being checked could not be had (each inbox request is its own task).
KEY_ERROR = contextvars.ContextVar("key_error", default=None)


@dataclass
class Received:
    """One activity an inbox accepted: its JSON, the inbox path (``/inbox`` is the shared one),
    the actor bovine's checker says signed it, and the request headers."""

    inbox: str
    activity: dict
    signer: str
    headers: dict

    @property
    def type(self):
        return self.activity.get("type")

    @property
    def object(self):
        return self.activity.get("object")


@dataclass
class Rejected:
    """A request an inbox refused, and why: kept to explain a test's failure."""

    inbox: str
    status: int
    reason: str
    headers: dict
    body: bytes


@dataclass
class Sent:
    """What one of alice's sends returned: the status and body our server answered, and the
    activity sent (its ids are what the test checks later)."""

    status: int
    body: str
    activity: dict
    inbox: str

    @property
    def object(self):
        return self.activity.get("object")


@dataclass
class Peer:
    """The remote server. Use it as a context manager (or through the ``bovine_peer`` fixture):
    entering starts the loop and binds the port, leaving stops both."""

    username: str = "alice"
    display_name: str = "Alice Remote"
    received: list = field(default_factory=list)
    rejected: list = field(default_factory=list)
    fetched: list = field(default_factory=list)
    remote_actors: dict = field(default_factory=dict)
    objects: dict = field(default_factory=dict)

    def __post_init__(self):
        self.public_key_pem, self.private_key_pem = generate_rsa_public_private_key()
        self._condition = threading.Condition()
        self._loop = None
        self._thread = None
        self._runner = None
        self._session = None
        self._sent_to = {}  # activity or object id -> the inbox it was delivered to
        self._counter = itertools.count(1)
        self.base_url = None

    # ------------------------------------------------------------------
    # Life cycle
    # ------------------------------------------------------------------

    def __enter__(self):
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="bovine-peer", daemon=True)
        self._thread.start()
        self._call(self._start())
        return self

    def __exit__(self, *exc_info):
        try:
            self._call(self._stop())
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=10)
            self._loop.close()

    async def _start(self):
        app = web.Application()
        app.router.add_get("/users/{username}", self._actor_view)
        app.router.add_get("/users/{username}/followers", self._collection_view)
        app.router.add_get("/users/{username}/following", self._collection_view)
        app.router.add_get("/users/{username}/outbox", self._collection_view)
        app.router.add_get("/users/{username}/objects/{key}", self._object_view)
        app.router.add_get("/@{username}", self._profile_view)
        app.router.add_get("/.well-known/webfinger", self._webfinger_view)
        app.router.add_post("/users/{username}/inbox", self._inbox_view)
        app.router.add_post("/inbox", self._inbox_view)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        host, port = self._runner.addresses[0][:2]
        self.base_url = f"http://{host}:{port}"
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=CALL_TIMEOUT - 5))
        self._validate = build_validate_http_signature_raw(self._retrieve_key)
        self.secret = CryptographicSecret.from_pem(self.key_id, self.private_key_pem)
        self.activities = ActivityFactory(self.actor_document, id_generator=self._new_id("activities"))
        self.notes = ObjectFactory(actor_information=self.actor_document, id_generator=self._new_id("objects"))

    async def _stop(self):
        await self._session.close()
        await self._runner.cleanup()

    def _call(self, coroutine):
        """Runs a coroutine on the peer's loop and waits for its result (from the test thread)."""
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout=CALL_TIMEOUT)

    # ------------------------------------------------------------------
    # Alice
    # ------------------------------------------------------------------

    @property
    def host(self):
        return urlsplit(self.base_url).netloc

    @property
    def actor_id(self):
        return f"{self.base_url}/users/{self.username}"

    @property
    def key_id(self):
        return f"{self.actor_id}#main-key"

    @property
    def inbox(self):
        return f"{self.actor_id}/inbox"

    @property
    def shared_inbox(self):
        return f"{self.base_url}/inbox"

    @property
    def profile_url(self):
        return f"{self.base_url}/@{self.username}"

    @property
    def handle(self):
        return f"@{self.username}@{self.host}"

    @property
    def actor_document(self):
        """Alice as Mastodon shows a Person: bovine's Actor, with the shared inbox and the
        collections Mastodon lists."""
        return Actor(
            id=self.actor_id,
            type="Person",
            name=self.display_name,
            preferred_username=self.username,
            inbox=self.inbox,
            outbox=f"{self.actor_id}/outbox",
            url=self.profile_url,
            public_key=self.public_key_pem,
            public_key_name="main-key",
            properties={
                "followers": f"{self.actor_id}/followers",
                "following": f"{self.actor_id}/following",
                "endpoints": {"sharedInbox": self.shared_inbox},
                "manuallyApprovesFollowers": False,
                "discoverable": True,
            },
        ).build()

    def _new_id(self, kind):
        def generate():
            return f"{self.actor_id}/{kind}/{next(self._counter)}-{uuid.uuid4().hex[:8]}"

        return generate

    # ------------------------------------------------------------------
    # What the peer serves
    # ------------------------------------------------------------------

    def _log_fetch(self, request):
        with self._condition:
            self.fetched.append((request.path_qs, "signature" in request.headers))
            self._condition.notify_all()

    def _json(self, document, status=200):
        return web.Response(status=status, text=json.dumps(document), content_type=ACTIVITY_JSON)

    async def _actor_view(self, request):
        """The actor document; ``/users/alice#main-key`` is the same URL for HTTP, so it also
        serves the key id (as Mastodon does)."""
        self._log_fetch(request)
        if request.match_info["username"] != self.username:
            raise web.HTTPNotFound()
        return self._json(self.actor_document)

    async def _collection_view(self, request):
        self._log_fetch(request)
        if request.match_info["username"] != self.username:
            raise web.HTTPNotFound()
        return self._json(
            {
                "@context": "https://www.w3.org/ns/activitystreams",
                "id": str(request.url),
                "type": "OrderedCollection",
                "totalItems": 0,
                "orderedItems": [],
            }
        )

    async def _object_view(self, request):
        """Alice's notes and activities at their ids; a deleted note answers 410 with its tombstone."""
        self._log_fetch(request)
        document = self.objects.get(f"{self.base_url}{request.path}")
        if document is None:
            raise web.HTTPNotFound()
        return self._json(document, status=410 if document.get("type") == "Tombstone" else 200)

    async def _profile_view(self, request):
        self._log_fetch(request)
        if request.match_info["username"] != self.username:
            raise web.HTTPNotFound()
        return web.Response(text=f"<h1>{self.display_name}</h1>", content_type="text/html")

    async def _webfinger_view(self, request):
        self._log_fetch(request)
        if request.query.get("resource") not in (f"acct:{self.username}@{self.host}", self.actor_id):
            raise web.HTTPNotFound()
        jrd = {
            "subject": f"acct:{self.username}@{self.host}",
            "aliases": [self.actor_id, self.profile_url],
            "links": [
                {"rel": "self", "type": ACTIVITY_JSON, "href": self.actor_id},
                {"rel": "http://webfinger.net/rel/profile-page", "type": "text/html", "href": self.profile_url},
            ],
        }
        return web.Response(text=json.dumps(jrd), content_type="application/jrd+json")

    # ------------------------------------------------------------------
    # Inboxes: bovine's signature check
    # ------------------------------------------------------------------

    async def _retrieve_key(self, key_id):
        """bovine's key retriever: the document at ``keyId`` (fetched with a signed GET, so that
        a server demanding authorized fetch answers too), its ``publicKey`` whose id is the keyId."""
        url = urldefrag(key_id).url
        try:
            response = await signed_get(self._session, self.secret, url)
            async with response:
                if response.status != 200:
                    KEY_ERROR.set(f"GET {url} answered {response.status}")
                    return None
                document = json.loads(await response.read())
        except (aiohttp.ClientError, TimeoutError, ValueError) as error:
            KEY_ERROR.set(f"GET {url} failed: {error!r}")
            return None
        key = document.get("publicKey", document)
        if isinstance(key, list):
            key = next((entry for entry in key if entry.get("id") == key_id), {})
        if key.get("id") != key_id:
            KEY_ERROR.set(f"{url} has no key {key_id} (found {key.get('id')!r})")
            return None
        return CryptographicIdentifier.from_public_key(key)

    def _reject(self, request, status, reason, body):
        with self._condition:
            self.rejected.append(Rejected(request.path, status, reason, dict(request.headers), body))
            self._condition.notify_all()
        return web.Response(status=status, text=reason)

    async def _inbox_view(self, request):
        """An inbox: 401 unless bovine's checker accepts the signature and the signer is the
        activity's actor (Mastodon's rule); 202 and recorded otherwise."""
        if request.match_info.get("username", self.username) != self.username:
            raise web.HTTPNotFound()
        body = await request.read()

        async def get_body():
            return body

        KEY_ERROR.set(None)
        signer = await self._validate(request.method, str(request.url), request.headers, get_body)
        if signer is None:
            reason = "signature rejected by bovine"
            if KEY_ERROR.get():
                reason += f" ({KEY_ERROR.get()})"
            return self._reject(request, 401, reason, body)
        try:
            activity = json.loads(body)
        except ValueError:
            return self._reject(request, 400, "body is not JSON", body)
        actor = activity.get("actor")
        actor = actor.get("id") if isinstance(actor, dict) else actor
        if signer != actor:
            return self._reject(request, 401, f"signed by {signer}, but the actor is {actor}", body)
        with self._condition:
            self.received.append(Received(request.path, activity, signer, dict(request.headers)))
            self._condition.notify_all()
        return web.Response(status=202)

    def wait_for(self, predicate, timeout=10):
        """The first received activity ``predicate(received)`` holds for, waiting up to
        ``timeout`` seconds; fails with what did arrive (and what was refused) otherwise."""
        with self._condition:
            found = self._condition.wait_for(
                lambda: next((item for item in self.received if predicate(item)), None), timeout=timeout
            )
            if found is None:
                arrived = [(item.inbox, item.type, item.activity.get("id")) for item in self.received]
                refused = [(item.inbox, item.status, item.reason) for item in self.rejected]
                raise AssertionError(f"nothing matching arrived in {timeout}s; received {arrived}, refused {refused}")
            return found

    # ------------------------------------------------------------------
    # Looking our server up
    # ------------------------------------------------------------------

    def webfinger(self, acct, server=None):
        """The actor id WebFinger gives for ``acct:user@host``, found with bovine's lookup.

        ``server`` is the scheme and host to ask (default ``http://<host>``): bovine asks over
        HTTPS unless told otherwise, and the servers of the tests speak plain HTTP."""
        if server is None:
            server = "http://" + acct.removeprefix("acct:").split("@", 1)[1]

        async def lookup():
            actor_id, _verify = await lookup_uri_with_webfinger(self._session, acct, domain=server)
            return actor_id

        return self._call(lookup())

    def fetch(self, url):
        """GET ``url`` signed by alice; returns (status, content type, parsed JSON or None)."""

        async def get():
            response = await signed_get(self._session, self.secret, url)
            async with response:
                body = await response.read()
                try:
                    document = json.loads(body)
                except ValueError:
                    document = None
                return response.status, response.content_type, document

        return self._call(get())

    def fetch_actor(self, actor_id):
        """The actor document at ``actor_id`` (signed GET), remembered for later deliveries."""
        status, content_type, document = self.fetch(actor_id)
        assert status == 200, f"GET {actor_id} answered {status}"
        assert content_type == ACTIVITY_JSON, content_type
        self.remote_actors[document["id"]] = document
        return document

    # ------------------------------------------------------------------
    # Sending as alice
    # ------------------------------------------------------------------

    def sign_headers(self, url, body):
        """The headers Mastodon sends with a POST of ``body`` to ``url``: Date, a SHA-256 Digest
        and an rsa-sha256 draft-cavage Signature over ``(request-target) host date digest``,
        made with bovine's HttpSignature and alice's CryptographicSecret."""
        host = urlsplit(url).netloc
        target = urlsplit(url).path
        signature = (
            build_signature(host, "post", target)
            .with_field("date", get_gmt_now())
            .with_field("digest", content_digest_sha256(body, prefix="SHA-256"))
        )
        return {
            **signature.headers,
            "content-type": ACTIVITY_JSON,
            "user-agent": "bovine-peer (townsquare tests)",
            "signature": signature.sign_for_http_draft(self.secret),
        }

    def post(self, inbox, body, headers):
        """POST raw bytes with exactly these headers (for tests that tamper with a request);
        returns (status, body text)."""

        async def send():
            async with self._session.post(inbox, data=body, headers=headers) as response:
                return response.status, await response.text()

        return self._call(send())

    def deliver(self, activity, inbox=None):
        """Signs and POSTs an activity to ``inbox`` (default: the inbox of the actor it is
        addressed to, fetched when unknown)."""
        if inbox is None:
            inbox = self._inbox_for(activity)
        body = json.dumps(activity).encode()
        status, text = self.post(inbox, body, self.sign_headers(inbox, body))
        for thing in (activity, activity.get("object")):
            if isinstance(thing, dict) and thing.get("id"):
                self._sent_to[thing["id"]] = inbox
        return Sent(status, text, activity, inbox)

    def _inbox_for(self, activity):
        if activity.get("id") in self._sent_to:
            return self._sent_to[activity["id"]]
        recipients = [activity.get("object")] if activity.get("type") == "Follow" else []
        recipients += list(activity.get("to", [])) + list(activity.get("cc", []))
        for recipient in recipients:
            if not isinstance(recipient, str) or recipient == PUBLIC or recipient.startswith(self.base_url):
                continue
            actor = self.remote_actors.get(recipient) or self.fetch_actor(recipient)
            return actor["inbox"]
        if self.remote_actors:  # a Like or a Flag: the inbox of the actor looked up last
            return list(self.remote_actors.values())[-1]["inbox"]
        raise ValueError(f"no remote actor to deliver {activity.get('type')} to; pass inbox=")

    def post_with_stock_client(self, activity, inbox):
        """POST ``activity`` as bovine's own ``SignedHttpClient`` does, unmodified: its default
        Digest is lower-case (``sha-256=``) and it signs ``content-type`` too. Returns (status, body)."""

        async def send():
            client = SignedHttpClient(self._session, self.key_id, self.private_key_pem)
            response = await client.post(inbox, json.dumps(activity))
            async with response:
                return response.status, await response.text()

        return self._call(send())

    def follow(self, actor_id, inbox=None):
        """Follow ``actor_id`` (bovine's follow factory)."""
        return self.deliver(self.activities.follow(actor_id).build(), inbox)

    def undo(self, activity, inbox=None):
        """Undo one of alice's activities, embedding it whole as Mastodon does, sent where the
        activity went."""
        undo = self.activities.undo(activity, include_activity=True).build()
        return self.deliver(undo, inbox or self._sent_to.get(activity["id"]))

    def reply(self, in_reply_to, html, to=(), inbox=None):
        """A ``Create`` of a public ``Note`` replying to ``in_reply_to``, addressed to the actors
        in ``to`` (bovine's note and create factories). Alice then serves the note at its id."""
        note = self.notes.note(
            content=html,
            in_reply_to=in_reply_to,
            to={PUBLIC, *to},
            cc={f"{self.actor_id}/followers"},
        ).build()
        note.pop("@context")  # an embedded object carries no context of its own
        self.objects[note["id"]] = note
        return self.deliver(self.activities.create(note).build(), inbox)

    def update_note(self, note, html=None, inbox=None):
        """An ``Update`` of one of alice's notes (new ``content`` when ``html`` is given),
        sent where the note went."""
        note = {**note, "updated": now_isoformat()}
        if html is not None:
            note["content"] = html
        self.objects[note["id"]] = note
        return self.deliver(self.activities.update(note).build(), inbox or self._sent_to.get(note["id"]))

    def delete_note(self, note_id, inbox=None):
        """A ``Delete`` whose object is a ``Tombstone`` (as Mastodon sends); the note then
        answers 410 at its id."""
        tombstone = {"id": note_id, "type": "Tombstone"}
        self.objects[note_id] = tombstone
        activity = self.activities.delete(tombstone, to={PUBLIC}).build()
        return self.deliver(activity, inbox or self._sent_to.get(note_id))

    def like(self, object_id, inbox=None):
        """A ``Like`` of ``object_id`` (bovine's like factory)."""
        return self.deliver(self.activities.like(object_id).build(), inbox)

    def flag(self, object_id, content, inbox=None):
        """A ``Flag`` (a report) of ``object_id`` with a comment; Mastodon's ``object`` is a list
        (the account and the statuses), so pass a list to send one."""
        activity = self.activities.custom(type="Flag", content=content).build()
        activity["object"] = object_id
        return self.deliver(activity, inbox)


@pytest.fixture
def bovine_peer():
    """A running peer (alice on 127.0.0.1), stopped at the test's end."""
    with Peer() as peer:
        yield peer


def federate(hub, settings, live_server, username="workshifting"):
    """Switch ``hub`` on for the fediverse as ``@username`` (its ``HubActor``), with our server's
    federation addresses on the live server (loopback, hence private addresses allowed)."""
    from federation.models import HubActor

    settings.FEDERATION_BASE_URL = live_server.url
    settings.FEDERATION_ALLOW_PRIVATE_ADDRESSES = True
    return HubActor.objects.create(hub=hub, username=username, enabled=True)


@pytest.fixture
def federated_hub(hub, settings, live_server):
    """The ``hub`` fixture's hub as ``@workshifting`` (see ``federate``)."""
    return federate(hub, settings, live_server)
