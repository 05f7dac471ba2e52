"""Other servers' actors: fetched (signed, bounded, from public addresses only) and cached.

``actor(uri)`` is a ``RemoteActor`` from the cache while it is younger than ``conf.ACTOR_TTL``,
else fetched again; ``actor_for_key(key_id)`` finds the actor whose key signed a request. A
blocked server is never fetched from (``RemoteRefused``).
"""

import json
from urllib.parse import urldefrag, urlsplit

from django.utils import timezone

from federation import blocks, conf, signatures
from federation.models import HubActor, RemoteActor
from townsquare import outbound


class RemoteRefused(Exception):
    """The actor could not be had: unreachable, blocked, not an actor, or not what it claims."""


def domain_of(uri):
    return blocks.normalise(urlsplit(uri or "").netloc)


def _signing_actor():
    """The hub actor that signs our fetches (servers in "secure mode" answer signed requests only)."""
    return HubActor.objects.filter(enabled=True).order_by("pk").first()


def fetch(uri):
    """The JSON document at ``uri``; raises ``RemoteRefused``."""
    if urlsplit(uri or "").scheme not in ("http", "https"):
        raise RemoteRefused("Not an http(s) address.")
    if blocks.is_blocked(domain_of(uri)):
        raise RemoteRefused("That server is blocked.")
    try:
        target = outbound.resolve(uri, allow_private=conf.allow_private_addresses())
    except outbound.AddressRefused as refusal:
        raise RemoteRefused(str(refusal)) from None
    headers = {"Accept": f'{conf.CONTENT_TYPE}, application/ld+json; profile="https://www.w3.org/ns/activitystreams"'}
    signer = _signing_actor()
    if signer is not None:
        headers = signatures.sign(signer, "GET", uri, headers=headers)
    response = outbound.exchange(
        "GET", target, headers=headers, timeout=conf.TIMEOUT, max_bytes=conf.MAX_FETCH_BYTES + 1
    )
    if response.status != 200:
        raise RemoteRefused(response.error or f"The server answered HTTP {response.status}.")
    if len(response.body) > conf.MAX_FETCH_BYTES:
        raise RemoteRefused("The document is too large.")
    try:
        document = json.loads(response.body)
    except ValueError:
        raise RemoteRefused("The document is not JSON.") from None
    if not isinstance(document, dict):
        raise RemoteRefused("The document is not a JSON object.")
    return document


def _text(value, limit):
    return value[:limit] if isinstance(value, str) else ""


def _url(value):
    if isinstance(value, dict):
        value = value.get("href")
    if isinstance(value, list):
        value = next((item if isinstance(item, str) else item.get("href") for item in value if item), "")
    return value if isinstance(value, str) and urlsplit(value).scheme in ("http", "https") else ""


def store(document, *, fetched_from):
    """Cache the actor ``document`` fetched from ``fetched_from``; raises ``RemoteRefused`` when
    it is not an actor with an inbox and a key on the server it came from."""
    uri = document.get("id")
    if not isinstance(uri, str) or domain_of(uri) != domain_of(fetched_from):
        raise RemoteRefused("The actor's id is not on the server it came from.")
    inbox = _url(document.get("inbox"))
    key = document.get("publicKey")
    if isinstance(key, list):
        key = next((item for item in key if isinstance(item, dict)), None)
    if not inbox or not isinstance(key, dict) or not isinstance(key.get("publicKeyPem"), str):
        raise RemoteRefused("The document is not an actor with an inbox and a public key.")
    if key.get("owner", uri) != uri or domain_of(key.get("id", "")) != domain_of(uri):
        raise RemoteRefused("The actor's key belongs to someone else.")
    endpoints = document.get("endpoints") if isinstance(document.get("endpoints"), dict) else {}
    shared = _url(endpoints.get("sharedInbox"))
    values = {
        "domain": domain_of(uri),
        "username": _text(document.get("preferredUsername"), 255),
        "name": _text(document.get("name"), 255),
        "profile_url": _url(document.get("url"))[:500] or uri,
        "inbox": inbox[:500],
        "shared_inbox": shared[:500] if domain_of(shared) == domain_of(uri) else "",
        "key_id": key.get("id", f"{uri}#main-key")[:500],
        "public_key": key["publicKeyPem"],
        "fetched_at": timezone.now(),
    }
    remote, _created = RemoteActor.objects.update_or_create(uri=uri, defaults=values)
    return remote


def actor(uri, *, refresh=False):
    """The ``RemoteActor`` at ``uri``, cached or fetched; raises ``RemoteRefused``."""
    if not refresh:
        cached = RemoteActor.objects.filter(uri=uri, fetched_at__gte=timezone.now() - conf.ACTOR_TTL).first()
        if cached is not None:
            return cached
    return store(fetch(uri), fetched_from=uri)


def actor_for_key(key_id, *, refresh=False):
    """The ``RemoteActor`` whose key is ``key_id``; raises ``RemoteRefused``.

    A key id is usually the actor's address with a fragment ("…/users/alice#main-key"); else it is
    a document of its own naming its owner."""
    if not refresh:
        cached = RemoteActor.objects.filter(key_id=key_id, fetched_at__gte=timezone.now() - conf.ACTOR_TTL).first()
        if cached is not None:
            return cached
    uri, _fragment = urldefrag(key_id)
    document = fetch(uri)
    if document.get("owner") and not document.get("inbox"):  # a key document: its owner is the actor
        owner = document.get("owner")
        if not isinstance(owner, str) or domain_of(owner) != domain_of(key_id):
            raise RemoteRefused("The key's owner is on another server.")
        document, uri = fetch(owner), owner
    remote = store(document, fetched_from=uri)
    if remote.key_id != key_id:
        raise RemoteRefused("The actor does not have that key.")
    return remote
