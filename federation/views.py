"""The addresses other servers call: WebFinger, hub actors, their inboxes and collections, the
articles and notes they name. Documents are ``application/activity+json``; a browser asking for
HTML is sent to the page itself."""

import json

from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from federation import activities, conf, inbox, pages
from federation.models import Follower, HubActor


def activity_response(document, status=200):
    return HttpResponse(
        json.dumps(document, separators=(",", ":")), status=status, content_type=f"{conf.CONTENT_TYPE}; charset=utf-8"
    )


def problem(status, detail, retry_after=None):
    response = JsonResponse(
        {"type": "about:blank", "status": status, "detail": detail},
        status=status,
        content_type="application/problem+json",
    )
    if retry_after:
        response["Retry-After"] = str(int(retry_after))
    return response


def wants_html(request):
    accept = request.headers.get("Accept", "")
    return "text/html" in accept and not any(kind in accept for kind in conf.ACCEPTED_TYPES)


def _enabled_actor(username):
    return get_object_or_404(HubActor.objects.select_related("hub"), username=username, enabled=True)


@require_GET
def webfinger(request):
    """``acct:<username>@<host>`` → the hub's actor (RFC 7033)."""
    resource = request.GET.get("resource", "")
    if not resource:
        return problem(400, "Say which account: ?resource=acct:name@host.")
    name = resource.removeprefix("acct:").lstrip("@")
    username, _sep, host = name.rpartition("@")
    if not _sep or host.lower() != activities.host().lower():
        if resource.startswith(conf.base_url()):  # the actor's address itself
            username = resource.rstrip("/").rsplit("/", 1)[-1]
        else:
            return problem(404, "No account of that name here.")
    hub_actor = HubActor.objects.filter(username=username, enabled=True).select_related("hub").first()
    if hub_actor is None:
        return problem(404, "No account of that name here.")
    actor = activities.actor_id(hub_actor)
    response = JsonResponse(
        {
            "subject": f"acct:{hub_actor.username}@{activities.host()}",
            "aliases": [actor, hub_actor.hub.full_url],
            "links": [
                {"rel": "self", "type": conf.CONTENT_TYPE, "href": actor},
                {"rel": "http://webfinger.net/rel/profile-page", "type": "text/html", "href": hub_actor.hub.full_url},
            ],
        },
        content_type="application/jrd+json",
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def actor(request, username):
    hub_actor = _enabled_actor(username)
    if wants_html(request):
        return HttpResponseRedirect(hub_actor.hub.url)
    return activity_response(activities.actor_document(hub_actor, hub_actor.hub))


def _page_number(request):
    raw = request.GET.get("page")
    if raw is None:
        return None
    if not raw.isdigit() or not 1 <= int(raw) <= 10_000:
        raise Http404("No such page.")
    return int(raw)


@require_GET
def outbox(request, username):
    """The hub's stories and events, newest first, as ``Create`` activities, 20 a page."""
    hub_actor = _enabled_actor(username)
    collection_id = activities.absolute(request.path)
    number = _page_number(request)
    offset = ((number or 1) - 1) * conf.PAGE_SIZE
    total, found = pages.outbox(hub_actor, offset, conf.PAGE_SIZE)
    if number is None:
        return activity_response(activities.collection(collection_id, total, 1))
    source_language = hub_actor.hub.locale.language_code if hasattr(hub_actor.hub, "locale") else None
    items = []
    for _key, translations in found:
        article = activities.article(hub_actor, translations, source_language=source_language)
        create = activities.wrap("Create", hub_actor, article)
        create["id"] = f"{article['id']}#create"
        create["published"] = article["published"]
        items.append(create)
    return activity_response(
        activities.collection_page(collection_id, number, items, has_next=offset + conf.PAGE_SIZE < total)
    )


@require_GET
def followers(request, username):
    """Who follows the hub: their count, and their addresses page by page."""
    hub_actor = _enabled_actor(username)
    collection_id = activities.absolute(request.path)
    accepted = Follower.objects.filter(hub_actor=hub_actor, status=Follower.Status.ACCEPTED)
    number = _page_number(request)
    if number is None:
        return activity_response(activities.collection(collection_id, accepted.count(), 1))
    offset = (number - 1) * conf.PAGE_SIZE
    rows = list(
        accepted.order_by("-created_at", "-pk").values_list("actor__uri", flat=True)[
            offset : offset + conf.PAGE_SIZE + 1
        ]
    )
    return activity_response(
        activities.collection_page(collection_id, number, rows[: conf.PAGE_SIZE], has_next=len(rows) > conf.PAGE_SIZE)
    )


@require_GET
def article(request, translation_key):
    found = pages.translations([translation_key]).get(translation_key)
    if not found:
        raise Http404("No published page has that address.")
    hub_actor = pages.actor_of_page(found[0])
    if hub_actor is None:
        raise Http404("That page is not federated.")
    if wants_html(request):
        return HttpResponseRedirect(found[0].url)
    document = activities.article(hub_actor, found, source_language=hub_actor.hub.locale.language_code)
    document["@context"] = activities.AS_CONTEXT
    return activity_response(document)


@require_GET
def note(request, pk):
    """A comment of a federated page as a ``Note``: published ones only (others are gone: 410)."""
    from moderation.models import Comment

    comment = get_object_or_404(Comment.objects.select_related("page", "hub"), pk=pk)
    hub_actor = pages.actor_of_hub(comment.hub) if comment.hub_id else None
    if hub_actor is None:
        raise Http404("That comment is not federated.")
    if comment.state != Comment.State.PUBLISHED:
        return activity_response(activities.tombstone(activities.note_id(comment.pk), "Note"), status=410)
    page = comment.page.specific
    if wants_html(request):
        return HttpResponseRedirect(f"{page.url}#c{comment.pk}")
    parent = Comment.objects.filter(pk=comment.parent_id).first() if comment.parent_id != comment.pk else None
    if parent is not None:
        in_reply_to = parent.remote_id or activities.note_id(parent.pk)
    else:
        in_reply_to = activities.article_id(page.translation_key)
    document = activities.note(hub_actor, comment, in_reply_to=in_reply_to, page_url=page.full_url)
    if comment.remote_author:  # a reply from another server: it is theirs, we only show it
        document["attributedTo"] = comment.remote_author
        document["id"] = comment.remote_id
    document["@context"] = activities.AS_CONTEXT
    return activity_response(document)


def _answer(result):
    if result.status < 300:
        return HttpResponse(status=result.status)
    return problem(result.status, result.detail, result.retry_after)


@csrf_exempt
@require_POST
def hub_inbox(request, username):
    hub_actor = HubActor.objects.filter(username=username, enabled=True).select_related("hub").first()
    if hub_actor is None:
        return problem(404, "No hub of this server has that inbox.")
    return _answer(inbox.receive(request, hub_actor))


@csrf_exempt
@require_POST
def shared_inbox(request):
    return _answer(inbox.receive(request))
