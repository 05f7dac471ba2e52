"""Which addresses a webhook may reach: the server's one rule for outgoing requests
(``townsquare.outbound``), with the operator's ``WEBHOOKS_ALLOW_PRIVATE_ADDRESSES``.

A webhook's URL is checked when it is saved (``check_url``: a form error, nothing stored) and
again before every attempt (``resolve``).
"""

from townsquare.api.webhooks import conf
from townsquare.outbound import AddressRefused, Target, is_public  # noqa: F401 (this module's API)
from townsquare.outbound import resolve as resolve_address


def resolve(url):
    """The ``Target`` of ``url``, its host resolved and every address checked; raises
    ``AddressRefused`` with a message for the hub owner."""
    return resolve_address(url, allow_private=conf.allow_private_addresses())


def check_url(url):
    """Refuse (``AddressRefused``) a URL a webhook may not use."""
    resolve(url)
