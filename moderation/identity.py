"""Who a visitor is, for the rules that count people: likes, reports, rate limits.

A visitor's identity (``visitor(request).key``), strongest first:

- ``u:<user id>``: the signed-in account;
- ``e:<keyed hash>``: the confirmed e-mail address of a guest, normalised (``townsquare.mail.normalise_email``).
  A guest's comment is only stored once its confirmation link was opened, and the browser
  remembers the comments it wrote (``my_comments``): a stored guest comment among them means
  the browser's owner confirmed that address;
- ``a:<keyed hash>``: the client address (``townsquare.rate_limits.client_ip``; an IPv6 address counts by its /64
  network, which one household or phone holds whole).

A cookie session never counts on its own: clearing cookies or opening a private window gives
the same ``a:`` identity. Keys are HMACs with ``SECRET_KEY``, so they can be stored without
storing an address, and nobody without the key can tell whose they are. ``s:<hash>`` keys
(one per browser session) were written before identities existed and stay valid.
"""

import ipaddress
from dataclasses import dataclass

from django.utils.crypto import salted_hmac

from moderation.discussion.my_comments import my_comment_ids
from townsquare.mail import normalise_email
from townsquare.rate_limits import client_ip

KEY_SALT = "townsquare.moderation.identity"


def _keyed(kind, value):
    return f"{kind}:" + salted_hmac(KEY_SALT, f"{kind}:{value}", algorithm="sha256").hexdigest()[:40]


def address_key(ip_address):
    """The keyed hash of a client address ("" for none); an IPv6 address by its /64 network."""
    if not ip_address:
        return ""
    try:
        address = ipaddress.ip_address(ip_address)
    except ValueError:
        return _keyed("a", ip_address)
    if address.version == 6:
        return _keyed("a", ipaddress.ip_network(f"{address}/64", strict=False))
    return _keyed("a", address)


def email_key(email):
    """The keyed hash of an e-mail address, normalised ("" for none)."""
    normalised = normalise_email(email)
    return _keyed("e", normalised) if normalised else ""


def confirmed_email(request):
    """The e-mail address this browser confirmed: the guest address of the latest comment it wrote."""
    ids = my_comment_ids(request)
    if not ids:
        return ""
    from moderation.models import Comment  # models import my_comments, this module imports models late

    return (
        Comment.objects.filter(pk__in=ids, user__isnull=True)
        .exclude(user_email="")
        .order_by("-pk")
        .values_list("user_email", flat=True)
        .first()
        or ""
    )


@dataclass(frozen=True)
class Visitor:
    """Who is reacting: ``key`` is what likes and reports are unique by; ``address`` the keyed
    hash of the client address; ``user`` and ``email`` what the key stands for, when known."""

    key: str
    address: str
    user: object = None
    email: str = ""


def visitor(request, *, session=True):
    """The ``Visitor`` making ``request``: the account, else the confirmed e-mail, else the address.

    ``session=False`` (the API, which never reads a cookie): the account, else the address."""
    ip = client_ip(request)
    address = address_key(ip)
    if request.user.is_authenticated:
        return Visitor(key=f"u:{request.user.pk}", address=address, user=request.user)
    if session and (email := confirmed_email(request)):
        return Visitor(key=email_key(email), address=address, email=email)
    if address or not session:
        return Visitor(key=address, address=address)
    # No address at all (a test or a broken server): the session is all there is.
    if not request.session.session_key:
        request.session.save()
    return Visitor(key=_keyed("s", request.session.session_key), address="")


def visitor_key(request):
    """The identity likes and reports count by (see ``visitor``)."""
    return visitor(request).key
