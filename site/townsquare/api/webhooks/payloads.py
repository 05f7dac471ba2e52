"""What a webhook receives: one JSON document per event (docs/webhooks.md lists the fields).

Only what a hub's team may already see in the admin, and never a commenter's e-mail address,
IP address or user account: the author is the name they gave.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder


def _time(value):
    return value.isoformat() if value is not None else None


def hub_data(hub):
    return {"id": hub.pk, "title": hub.title, "locale": hub.locale.language_code}


def page_data(page):
    if page is None:
        return None
    return {"id": page.pk, "title": page.title, "url": page.get_full_url()}


def comment_data(comment, state=None):
    """A comment as a webhook sees it; ``state``: the state the event is about (the comment may
    have moved on since)."""
    return {
        "id": comment.pk,
        "state": state or comment.state,
        "parent_id": comment.parent_id if comment.parent_id != comment.pk else None,
        "page": page_data(comment.page),
        "author_name": comment.user_name,
        "is_question": comment.is_question,
        "is_staff_answer": comment.is_staff_answer,
        "submitted_at": _time(comment.submit_date),
        "respond_by": _time(comment.respond_by),
    }


def feedback_data(item, old_status, new_status):
    return {
        "id": item.pk,
        "kind": item.kind,
        "status": new_status,
        "old_status": old_status,
        "comment_id": item.comment_id,
    }


def envelope(event, event_id, occurred_at, hub, **objects):
    """The whole payload: the event's name, id and time, its hub, and the objects it is about."""
    return {
        "event": str(event),
        "id": str(event_id),
        "occurred_at": _time(occurred_at),
        "hub": hub_data(hub),
        **objects,
    }


def dumps(payload):
    """The body sent (and signed): compact JSON, keys in a stable order."""
    return json.dumps(payload, cls=DjangoJSONEncoder, separators=(",", ":"), sort_keys=True, ensure_ascii=False)
