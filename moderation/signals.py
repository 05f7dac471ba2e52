"""Reactions to comment lifecycle events (connected in ``ModerationConfig.ready``)."""

from moderation.models import Comment


def on_comment_state_changed(sender, comment, old_state, new_state, actor, **kwargs):
    from moderation import tasks

    if (
        new_state == Comment.State.PUBLISHED
        and old_state != Comment.State.PUBLISHED
        and comment.parent_id != comment.pk
    ):
        tasks.notify_followers.enqueue(comment.pk)


def on_comment_held(sender, comment, old_state, new_state, actor, **kwargs):
    from moderation import tasks

    if new_state == Comment.State.HELD and comment.hidden_with_id is None:
        tasks.send_moderation_digests.enqueue()


def on_comment_decided(sender, comment, old_state, new_state, actor, notify=True, **kwargs):
    """Tell the commenter what was decided about their comment (``moderation.decisions``)."""
    from moderation import decisions, tasks

    kind = decisions.notice_kind(old_state, new_state)
    if notify and kind is not None and comment.user_email:
        tasks.send_decision_notice.enqueue(comment.pk, kind, new_state)
