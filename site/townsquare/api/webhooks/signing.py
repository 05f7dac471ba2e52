"""Signatures of webhook requests: HMAC-SHA256 of ``"<timestamp>.<body>"`` with the webhook's secret.

Sent as ``Townsquare-Signature: t=<unix seconds>,v1=<hex digest>``. The timestamp is signed with
the body, so that a receiver can refuse a request replayed later (docs/webhooks.md shows how a
receiver checks both).
"""

import hashlib
import hmac
import time

SIGNATURE_HEADER = "Townsquare-Signature"
EVENT_HEADER = "Townsquare-Event"
DELIVERY_HEADER = "Townsquare-Delivery"
# How old a signed request a receiver should still accept, by default (``verify``).
TOLERANCE_SECONDS = 300


def digest(secret, timestamp, body):
    """The hex HMAC-SHA256 of ``"<timestamp>.<body>"`` (``body``: the exact text sent)."""
    message = f"{int(timestamp)}.".encode() + (body if isinstance(body, bytes) else body.encode())
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signature_header(secret, body, timestamp=None):
    """The value of ``Townsquare-Signature`` for ``body`` sent now (or at ``timestamp``)."""
    timestamp = int(time.time()) if timestamp is None else int(timestamp)
    return f"t={timestamp},v1={digest(secret, timestamp, body)}"


def verify(secret, body, header, *, tolerance=TOLERANCE_SECONDS, now=None):
    """Whether ``header`` is a valid signature of ``body`` made within ``tolerance`` seconds:
    what a receiver does (the same code is in docs/webhooks.md)."""
    try:
        fields = dict(part.split("=", 1) for part in header.split(","))
        timestamp = int(fields["t"])
    except (KeyError, ValueError):
        return False
    now = time.time() if now is None else now
    if abs(now - timestamp) > tolerance:
        return False
    expected = digest(secret, timestamp, body)
    return any(
        hmac.compare_digest(expected, value)
        for key, value in (part.split("=", 1) for part in header.split(","))
        if key == "v1"
    )
