"""What other servers send to a hub: checked, then handed to the same services as the site's forms.

``receive(request, hub_actor=None)`` (the hub's inbox, or the shared inbox with None) answers
with a ``Result`` (HTTP status and reason). In order, refused with nothing stored:

1. a body over ``conf.MAX_BODY_BYTES``: 413;
2. no Signature header: 401; not a JSON object with ``id``, ``type`` and ``actor``: 400;
3. an actor or key on a blocked server: 403;
4. a signature that leaves out (request-target), host, date or digest, a Date more than
   ``conf.CLOCK_SKEW`` from now, a signature already received (a replay), a key that cannot be
   fetched, or a signature that does not verify: 401; a key that is not the actor's: 401;
5. an activity id already received: 202, nothing done again.

Then, by type: ``Follow``/``Undo`` (``follows``); ``Create`` of a ``Note`` replying to an article
or a comment of a federated hub: a comment through ``lifecycle.create_comment``, the same policy
as the form (its author at the lowest trust: ``policy``); ``Update``/``Delete`` of that note:
``lifecycle.edit_comment`` / ``lifecycle.remove``; ``Like``: ``reactions.set_like``; ``Flag``:
``reactions.file_report``. A note's HTML becomes the plain text a comment is written in; its
markup, scripts included, does not survive (``moderation.sanitize`` renders it like any comment).
"""

import hashlib
import html
import json
import logging
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import nh3
from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import Resolver404, resolve

from federation import blocks, conf, follows, pages, remote, signatures
from federation.models import HubActor, ReceivedActivity

logger = logging.getLogger("townsquare.federation")


@dataclass
class Result:
    status: int
    detail: str = ""
    retry_after: int | None = None


class Refused(Exception):
    def __init__(self, status, detail, retry_after=None):
        super().__init__(detail)
        self.result = Result(status, detail, retry_after)


def _read_body(request):
    length = request.META.get("CONTENT_LENGTH") or "0"
    try:
        declared = int(length)
    except ValueError:
        raise Refused(400, "Content-Length is not a number.") from None
    if declared > conf.MAX_BODY_BYTES:
        raise Refused(413, f"Activities are limited to {conf.MAX_BODY_BYTES} bytes.")
    body = request.read(conf.MAX_BODY_BYTES + 1)
    if len(body) > conf.MAX_BODY_BYTES:
        raise Refused(413, f"Activities are limited to {conf.MAX_BODY_BYTES} bytes.")
    return body


def _id(value):
    """The id of ``value`` (an object or an address), or ""."""
    if isinstance(value, dict):
        value = value.get("id")
    return value if isinstance(value, str) and urlsplit(value).scheme in ("http", "https") else ""


def _parse(body):
    try:
        activity = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise Refused(400, "The body is not JSON.") from None
    if not isinstance(activity, dict):
        raise Refused(400, "The activity is not a JSON object.")
    if not _id(activity.get("id")) or not isinstance(activity.get("type"), str) or not _id(activity.get("actor")):
        raise Refused(400, "An activity needs an id, a type and an actor.")
    activity["actor"] = _id(activity["actor"])
    return activity


def _authenticate(request, body, activity):
    """The ``RemoteActor`` who signed ``request``, who must be the activity's actor."""
    header = request.headers.get("Signature")
    if not header:
        raise Refused(401, "Requests to an inbox must be signed (HTTP Signatures).")
    try:
        parts = signatures.parse(header)
        signatures.check_policy(parts, signatures.request_headers(request), has_body=bool(body))
    except signatures.SignatureRefused as refusal:
        raise Refused(401, str(refusal)) from None
    if blocks.is_blocked(remote.domain_of(parts["keyId"])):
        raise Refused(403, "This server is blocked.")
    if ReceivedActivity.objects.filter(signature=signatures.fingerprint(request)).exists():
        raise Refused(401, "This signed request was received already: a replay.")
    try:
        signer = remote.actor_for_key(parts["keyId"])
    except remote.RemoteRefused as refusal:
        raise Refused(401, f"The signing key could not be had: {refusal}") from None
    try:
        signatures.verify(request, body, signer.public_key, parts)
    except signatures.SignatureRefused:
        # The actor may have a new key since we cached it: fetch it once more.
        try:
            signer = remote.actor_for_key(parts["keyId"], refresh=True)
            signatures.verify(request, body, signer.public_key, parts)
        except (remote.RemoteRefused, signatures.SignatureRefused) as refusal:
            raise Refused(401, str(refusal)) from None
    if signer.uri != activity["actor"]:
        raise Refused(401, "The request is signed by someone other than the activity's actor.")
    return signer


