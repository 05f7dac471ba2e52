"""The proof of work of the public forms (comments, event sign-ups): an ALTCHA challenge,
handed out fresh and checked on the server.

The visitor's browser finds the number ``n`` for which SHA-256(salt + n) is the challenge, by
trying them in turn (``discussion.js``, with Web Crypto): it takes a browser a moment and costs
a robot as much for every post. The challenge is signed with a key derived from ``SECRET_KEY``
(nobody can make one up) and expires; a solution is accepted once (``consume`` remembers it
in the cache until it expires).

What a form does with a post that has no solution (no JavaScript) is the form's rule: a
comment is held for review (``moderation.policy``), a guest's sign-up is refused
(``events.routes``). A forged, expired or replayed solution is always refused.
"""

import base64
import binascii
import datetime
import json

import altcha
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.crypto import salted_hmac

ALGORITHM = "SHA-256"
# As long as the form's own security data lasts (django-comments-xtd: two hours).
LIFETIME = datetime.timedelta(hours=2)
_USED = "moderation:altcha:used:"  # (its name since comments were the only form using it)


class Refused(Exception):
    """A solution that is not accepted; ``code`` is "forged", "expired" or "replayed"."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


def _key(secret=None):
    """The HMAC key of challenges: derived from ``secret`` (default: ``SECRET_KEY``), never the key itself."""
    secret = secret or settings.SECRET_KEY
    return salted_hmac("townsquare.altcha", "challenge", secret=secret, algorithm="sha256").hexdigest()


def max_number():
    """How many numbers a browser may try (the setting ALTCHA_MAX_NUMBER: at its default of
    100,000 a browser needs about half a second on average)."""
    return settings.ALTCHA_MAX_NUMBER


def create(number=None):
    """A fresh challenge, as the JSON the browser solves (``algorithm``, ``challenge``,
    ``maxnumber``, ``salt``, ``signature``: ALTCHA's names). ``number``: its answer, for the load
    generator only (random otherwise)."""
    challenge = altcha.create_challenge_v1(
        algorithm=ALGORITHM,
        max_number=max_number(),
        salt_length=12,
        hmac_key=_key(),
        salt="",
        number=number,
        expires=timezone.now() + LIFETIME,
        params=None,
    )
    return {
        "algorithm": challenge.algorithm,
        "challenge": challenge.challenge,
        "maxnumber": challenge.max_number,
        "salt": challenge.salt,
        "signature": challenge.signature,
    }


def _read(solution):
    """The payload of a posted solution (base64 of ALTCHA's JSON), or ``Refused("forged")``."""
    try:
        payload = json.loads(base64.b64decode(solution.encode("ascii"), validate=True))
    except (UnicodeEncodeError, binascii.Error, ValueError):
        raise Refused("forged") from None
    shape = {"algorithm": str, "challenge": str, "number": int, "salt": str, "signature": str}
    if not isinstance(payload, dict) or any(type(payload.get(name)) is not kind for name, kind in shape.items()):
        raise Refused("forged")
    if payload["algorithm"] != ALGORITHM or not 0 <= payload["number"] <= 10**12:
        raise Refused("forged")
    return {name: payload[name] for name in shape}


def _expires(payload):
    """When the challenge expires (a Unix time), from its signed salt; None when it says nothing."""
    try:
        return int(altcha.extract_params_v1(payload)["expires"][0])
    except (KeyError, IndexError, ValueError):
        return None


def verify(solution):
    """Check a posted solution: returns its signature (what ``consume`` remembers); raises
    ``Refused`` when it is forged or expired. Reads nothing but the clock."""
    payload = _read(solution)
    valid, _error = altcha.verify_solution_v1(payload, _key(), check_expires=False)
    expires = _expires(payload)
    if not valid or expires is None:
        raise Refused("forged")
    if expires < timezone.now().timestamp():
        raise Refused("expired")
    return payload["signature"], expires


def consume(signature, expires):
    """Remember a verified solution until its challenge expires; ``Refused("replayed")`` when it
    was used before. ``cache.add`` is atomic: of two posts at once, one wins. Raises
    ``shared_state.CacheUnavailable`` when the cache cannot tell (Redis went away)."""
    timeout = max(int(expires - timezone.now().timestamp()) + 1, 1)
    if not cache.add(_USED + signature, 1, timeout=timeout):
        raise Refused("replayed")


def solve(challenge):
    """The solution of ``challenge`` (a dict from ``create``), as a browser posts it: for tests
    and the load generator."""
    found = altcha.solve_challenge_v1(
        challenge["challenge"], challenge["salt"], challenge["algorithm"], challenge["maxnumber"]
    )
    return solution(challenge, found.number)


def solution(challenge, number):
    """The ``altcha`` field a browser posts for ``challenge`` answered with ``number``."""
    payload = {name: challenge[name] for name in ("algorithm", "challenge", "salt", "signature")}
    payload["number"] = number
    return base64.b64encode(json.dumps(payload).encode()).decode()
