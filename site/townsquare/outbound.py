"""Requests this server makes to addresses other people gave it (webhooks, fediverse servers).

One place holds the rule of which addresses those may be: http(s) on the public internet,
nothing inside. A URL is checked when it is given (a form error, nothing stored) and again
before every request (``resolve``): a host name may resolve elsewhere by then. Every address the
name resolves to must be public, and the request connects to the address that was checked, never
resolving the name a second time, so that a name answering a public address to the check and a
private one to the connection gains nothing (``exchange``).

Unless the caller allows private addresses (an operator's setting: a receiver on the same
network), refused are the private, loopback, link-local, reserved, multicast, unspecified and
other non-global addresses (shared address space, documentation ranges...), IPv4 written inside
IPv6 included.
"""

import http.client
import ipaddress
import socket
import ssl
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

SCHEMES = {"http": 80, "https": 443}


class AddressRefused(ValueError):
    """The URL may not be used; the message says why, for the hub owner."""


@dataclass(frozen=True)
class Target:
    """Where one attempt goes: the URL's parts and the checked address to connect to."""

    scheme: str
    host: str
    port: int
    path: str  # path and query, never empty
    address: str


def _parts(url):
    try:
        parts = urlsplit(url)
        port = parts.port  # raises on a port that is not a number, or out of range
    except ValueError:
        raise AddressRefused(_("This is not a valid URL.")) from None
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise AddressRefused(_("Only http and https addresses can receive webhooks."))
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        raise AddressRefused(_("Leave the user name and password out of the URL: requests are signed instead."))
    if not parts.hostname:
        raise AddressRefused(_("This URL has no host name."))
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return scheme, parts.hostname, port or SCHEMES[scheme], path


def is_public(address):
    """Whether ``address`` (an IP address as text) is one a webhook may reach by default."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # an IPv6 zone ("fe80::1%eth0") is link-local anyway
    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_reserved
        or ip.is_multicast
        or ip.is_unspecified
        or not ip.is_global
    )


def _addresses(host, port):
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        return [str(ip)]
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise AddressRefused(_("The host name %(host)s could not be found.") % {"host": host}) from None
    addresses = []
    for _family, _type, _proto, _name, sockaddr in found:
        if sockaddr[0] not in addresses:
            addresses.append(sockaddr[0])
    if not addresses:
        raise AddressRefused(_("The host name %(host)s could not be found.") % {"host": host})
    return addresses


def resolve(url, *, allow_private=False):
    """The ``Target`` of ``url``, its host resolved and every address checked (any address is
    accepted with ``allow_private``: a receiver on the same network, or the tests' loopback).

    Raises ``AddressRefused`` with a message for the person who gave the URL."""
    scheme, host, port, path = _parts(url)
    addresses = _addresses(host, port)
    if not allow_private:
        refused = [address for address in addresses if not is_public(address)]
        if refused:
            raise AddressRefused(
                _(
                    "%(host)s points at an address inside a private network (%(address)s): "
                    "webhooks can only reach public addresses."
                )
                % {"host": host, "address": refused[0]}
            )
    return Target(scheme=scheme, host=host, port=port, path=path, address=addresses[0])


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the address that was checked, whatever the host name resolves to now."""

    def __init__(self, host, port, *, address, **kwargs):
        super().__init__(host, port, **kwargs)
        self.checked_address = address

    def connect(self):
        self.sock = socket.create_connection((self.checked_address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """As ``_PinnedHTTPConnection``, the certificate still checked against the host name."""

    def __init__(self, host, port, *, address, **kwargs):
        super().__init__(host, port, context=_tls_context(), **kwargs)
        self.checked_address = address

    def connect(self):
        sock = socket.create_connection((self.checked_address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def _tls_context():
    try:
        import certifi
    except ImportError:  # pragma: no cover - certifi comes with requests
        return ssl.create_default_context()
    return ssl.create_default_context(cafile=certifi.where())


@dataclass
class Response:
    """What a receiver answered: its HTTP status (None when nothing came), the first bytes of its
    body, its headers (lower-case names), or the error that stopped the exchange."""

    status: int | None
    body: bytes = b""
    headers: dict = field(default_factory=dict)
    error: str = ""


def exchange(method, target, *, body=None, headers=None, timeout=5, max_bytes=4096):
    """Send one request to ``target`` (a ``Target``) and read at most ``max_bytes`` of the answer.
    Redirects are never followed; timeouts, TLS and connection errors come back as ``error``."""
    connection_class = _PinnedHTTPSConnection if target.scheme == "https" else _PinnedHTTPConnection
    connection = connection_class(target.host, target.port, address=target.address, timeout=timeout)
    try:
        connection.request(method, target.path, body=body, headers=headers or {})
        response = connection.getresponse()
        content = response.read(max_bytes)
        answer_headers = {name.lower(): value for name, value in response.getheaders()}
        return Response(status=response.status, body=content, headers=answer_headers)
    except TimeoutError:
        return Response(None, error=_("No answer within %(seconds)s seconds.") % {"seconds": timeout})
    except ssl.SSLError as error:
        return Response(None, error=_("TLS error: %(error)s") % {"error": error})
    except (OSError, http.client.HTTPException) as error:
        return Response(None, error=_("Connection failed: %(error)s") % {"error": str(error) or type(error).__name__})
    finally:
        connection.close()


# Deliveries (webhooks, fediverse): rows with ``status``, ``attempts``, ``next_attempt_at`` and
# ``claimed_until``, attempted by a task and retried later. One rule for both: which are due, and
# how one run takes a delivery so that a task queued twice (by a retry and by the sweep) sends once.

PENDING = "pending"


def claim(deliveries, pk, attempts_made, now, hold_for):
    """Take the pending delivery ``pk`` of ``deliveries`` (a queryset) for ``hold_for``, if it is
    still at ``attempts_made`` attempts and nobody holds it; True when this run took it."""
    return bool(
        deliveries.filter(
            Q(claimed_until=None) | Q(claimed_until__lt=now), pk=pk, status=PENDING, attempts=attempts_made
        ).update(claimed_until=now + hold_for)
    )


def due(deliveries, now, limit):
    """``(pk, attempts)`` of the pending deliveries whose next attempt is due at ``now`` and that
    no live run holds, the most overdue first, at most ``limit``."""
    return list(
        deliveries.filter(status=PENDING, next_attempt_at__lte=now)
        .filter(Q(claimed_until=None) | Q(claimed_until__lt=timezone.now()))
        .order_by("next_attempt_at", "pk")
        .values_list("pk", "attempts")[:limit]
    )
