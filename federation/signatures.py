"""HTTP Signatures (draft-cavage-12, rsa-sha256), as Mastodon and the rest of the fediverse sign
requests: apsig computes and checks them; this module holds what we require of them.

A request to an inbox must sign ``(request-target)``, ``host``, ``date`` and ``digest`` (the
SHA-256 of the body, checked), be dated within ``conf.CLOCK_SKEW`` of now, and name a key whose
owner is the actor of the activity (checked by the inbox). Our own requests sign the same headers.
"""

import base64
import email.utils
import hashlib
from datetime import UTC
from urllib.parse import urlsplit

from apsig.draft.sign import Signer
from apsig.draft.verify import Verifier
from apsig.exceptions import MissingSignatureError, UnknownSignatureError, VerificationFailedError
from django.utils import timezone

from federation import conf, keys

REQUIRED = ("(request-target)", "host", "date")


class SignatureRefused(Exception):
    """The request's signature is missing, malformed, stale or wrong: a 401, with the reason."""


def sign(hub_actor, method, url, *, body=b"", headers=None):
    """The headers of a request from ``hub_actor`` to ``url``, signed (Date, Host, Digest for a body)."""
    from federation import activities

    headers = dict(headers or {})
    headers.setdefault("Date", email.utils.formatdate(usegmt=True))
    headers.setdefault("Host", urlsplit(url).netloc)
    signed_headers = ["(request-target)", "host", "date"]
    if method.upper() != "GET":
        signed_headers.append("digest")
    signed = Signer(
        headers=headers,
        private_key=keys.private_key(hub_actor),
        method=method,
        url=url,
        key_id=activities.key_id(hub_actor),
        body=body,
        signed_headers=signed_headers,
    ).sign()
    signed.pop("Authorization", None)  # apsig adds both forms; servers read "Signature"
    return signed


def parse(header):
    """The parameters of a Signature header: ``{"keyId": ..., "headers": [...], ...}``."""
    parts = {}
    for item in header.split(","):
        name, _sep, value = item.strip().partition("=")
        if not _sep:
            raise SignatureRefused("The Signature header is malformed.")
        parts[name.strip()] = value.strip().strip('"')
    if not parts.get("keyId") or not parts.get("signature"):
        raise SignatureRefused("The Signature header names no key or no signature.")
    parts["headers"] = parts.get("headers", "date").lower().split()
    return parts


def request_headers(request):
    """The request's headers as apsig reads them: lower-case names."""
    return {name.lower(): value for name, value in request.headers.items()}


def check_policy(parts, headers, *, has_body):
    """Refuse a signature that leaves out what must be signed, or whose date is stale."""
    signed = parts["headers"]
    missing = [name for name in (*REQUIRED, *(("digest",) if has_body else ())) if name not in signed]
    if missing:
        raise SignatureRefused(f"The signature must cover: {', '.join(missing)}.")
    algorithm = parts.get("algorithm", "rsa-sha256").lower()
    if algorithm not in ("rsa-sha256", "hs2019"):
        raise SignatureRefused(f"Unsupported signature algorithm: {algorithm}.")
    parsed = email.utils.parsedate_to_datetime(headers["date"]) if headers.get("date") else None
    if parsed is None:
        raise SignatureRefused("The request has no Date.")
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    if abs(timezone.now() - parsed) > conf.CLOCK_SKEW:
        raise SignatureRefused("The request's Date is too far from now: stale or replayed.")


def verify(request, body, public_key_pem, parts):
    """Check ``request``'s signature with ``public_key_pem``; raises ``SignatureRefused``."""
    headers = request_headers(request)
    # The Digest is checked here, its algorithm name in any case ("SHA-256=", as Mastodon writes
    # it, or "sha-256="); apsig, given no body, checks the signature only.
    if body:
        check_digest(headers.get("digest", ""), body)
    headers.setdefault("host", request.get_host())
    for pseudo in ("created", "expires"):  # hs2019's pseudo-headers, when signed
        if pseudo in parts:
            headers[f"({pseudo})"] = parts[pseudo]
    # apsig builds the signing string from the headers the signature names, in their order.
    headers["signature"] = ",".join(
        [
            f'keyId="{parts["keyId"]}"',
            'algorithm="rsa-sha256"',
            f'headers="{" ".join(parts["headers"])}"',
            f'signature="{parts["signature"]}"',
        ]
    )
    try:
        Verifier(
            public_pem=public_key_pem,
            method=request.method,
            url=request.build_absolute_uri(request.path),
            headers=headers,
            body=None,
            clock_skew=int(conf.CLOCK_SKEW.total_seconds()),
        ).verify(raise_on_fail=True)
    except (MissingSignatureError, UnknownSignatureError, VerificationFailedError, ValueError, KeyError) as error:
        raise SignatureRefused(f"The signature does not verify: {error}") from None


def check_digest(header, body):
    """Refuse a Digest header that holds no SHA-256 of ``body``."""
    expected = base64.b64encode(hashlib.sha256(body).digest()).decode()
    for item in header.split(","):
        algorithm, _sep, value = item.strip().partition("=")
        if algorithm.lower() == "sha-256" and value == expected:
            return
    raise SignatureRefused("The Digest does not match the body.")


def fingerprint(request):
    """A digest of the request's Signature header: the same signature seen twice is a replay."""
    return hashlib.sha256(request.headers.get("Signature", "").encode()).hexdigest()
