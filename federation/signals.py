"""What federation listens to (connected in ``FederationConfig.ready``):

- a story or event published: its article goes to the hub's followers, ``Create`` the first
  time, ``Update`` after (a new translation, an edit);
- one unpublished: ``Update`` while another translation is live, else ``Delete``;
- a team answer published in reply to a comment from the fediverse: a ``Note`` replying to it,
  to its author (and the hub's followers), so they read the answer on their own server.

Each receiver does nothing, and reads nothing, unless the hub is federated.
"""

from django.db import transaction
from wagtail.signals import page_published, page_unpublished

from federation import activities, delivery, pages


def _send_article(page, *, removed=False):
    hub_actor = pages.actor_of_page(page)
    if hub_actor is None:
        return
    live = pages.translations([page.translation_key]).get(page.translation_key, [])
    source_language = hub_actor.hub.locale.language_code
    if not live:
        if removed:
            tombstone = activities.tombstone(activities.article_id(page.translation_key), "Article")
            delivery.to_followers(hub_actor, activities.wrap("Delete", hub_actor, tombstone))
        return
    article = activities.article(hub_actor, live, source_language=source_language)
    first = not removed and len(live) == 1 and page.first_published_at == page.last_published_at
    delivery.to_followers(hub_actor, activities.wrap("Create" if first else "Update", hub_actor, article))


def on_page_published(sender, instance, **kwargs):
    if pages.is_federated_type(instance):
        _send_article(instance)


def on_page_unpublished(sender, instance, **kwargs):
    if pages.is_federated_type(instance):
        _send_article(instance, removed=True)


def on_comment_state_changed(sender, comment, old_state, new_state, actor=None, **kwargs):
    """A team answer to a fediverse reply goes back to the reply's author."""
    from moderation.models import Comment

    if new_state != Comment.State.PUBLISHED or old_state == Comment.State.PUBLISHED:
        return
    if not comment.is_staff_answer or comment.parent_id in (None, comment.pk):
        return
    parent = Comment.objects.filter(pk=comment.parent_id).exclude(remote_id="").first()
    if parent is None:
        return
    send_answer(comment, parent)


def send_answer(comment, parent):
    from federation.models import RemoteActor

    hub_actor = pages.actor_of_hub(parent.hub) if parent.hub_id else None
    author = RemoteActor.objects.filter(uri=parent.remote_author).first()
    if hub_actor is None or author is None:
        return
    page = comment.page.specific
    note = activities.note(hub_actor, comment, in_reply_to=parent.remote_id, mention=author, page_url=page.full_url)
    activity = activities.wrap("Create", hub_actor, note, cc=note["cc"])
    with transaction.atomic():
        delivery.to_followers(hub_actor, activity, also=[author])


def connect():
    from moderation.lifecycle.transitions import comment_state_changed

    page_published.connect(on_page_published, dispatch_uid="federation-page-published")
    page_unpublished.connect(on_page_unpublished, dispatch_uid="federation-page-unpublished")
    comment_state_changed.connect(on_comment_state_changed, dispatch_uid="federation-team-answer")
