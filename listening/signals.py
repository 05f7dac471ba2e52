"""Reactions to feedback changes (connected in ``ListeningConfig.ready``)."""

from listening.workflow import PUBLIC_STATUSES


def on_feedback_changed(sender, item, action, old_status, new_status, response_set, actor, **kwargs):
    """Tell the commenter when their feedback moves to a public status or gets a public response."""
    from listening import tasks

    if (action == "status" and new_status in PUBLIC_STATUSES) or response_set:
        tasks.notify_commenter.enqueue(item_id=item.pk, status=item.status)
