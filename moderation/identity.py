"""Who a visitor is, for the rules that count people: likes, reports, rate limits."""

import hashlib


def visitor_key(request):
    """Who is reacting: the account when signed in, else a hash of the browser session."""
    if request.user.is_authenticated:
        return f"u:{request.user.pk}"
    if not request.session.session_key:
        request.session.save()
    return "s:" + hashlib.sha256(request.session.session_key.encode()).hexdigest()[:40]


def client_ip(request):
    return request.META.get("REMOTE_ADDR") or None
