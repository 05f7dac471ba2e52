"""Background tasks of feedback items (``django.tasks``; inline in tests).

The commenter's e-mail survives a mail server that is down: it is tried again after
``townsquare.task_runs.MAIL_RETRY_DELAYS``, as every comment e-mail is.
"""

from django_tasks import task

from listening import notifications
from listening.models import FeedbackItem
from moderation.notifications import MAIL_ERRORS
from townsquare.task_runs import retry_later


@task()
def notify_commenter(item_id, status, attempt=0):
    item = FeedbackItem.objects.select_related("comment", "comment__page").filter(pk=item_id).first()
    if item is None:  # the comment was deleted before the task ran
        return False
    try:
        return notifications.send_status_changed(item, status)
    except MAIL_ERRORS as error:
        retry_later(
            notify_commenter, attempt, f"feedback update for item {item_id}", error, item_id=item_id, status=status
        )
        return False