def receive(request, hub_actor=None):
    """Take in the activity of ``request``; see the module's docstring."""
    try:
        body = _read_body(request)
        activity = _parse(body)
        if blocks.is_blocked(remote.domain_of(activity["actor"])):
            raise Refused(403, "This server is blocked.")
        signer = _authenticate(request, body, activity)
        try:
            with transaction.atomic():
                ReceivedActivity.objects.create(
                    activity_id=activity["id"][:500],
                    signature=signatures.fingerprint(request),
                    actor=signer.uri,
                    activity_type=activity["type"][:20],
                )
                result = _handle(activity, signer, hub_actor)
        except IntegrityError:
            if ReceivedActivity.objects.filter(activity_id=activity["id"][:500]).exists():
                return Result(202, "Already received.")
            raise
        return result
    except Refused as refusal:
        logger.info("Inbox refused an activity (%s): %s", refusal.result.status, refusal.result.detail)
        return refusal.result


HANDLERS = {}


def handles(*kinds):
    def register(function):
        for kind in kinds:
            HANDLERS[kind] = function
        return function

    return register


def _handle(activity, signer, hub_actor):
    handler = HANDLERS.get(activity["type"])
    if handler is None:
        return Result(202, "Nothing to do with this type of activity.")
    return handler(activity, signer, hub_actor)


def _local_actor(value, hub_actor):
    """The enabled ``HubActor`` named by ``value`` (an actor address of ours)."""
    match = _ours(_id(value))
    if match is None or match.url_name != "federation-actor":
        raise Refused(404, "No hub of this server has that address.")
    found = HubActor.objects.filter(username=match.kwargs["username"], enabled=True).select_related("hub").first()
    if found is None or (hub_actor is not None and found.pk != hub_actor.pk):
        raise Refused(404, "That hub cannot be followed.")
    return found


def _ours(address):
    """The URL match of ``address`` when it is one of ours, else None."""
    base = conf.base_url()
    if not address or not address.startswith(f"{base}/"):
        return None
    try:
        return resolve(urlsplit(address).path)
    except Resolver404:
        return None


@handles("Follow")
def _follow(activity, signer, hub_actor):
    target = _local_actor(activity.get("object"), hub_actor)
    follows.request(target, signer, activity["id"])
    return Result(202, "Follow received.")


@handles("Undo")
def _undo(activity, signer, hub_actor):
    obj = activity.get("object")
    kind = obj.get("type") if isinstance(obj, dict) else None
    if isinstance(obj, dict) and _id(obj.get("actor")) not in ("", signer.uri):
        raise Refused(403, "Only its actor can undo an activity.")
    if kind == "Follow":
        follows.undo(_local_actor(obj.get("object"), hub_actor), signer)
        return Result(202, "Unfollowed.")
    if kind == "Like":
        target = _comment_of(_id(obj.get("object")))
        if target is not None:
            from moderation import reactions

            reactions.set_like(target, target.page, visitor_key(signer), liked=False)
        return Result(202, "Like taken back.")
    return Result(202, "Nothing to undo.")


def visitor_key(remote_actor):
    """The identity a remote account likes and reports by (``moderation.identity``'s keys are
    short prefixed strings too)."""
    return "ap:" + hashlib.sha256(remote_actor.uri.encode()).hexdigest()[:56]


LINK = re.compile(r'<a\s[^>]*href="([^"]*)"[^>]*>(.*?)</a>', re.IGNORECASE | re.DOTALL)


