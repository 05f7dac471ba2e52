"""Limits and settings of federation, in one place.

Operator settings (docs/operators.md): ``FEDERATION_BASE_URL`` (the public address actors and
objects are named by; default ``WAGTAILADMIN_BASE_URL``) and ``FEDERATION_ALLOW_PRIVATE_ADDRESSES``
(whether a remote server may be on a private network: tests and closed networks only). Both are
read on every use, so tests and operators can change them at run time.
"""

from datetime import timedelta

from django.conf import settings

# The largest activity an inbox reads; a bigger body is refused (413) before it is parsed.
MAX_BODY_BYTES = 256 * 1024
# The largest actor document or object fetched from another server.
MAX_FETCH_BYTES = 512 * 1024
# A signed request whose Date is further than this from now is refused: stale, or replayed later.
CLOCK_SKEW = timedelta(minutes=5)
# The longest note text taken in as a comment (characters of its HTML).
MAX_NOTE_CHARS = 20_000
# A remote actor's document (its key, its inboxes) is fetched again after this.
ACTOR_TTL = timedelta(days=1)
# Seconds to connect to another server, and to wait for each read of its answer.
TIMEOUT = 10
# Delays before each retry of a failed delivery: 1 minute, 5 minutes, 30 minutes, 2 hours, 12 hours, 1 day.
RETRY_DELAYS = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=12),
    timedelta(days=1),
)
MAX_ATTEMPTS = 1 + len(RETRY_DELAYS)
# Requests per minute to one domain: a busy hub never floods a small server.
PER_DOMAIN_PER_MINUTE = 60
# How long an attempt holds its delivery, so that a second worker leaves it alone.
CLAIM_FOR = timedelta(seconds=4 * TIMEOUT)
# How many due deliveries one sweep queues (the next sweep takes the rest).
SWEEP_BATCH = 500
# Delivery log entries older than this are deleted by the sweep.
LOG_RETENTION = timedelta(days=30)
# Items per page of an outbox or a followers collection.
PAGE_SIZE = 20
# The content type of every ActivityPub document.
CONTENT_TYPE = "application/activity+json"
ACCEPTED_TYPES = ("application/activity+json", "application/ld+json", "application/json")
PUBLIC = "https://www.w3.org/ns/activitystreams#Public"
CONTEXT = ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"]


def base_url():
    return (getattr(settings, "FEDERATION_BASE_URL", None) or settings.WAGTAILADMIN_BASE_URL).rstrip("/")


def allow_private_addresses():
    return bool(getattr(settings, "FEDERATION_ALLOW_PRIVATE_ADDRESSES", False))
