"""Keeping the index in step with the site.

Pages (hubs, stories, events), comments and topic names announce their changes (publish,
unpublish, move, delete; a comment's state change; a topic renamed in a language); the handlers
here turn each into document keys and, once the transaction commits, hand them to the
``update_search_index`` task. Updating is idempotent: a key is indexed as it is now, or removed
if it is no longer public.

Search being down never blocks publishing or commenting: the failure is logged, the keys are kept
as ``PendingIndexUpdate`` rows, and they are retried by the next update that succeeds, by a
deferred task where the task backend can defer, and by ``manage.py search_index --retry``.
"""

import logging
from contextlib import contextmanager

from asgiref.local import Local
from django.db import DatabaseError, transaction
from django.db.models import F

from search.backends import SearchUnavailable, get_backend
from search.documents import all_keys, documents_for, key_for, page_kind
from search.models import PendingIndexUpdate

logger = logging.getLogger("townsquare.search")

RETRY_BATCH = 500

_held_back = Local()


def update(keys):
    """Index (or remove) the documents of ``keys`` now. Returns True if the search engine took them."""
    keys = sorted(set(keys))
    if not keys:
        return True
    backend = get_backend()
    try:
        documents, gone = documents_for(keys)
        backend.upsert(documents)
        backend.delete(gone)
    except (SearchUnavailable, DatabaseError) as error:  # the database backend's index is a table
        logger.warning("Search index update failed for %d key(s), kept for retry: %s", len(keys), error)
        _remember(keys, error)
        return False
    PendingIndexUpdate.objects.filter(key__in=keys).delete()
    return True


def _remember(keys, error):
    try:
        _store_pending(keys, str(error)[:2000])
    except DatabaseError:  # the database itself is failing: the next rebuild or retry catches up
        logger.exception("Could not keep %d failed index update(s) for retry", len(keys))
        return
    from search.tasks import schedule_retry

    schedule_retry()


def _store_pending(keys, message):
    existing = set(PendingIndexUpdate.objects.filter(key__in=keys).values_list("key", flat=True))
    PendingIndexUpdate.objects.filter(key__in=existing).update(attempts=F("attempts") + 1, last_error=message)
    PendingIndexUpdate.objects.bulk_create(
        [PendingIndexUpdate(key=key, last_error=message) for key in keys if key not in existing],
        ignore_conflicts=True,
    )


def retry_pending(limit=None):
    """Try the remembered updates again. Returns (tried, still pending)."""
    tried = 0
    while True:
        keys = list(PendingIndexUpdate.objects.order_by("pk").values_list("key", flat=True)[:RETRY_BATCH])
        if not keys or (limit is not None and tried >= limit):
            break
        tried += len(keys)
        if not update(keys):
            break
    return tried, PendingIndexUpdate.objects.count()


def rebuild(progress=None):
    """Index everything afresh (``search_index --rebuild``). Returns the number of documents indexed."""
    backend = get_backend()
    count = backend.rebuild(all_keys(), progress=progress)
    PendingIndexUpdate.objects.all().delete()
    return count


@contextmanager
def held_back():
    """Skip the per-change updates made inside the block, for a bulk load that rebuilds the index
    before it ends (the demo loader): each would index again what the rebuild indexes once."""
    outer = getattr(_held_back, "value", False)
    _held_back.value = True
    try:
        yield
    finally:
        _held_back.value = outer


def enqueue(keys):
    """Index ``keys`` after the current transaction commits (at once outside a transaction)."""
    keys = sorted({key for key in keys if key})
    if not keys or getattr(_held_back, "value", False):
        return

    def send():
        from search.tasks import update_search_index

        update_search_index.enqueue(keys)

    transaction.on_commit(send)


# Signal handlers -------------------------------------------------------------------------------


def _page_keys(page):
    """The page's own key and, for a hub, those of its stories and events (their hub title and
    place follow it)."""
    from events.models import EventPage
    from stories.models import StoryPage

    key = key_for(page)
    if key is None:
        return []
    keys = [key]
    if key.startswith("hub:"):
        for kind, model in (("story", StoryPage), ("event", EventPage)):
            keys += [f"{kind}:{pk}" for pk in model.objects.descendant_of(page).values_list("pk", flat=True)]
    return keys


def on_page_changed(sender, instance, **kwargs):
    """page_published, page_unpublished, post_page_move."""
    enqueue(_page_keys(instance))


def on_page_deleted(sender, instance, **kwargs):
    """post_delete of a page: its comments went with it."""
    key = key_for(instance)
    if key:
        enqueue([key])


def _commented_page_keys(comments):
    """The keys of the pages the comments are on (a story's or an event's document counts its
    published comments). A comment's content type is its page's type (django-comments-xtd's
    ``content_object`` is the specific page): read from the comments when they were loaded with
    it (no query, as on the posting path), else in one query for the pages' types."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page

    types, unknown = {}, set()
    for comment in comments:
        if not comment.page_id:
            continue
        content_type_id = comment.__dict__.get("content_type_id")  # not loaded: no query per comment
        if content_type_id is None:
            unknown.add(comment.page_id)
        else:
            types[comment.page_id] = content_type_id
    if unknown:
        types.update(Page.objects.filter(pk__in=unknown).values_list("pk", "content_type_id"))
    keys = set()
    for pk, content_type_id in types.items():
        kind = page_kind(ContentType.objects.get_for_id(content_type_id).model_class())
        if kind:
            keys.add(f"{kind}:{pk}")
    return keys


def on_comment_deleted(sender, instance, **kwargs):
    enqueue([f"comment:{instance.pk}", *_commented_page_keys([instance])])


def on_comments_changed(sender, changes, **kwargs):
    """A batch of comments became public or stopped being (the replies hidden or restored with
    them are in the batch): they and their pages' comment counts, told to the index once."""
    keys = {f"comment:{change.comment.pk}" for change in changes}
    keys |= _commented_page_keys([change.comment for change in changes])
    enqueue(sorted(keys))


def on_topic_changed(sender, instance, **kwargs):
    """post_save, post_delete of a topic's name: the stories and hubs of its language that carry it."""
    from communities.models import CommunityHubPage
    from stories.models import StoryPage

    keys = []
    for kind, model in (("story", StoryPage), ("hub", CommunityHubPage)):
        pages = model.objects.live().filter(locale_id=instance.locale_id, tagged_items__tag_id=instance.tag_id)
        keys += [f"{kind}:{pk}" for pk in pages.values_list("pk", flat=True)]
    enqueue(keys)