def note_text(content):
    """The plain text of a note's HTML, as a comment is written: paragraphs and line breaks
    kept, a link whose text is not its address written "text (address)", everything else
    dropped (scripts and styles with what they hold)."""
    cleaned = nh3.clean(content, tags={"a", "p", "br"}, attributes={"a": {"href"}}, link_rel=None)

    def link(match):
        href, text = html.unescape(match.group(1)), nh3.clean(match.group(2), tags=set())
        plain = html.unescape(text).strip()
        bare = href.split("://", 1)[-1].rstrip("/")
        if not plain or plain.startswith("@") or plain.startswith("#") or bare.startswith(plain.rstrip("/…")):
            return plain or href
        return f"{plain} ({href})"

    cleaned = LINK.sub(link, cleaned)
    cleaned = re.sub(r"</p\s*>\s*<p[^>]*>", "\n\n", cleaned, flags=re.IGNORECASE)
    cleaned = re.sub(r"<br\s*/?>", "\n", cleaned, flags=re.IGNORECASE)
    text = html.unescape(nh3.clean(cleaned, tags=set()))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _note_of(activity, signer):
    note = activity.get("object")
    if not isinstance(note, dict) or note.get("type") != "Note":
        raise Refused(422, "Only notes can be replies here.")
    note_id = _id(note.get("id"))
    if not note_id or remote.domain_of(note_id) != remote.domain_of(signer.uri):
        raise Refused(422, "The note's id must be on its author's server.")
    if _id(note.get("attributedTo")) != signer.uri:
        raise Refused(403, "The note is attributed to someone other than the signer.")
    content = note.get("content")
    if not isinstance(content, str):
        content_map = note.get("contentMap")
        content = next(iter(content_map.values()), None) if isinstance(content_map, dict) and content_map else None
    if not isinstance(content, str) or len(content) > conf.MAX_NOTE_CHARS:
        raise Refused(422 if not isinstance(content, str) else 413, "The note has no content, or too much.")
    text = note_text(content)
    from moderation.sanitize import MAX_LENGTH

    if not text:
        raise Refused(422, "The note has no text.")
    if len(text) > MAX_LENGTH:
        raise Refused(413, f"Comments are limited to {MAX_LENGTH} characters.")
    return note, note_id, text


def _note_language(note):
    for key in ("contentMap",):
        content_map = note.get(key)
        if isinstance(content_map, dict) and content_map:
            return str(next(iter(content_map))).split("-")[0].lower()
    return None


def _comment_of(address):
    """The comment at ``address``: one of ours (``/ap/comments/<pk>``) or a remote note we took in."""
    from moderation.models import Comment

    if not address:
        return None
    match = _ours(address)
    if match is not None:
        if match.url_name != "federation-note":
            return None
        return Comment.objects.filter(pk=match.kwargs["pk"]).select_related("page", "hub").first()
    return Comment.objects.filter(remote_id=address).select_related("page", "hub").first()


def _reply_target(in_reply_to, language):
    """(page, hub, parent comment or None) that a note replying to ``in_reply_to`` joins."""
    from moderation.models import Comment

    match = _ours(in_reply_to)
    if match is not None and match.url_name == "federation-article":
        found = pages.translations([match.kwargs["translation_key"]]).get(match.kwargs["translation_key"])
        if not found:
            raise Refused(404, "That page does not exist, or is not published.")
        page = next((page for page in found if page.locale.language_code == language), found[0])
        return page, pages.hub_of(page), None
    parent = _comment_of(in_reply_to)
    if parent is None or parent.state != Comment.State.PUBLISHED:
        raise Refused(404, "The note does not reply to a page or a published comment here.")
    page = parent.page.specific
    return page, parent.hub, parent


PUBLIC_ADDRESSES = {conf.PUBLIC, "as:Public", "Public"}


def _is_public(thing):
    """Whether ``thing`` (a note or an activity) is addressed to everyone (in ``to`` or ``cc``:
    Mastodon's "public" and "unlisted")."""
    for field in ("to", "cc"):
        value = thing.get(field)
        values = value if isinstance(value, list) else [value]
        if PUBLIC_ADDRESSES.intersection(item for item in values if isinstance(item, str)):
            return True
    return False


