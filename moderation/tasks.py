"""Background tasks of the comment lifecycle (``django.tasks``; inline in tests).

Arguments are plain values: tasks may run in another process, later.
"""

import logging

from django_tasks import task

from moderation import notifications
from moderation.models import Comment

logger = logging.getLogger("townsquare.moderation")


@task()
def send_confirmation_request(email, name, story_title, confirm_url, language):
    notifications.send_confirmation_request(
        email=email, name=name, story_title=story_title, confirm_url=confirm_url, language=language
    )


@task()
def notify_followers(comment_id):
    comment = Comment.objects.filter(pk=comment_id, state=Comment.State.PUBLISHED).select_related("page").first()
    if comment is None:  # removed again before the task ran
        return 0
    return notifications.notify_followers(comment)


@task()
def send_moderation_digests():
    from moderation.digest import send_digests

    return send_digests()
