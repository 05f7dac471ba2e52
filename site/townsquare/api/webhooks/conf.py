"""Defaults of outgoing webhooks: timeouts, the retry schedule, when a webhook is switched off.

The one operator setting is ``WEBHOOKS_ALLOW_PRIVATE_ADDRESSES`` (default False): whether a
webhook may point at a private, loopback, link-local or otherwise non-public address. It is read
on every check (``allow_private_addresses``), so tests and operators can change it at run time.
"""

from datetime import timedelta

from django.conf import settings

# Seconds to connect, and to wait for each read of the answer: a slow receiver must not hold a worker.
TIMEOUT = 5
# Delays before each retry of a failed delivery: 1 minute, 5 minutes, 30 minutes, 2 hours, 12 hours.
RETRY_DELAYS = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=12),
)
# The first try and one per delay.
MAX_ATTEMPTS = 1 + len(RETRY_DELAYS)
# A webhook whose deliveries were given up this many times in a row is switched off (410 Gone at once).
DEACTIVATE_AFTER = 5
# How long an attempt holds its delivery: longer than any attempt takes (a connection and a read,
# each bounded by TIMEOUT), so that only a worker that died leaves it to the next sweep.
CLAIM_FOR = timedelta(seconds=4 * TIMEOUT)
# A question is announced as unanswered once, and only when its deadline passed this recently:
# a webhook registered today does not hear about last year's questions.
OVERDUE_LOOKBACK = timedelta(days=7)
# How many due deliveries, and overdue questions, one sweep takes on (the next sweep takes the rest).
SWEEP_BATCH = 500
# Delivery log entries older than this are deleted by the sweep.
LOG_RETENTION = timedelta(days=30)
# At most this much of a receiver's answer is read (and none of it is stored).
MAX_RESPONSE_BYTES = 4096


def allow_private_addresses():
    return bool(getattr(settings, "WEBHOOKS_ALLOW_PRIVATE_ADDRESSES", False))
