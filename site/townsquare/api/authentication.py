"""How the API knows who is calling: a moderator's personal token, sent as
``Authorization: Bearer wagtail_…``.

The tokens are Wagtail's own (``wagtail.models.APIToken``, created in the admin's account
settings: ``townsquare.api.account``): only a keyed SHA-256 digest of each is stored, with a
short prefix to recognise it. The token acts as its user, with that user's rights, for as
long as the user is active and the token not revoked.

Nothing else identifies a caller: the session cookie of a signed-in browser is never read,
so a page on another site cannot act through a moderator's browser. A request without the
header is anonymous; one with a malformed, unknown or revoked token, or the token of an
inactive account, is a 401 that says ``WWW-Authenticate: Bearer``.

A credential in the query string is refused outright (400), even next to a valid header:
URLs end up in server logs, proxies and browser histories, so such a token must be
revoked, and the caller learns it at once rather than from a token that "works".

The schema describes it as an HTTP bearer scheme (``townsquare.api.schema.PersonalTokenScheme``).
"""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from wagtail.models import APIToken

SCHEME = "Bearer"
# Query-string parameters that would carry a credential, compared without case or separators.
CREDENTIAL_PARAMETERS = frozenset(
    {"token", "accesstoken", "apikey", "apitoken", "key", "auth", "authorization", "bearer", "authtoken"}
)


def credential_parameters(query_params):
    """Names of the query-string parameters that carry a credential: by their name, or by a
    value shaped like a token whatever the name."""
    found = []
    for name, values in query_params.lists():
        normalised = name.lower().replace("_", "").replace("-", "")
        if normalised in CREDENTIAL_PARAMETERS or any(APIToken.validate_token_format(value) for value in values):
            found.append(name)
    return found


def last_used_interval():
    """Seconds between two writes of a token's ``last_used_at`` (Wagtail's setting; None: never written)."""
    return getattr(settings, "WAGTAILAPI_TOKEN_LAST_USED_INTERVAL", 60)


def note_use(token, now=None):
    """Record that ``token`` was just used, at most once per ``last_used_interval()``: a busy
    client costs one UPDATE a minute, not one a request."""
    interval = last_used_interval()
    if interval is None:
        return
    now = now or timezone.now()
    if token.last_used_at is not None and (now - token.last_used_at).total_seconds() < interval:
        return
    # Conditional on the value read: of several requests arriving together, one writes.
    APIToken.objects.filter(pk=token.pk, last_used_at=token.last_used_at).update(last_used_at=now)
    token.last_used_at = now


class PersonalTokenAuthentication(BaseAuthentication):
    """Django REST framework's authentication by personal token (the API's only one)."""

    def authenticate(self, request):
        refused = credential_parameters(request.query_params)
        if refused:
            message = _(
                "Send credentials in the Authorization header (Authorization: Bearer <token>), never in the URL. "
                "A token that was in a URL may have been recorded: revoke it and create another."
            )
            raise exceptions.ValidationError({name: [message] for name in refused})
        header = get_authorization_header(request).split()
        if not header or header[0].lower() != SCHEME.lower().encode():
            return None  # anonymous: the views that need a moderator answer 401
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Send one token after Bearer, with no spaces in it."))
        try:
            secret = header[1].decode("ascii")
        except UnicodeDecodeError:
            secret = ""
        # The format and checksum first: a mistyped token costs no query.
        if not APIToken.validate_token_format(secret):
            raise exceptions.AuthenticationFailed(_("This token is not valid."))
        token = (
            APIToken.objects.select_related("user")
            .filter(key_hash__in=APIToken.candidate_key_hashes(secret), revoked_at=None)
            .first()
        )
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("This token is not valid, or was revoked."))
        note_use(token)
        return token.user, token

    def authenticate_header(self, request):
        return SCHEME
