"""Which addresses a webhook may reach: http(s) on the public internet, nothing inside.

A webhook's URL is checked when it is saved (``check_url``: a form error, nothing stored) and
again before every attempt (``resolve``): a host name may resolve elsewhere by then. Every
address the name resolves to must be public, and the delivery connects to the address that
was checked, never resolving the name a second time, so that a name answering a public
address to the check and a private one to the connection gains nothing.

Unless the operator sets ``WEBHOOKS_ALLOW_PRIVATE_ADDRESSES`` (a receiver on the same
network), refused are the private, loopback, link-local, reserved, multicast, unspecified and
other non-global addresses (shared address space, documentation ranges...), IPv4 written
inside IPv6 included.
"""

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

from townsquare.api.webhooks import conf

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


def resolve(url):
    """The ``Target`` of ``url``, its host resolved and every address checked.

    Raises ``AddressRefused`` with a message for the hub owner."""
    scheme, host, port, path = _parts(url)
    addresses = _addresses(host, port)
    if not conf.allow_private_addresses():
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


def check_url(url):
    """Refuse (``AddressRefused``) a URL a webhook may not use; see the module's docstring."""
    resolve(url)
