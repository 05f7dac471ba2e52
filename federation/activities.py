"""The documents federation serves and sends: addresses, the hub's actor, articles, notes and
the activities that carry them.

A hub is one actor for all its translations. A story (or event) is one ``Article`` for all its
live translations: ``name``, ``summary`` and ``content`` in the hub's own language (else the
first live one), and every live language in ``nameMap``, ``summaryMap`` and ``contentMap``, so a
follower's app can show their own. Publishing a translation sends an ``Update`` of the article.
"""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from federation import conf, keys

AS_CONTEXT = "https://www.w3.org/ns/activitystreams"


def absolute(path):
    return f"{conf.base_url()}{path}"


def host():
    from urllib.parse import urlsplit

    return urlsplit(conf.base_url()).netloc


def actor_id(hub_actor):
    return absolute(reverse("federation-actor", args=[hub_actor.username]))


def key_id(hub_actor):
    return f"{actor_id(hub_actor)}#main-key"


def followers_id(hub_actor):
    return absolute(reverse("federation-followers", args=[hub_actor.username]))


def article_id(translation_key):
    return absolute(reverse("federation-article", args=[translation_key]))


def note_id(comment_pk):
    return absolute(reverse("federation-note", args=[comment_pk]))


def handle(hub_actor):
    return f"@{hub_actor.username}@{host()}"


def iso(moment):
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if moment else None


def actor_document(hub_actor, hub):
    """The hub's actor: a ``Group`` others follow, with its key, inboxes and collections."""
    keys.ensure_keys(hub_actor)
    actor = actor_id(hub_actor)
    return {
        "@context": conf.CONTEXT,
        "id": actor,
        "type": "Group",
        "preferredUsername": hub_actor.username,
        "name": hub.title,
        "summary": f"<p>{escape(hub.topic_statement)}</p>",
        "url": hub.full_url,
        "inbox": absolute(reverse("federation-inbox", args=[hub_actor.username])),
        "outbox": absolute(reverse("federation-outbox", args=[hub_actor.username])),
        "followers": followers_id(hub_actor),
        "endpoints": {"sharedInbox": absolute(reverse("federation-shared-inbox"))},
        "manuallyApprovesFollowers": hub_actor.approve_followers,
        "discoverable": True,
        "published": iso(hub_actor.created_at),
        "publicKey": {"id": key_id(hub_actor), "owner": actor, "publicKeyPem": hub_actor.public_key},
    }


def _summary(page):
    return getattr(page, "standfirst", None) or getattr(page, "summary", None) or page.search_description or ""


def article(hub_actor, translations, *, source_language=None):
    """The ``Article`` of one story or event from its live ``translations`` (specific pages)."""
    if not translations:
        raise ValueError("An article needs at least one live translation.")
    by_language = {page.locale.language_code: page for page in translations}
    source = by_language.get(source_language) or translations[0]
    maps = {"nameMap": {}, "summaryMap": {}, "contentMap": {}}
    for language, page in by_language.items():
        url = page.full_url
        summary = _summary(page)
        maps["nameMap"][language] = page.title
        maps["summaryMap"][language] = summary
        maps["contentMap"][language] = f'<p>{escape(summary)}</p><p><a href="{escape(url)}">{escape(url)}</a></p>'
    language = source.locale.language_code
    return {
        "id": article_id(source.translation_key),
        "type": "Article",
        "attributedTo": actor_id(hub_actor),
        "name": maps["nameMap"][language],
        "summary": maps["summaryMap"][language],
        "content": maps["contentMap"][language],
        **maps,
        "url": source.full_url,
        "published": iso(min(page.first_published_at or timezone.now() for page in translations)),
        "updated": iso(max(page.last_published_at or timezone.now() for page in translations)),
        "to": [conf.PUBLIC],
        "cc": [followers_id(hub_actor)],
    }


def note(hub_actor, comment, *, in_reply_to, mention=None, page_url=""):
    """The ``Note`` of a comment of ours (the team's answer): public, mentioning who it answers."""
    document = {
        "id": note_id(comment.pk),
        "type": "Note",
        "attributedTo": actor_id(hub_actor),
        "inReplyTo": in_reply_to,
        "content": comment.html,
        "contentMap": {comment.language or "en": comment.html},
        "published": iso(comment.submit_date),
        "url": f"{page_url}#c{comment.pk}" if page_url else note_id(comment.pk),
        "to": [conf.PUBLIC],
        "cc": [followers_id(hub_actor)],
    }
    if mention is not None:
        document["cc"].append(mention.uri)
        document["tag"] = [{"type": "Mention", "href": mention.uri, "name": mention.handle}]
    return document


def tombstone(object_id, former_type):
    return {"id": object_id, "type": "Tombstone", "formerType": former_type}


def wrap(kind, hub_actor, obj, *, to=None, cc=None):
    """The activity ``kind`` (Create, Update, Delete, Accept, Reject) of ``hub_actor`` on ``obj``."""
    object_id = obj["id"] if isinstance(obj, dict) else obj
    stamp = timezone.now().strftime("%Y%m%dT%H%M%S%f")
    return {
        "@context": AS_CONTEXT,
        "id": f"{object_id}#{kind.lower()}-{stamp}"
        if object_id.startswith(conf.base_url())
        else f"{actor_id(hub_actor)}#{kind.lower()}-{stamp}",
        "type": kind,
        "actor": actor_id(hub_actor),
        "object": obj,
        "to": to if to is not None else [conf.PUBLIC],
        "cc": cc if cc is not None else [followers_id(hub_actor)],
        "published": iso(timezone.now()),
    }


def collection(collection_id, total, first_page):
    return {
        "@context": AS_CONTEXT,
        "id": collection_id,
        "type": "OrderedCollection",
        "totalItems": total,
        "first": f"{collection_id}?page={first_page}",
    }


def collection_page(collection_id, number, items, *, has_next):
    document = {
        "@context": AS_CONTEXT,
        "id": f"{collection_id}?page={number}",
        "type": "OrderedCollectionPage",
        "partOf": collection_id,
        "orderedItems": items,
    }
    if number > 1:
        document["prev"] = f"{collection_id}?page={number - 1}"
    if has_next:
        document["next"] = f"{collection_id}?page={number + 1}"
    return document
