"""Which servers are blocked: the one rule the inbox, the actor fetch and delivery ask.

A blocked domain blocks itself and every name under it ("spam.example" blocks
"a.spam.example"). Blocking a server also removes its accounts' follows, so nothing more is
delivered there; their comments stay with the moderators, who decide on them as on any other.
"""

from django.db import transaction

from federation.models import BlockedDomain, Follower


def normalise(domain):
    """``domain`` as stored: lower case, no port, no trailing dot, no leading "*." or "."."""
    domain = (domain or "").strip().lower()
    if domain.startswith("*."):
        domain = domain[2:]
    domain = domain.strip(".")
    if domain.startswith("[") and "]" in domain:  # an IPv6 address with a port
        return domain[1 : domain.index("]")]
    return domain.rsplit(":", 1)[0] if domain.count(":") == 1 else domain


def suffixes(domain):
    """``domain`` and every domain above it: "a.b.example" → a.b.example, b.example, example."""
    parts = normalise(domain).split(".")
    return [".".join(parts[index:]) for index in range(len(parts)) if parts[index]]


def is_blocked(domain):
    """Whether ``domain`` (a host name, possibly with a port) is blocked, itself or a domain above it."""
    if not domain:
        return False
    return BlockedDomain.objects.filter(domain__in=suffixes(domain)).exists()


def blocked_among(domains):
    """The domains of ``domains`` that are blocked (one query for them all)."""
    by_suffix = {domain: suffixes(domain) for domain in domains}
    wanted = {suffix for names in by_suffix.values() for suffix in names}
    blocked = set(BlockedDomain.objects.filter(domain__in=wanted).values_list("domain", flat=True))
    return {domain for domain, names in by_suffix.items() if blocked.intersection(names)}


@transaction.atomic
def block(domain, reason=""):
    """Block ``domain`` (and what is under it); returns ``(BlockedDomain, created)``.
    Follows by its accounts end."""
    domain = normalise(domain)
    blocked, created = BlockedDomain.objects.get_or_create(domain=domain, defaults={"reason": reason[:500]})
    drop_follows(domain)
    return blocked, created


@transaction.atomic
def block_many(rows):
    """Block each ``(domain, reason)`` of ``rows`` (an imported list) in a few queries, whatever
    their number; returns ``(created BlockedDomains, how many were blocked already)``. A domain
    blocked already, itself or by a domain above it, is left as it is. Follows end as with ``block``."""
    wanted = {}
    for domain, reason in rows:
        wanted.setdefault(normalise(domain), (reason or "")[:500])
    covered = blocked_among(wanted)
    new = [BlockedDomain(domain=domain, reason=reason) for domain, reason in wanted.items() if domain not in covered]
    created = BlockedDomain.objects.bulk_create(new)
    if created:
        following = set(Follower.objects.values_list("actor__domain", flat=True).distinct())
        Follower.objects.filter(actor__domain__in=blocked_among(following)).delete()
    return created, len(covered)


def drop_follows(domain):
    """End the follows of every account of ``domain`` and the domains under it."""
    domain = normalise(domain)
    return (
        Follower.objects.filter(actor__domain__iendswith=f".{domain}").delete()[0]
        + Follower.objects.filter(actor__domain__iexact=domain).delete()[0]
    )