@handles("Create")
def _create(activity, signer, hub_actor):
    from moderation import lifecycle, policy
    from moderation.models import Comment

    note, note_id, text = _note_of(activity, signer)
    if not _is_public(note) and not _is_public(activity):
        # A followers-only or direct reply was not written for everyone: it never becomes a comment.
        raise Refused(422, "Only public replies become comments here; this one was addressed to some people only.")
    in_reply_to = _id(note.get("inReplyTo"))
    if not in_reply_to:
        raise Refused(422, "Only replies to this server's stories and comments are taken in.")
    page, hub, parent = _reply_target(in_reply_to, _note_language(note))
    if hub is None or not pages.is_federated_type(page) or pages.actor_of_hub(hub) is None:
        raise Refused(404, "That page is not federated.")
    if not page.comments_are_open(hub=hub):
        raise Refused(403, "Comments are closed on this page.")
    if parent is not None:
        # Deeper than the hub allows: the note joins the deepest comment it may answer.
        while parent is not None and parent.level >= hub.max_reply_depth:
            parent = None if parent.parent_id == parent.pk else Comment.objects.get(pk=parent.parent_id)
    limited = policy.check_rate_limit(ip_address=signer.uri, email="")
    if limited:
        raise Refused(429, str(limited), retry_after=getattr(limited, "retry_after", None))
    if Comment.objects.filter(remote_id=note_id).exists():
        return Result(202, "Already received.")
    lifecycle.create_comment(
        story=page,
        hub=hub,
        parent=parent,
        user=None,
        name=signer.handle[:50],
        email="",
        text=text,
        followup=False,
        ip_address=None,
        site_id=settings.SITE_ID,
        remote_author=signer.uri,
        remote_id=note_id,
        author_url=signer.profile_url,
    )
    return Result(202, "Reply received.")


def _own_comment(address, signer):
    comment = _comment_of(address)
    if comment is None or not comment.remote_id:
        return None
    if comment.remote_author != signer.uri:
        raise Refused(403, "Only its author can change this note.")
    return comment


@handles("Update")
def _update(activity, signer, hub_actor):
    from moderation import lifecycle

    obj = activity.get("object")
    if isinstance(obj, dict) and obj.get("type") == "Note":
        note, note_id, text = _note_of(activity, signer)
        comment = _own_comment(note_id, signer)
        if comment is None:
            raise Refused(404, "That note is not a comment here.")
        try:
            lifecycle.edit_comment(comment, text)
        except lifecycle.EditRefused as refusal:
            raise Refused(409, str(refusal)) from None
        return Result(202, "Comment updated.")
    if _id(obj) == signer.uri:
        remote.actor(signer.uri, refresh=True)  # a profile update: its key or inboxes may have changed
        return Result(202, "Profile updated.")
    return Result(202, "Nothing to update.")


@handles("Delete")
def _delete(activity, signer, hub_actor):
    from moderation import lifecycle
    from moderation.models import Comment

    address = _id(activity.get("object"))
    if address == signer.uri:  # the account is gone: so are its follows
        from federation.models import Follower

        Follower.objects.filter(actor=signer).delete()
        return Result(202, "Account removed.")
    comment = _own_comment(address, signer)
    if comment is None:
        return Result(202, "Nothing here to delete.")
    if comment.state != Comment.State.REMOVED:
        lifecycle.remove([comment], removal=Comment.Removal.AUTHOR)
    return Result(202, "Comment removed.")


@handles("Like")
def _like(activity, signer, hub_actor):
    from moderation import reactions
    from moderation.models import Comment

    comment = _comment_of(_id(activity.get("object")))
    if comment is None or comment.state != Comment.State.PUBLISHED:
        return Result(202, "Only published comments are liked here.")
    reactions.set_like(comment, comment.page, visitor_key(signer), liked=True)
    return Result(202, "Like counted.")


@handles("Flag")
def _flag(activity, signer, hub_actor):
    from moderation import policy, reactions
    from moderation.identity import Visitor
    from moderation.models import Comment, Report

    objects = activity.get("object")
    objects = objects if isinstance(objects, list) else [objects]
    content = activity.get("content") if isinstance(activity.get("content"), str) else ""
    reporter = Visitor(key=visitor_key(signer), address="")
    reported = 0
    for obj in objects[:20]:
        comment = _comment_of(_id(obj))
        if comment is None or comment.state != Comment.State.PUBLISHED:
            continue
        if policy.check_report_rate_limit(visitor=reporter.key, address=""):
            raise Refused(429, "Too many reports from this account.")
        reported += reactions.file_report(comment, reporter, reason=Report.Reason.OTHER, note=content[:500])
    return Result(202, f"{reported} reports filed.")
