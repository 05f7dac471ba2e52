"""Background tasks of the comment lifecycle (``django.tasks``; inline in tests).

Arguments are plain values: tasks may run in another process, later.

E-mail tasks survive a mail server that is down: the failure is logged, and when the
task backend can defer work (the database queue of ``manage.py db_worker`` can) the
message is tried again after ``townsquare.task_runs.MAIL_RETRY_DELAYS`` (1 minute, 5 minutes, 30 minutes,
2 hours), then given up with an error in the log. The comment itself is never affected.
"""

from django.utils import timezone
from django_tasks import task

from moderation import notifications
from moderation.models import Comment
from townsquare.task_runs import retry_later


@task()
def send_confirmation_request(email, name, story_title, confirm_url, language, attempt=0):
    arguments = {
        "email": email,
        "name": name,
        "story_title": story_title,
        "confirm_url": confirm_url,
        "language": language,
    }
    try:
        notifications.send_confirmation_request(**arguments)
    except notifications.MAIL_ERRORS as error:
        retry_later(send_confirmation_request, attempt, "confirmation request", error, **arguments)
        return False
    return True


@task()
def notify_followers(comment_id, only=None, attempt=0):
    comment = Comment.objects.filter(pk=comment_id, state=Comment.State.PUBLISHED).select_related("page").first()
    if comment is None:  # removed again before the task ran
        return 0
    sent, failed = notifications.notify_followers(comment, only=only)
    if failed:
        error = next(iter(failed.values()))
        what = f"follow-up for comment {comment_id} ({len(failed)} recipient(s))"
        retry_later(notify_followers, attempt, what, error, comment_id=comment_id, only=sorted(failed))
    return len(sent)


@task()
def send_decision_notice(comment_id, kind, state, attempt=0):
    """The commenter's notice of a decision (``notifications.send_decision_notice``); nothing when
    the comment has moved on before the task ran (that change sends its own)."""
    comment = Comment.objects.filter(pk=comment_id, state=state).select_related("page").first()
    if comment is None:
        return False
    try:
        return notifications.send_decision_notice(comment, kind)
    except notifications.MAIL_ERRORS as error:
        arguments = {"comment_id": comment_id, "kind": kind, "state": state}
        retry_later(send_decision_notice, attempt, f"decision notice for comment {comment_id}", error, **arguments)
        return False


@task()
def send_appeal_outcome(appeal_id, attempt=0):
    """The appellant's e-mail about the outcome of their appeal."""
    from moderation.models import Appeal

    appeal = Appeal.objects.filter(pk=appeal_id).exclude(status=Appeal.Status.OPEN).select_related("comment").first()
    if appeal is None or appeal.comment is None:  # the comment, and its author's address, are gone
        return False
    try:
        return notifications.send_appeal_outcome(appeal)
    except notifications.MAIL_ERRORS as error:
        retry_later(send_appeal_outcome, attempt, f"appeal outcome {appeal_id}", error, appeal_id=appeal_id)
        return False


@task()
def send_notice_receipt(notice_id, attempt=0):
    """The acknowledgement of a notice of illegal content, to its sender."""
    from moderation.models import IllegalContentNotice

    notice = IllegalContentNotice.objects.filter(pk=notice_id).select_related("comment__page").first()
    if notice is None or not notice.reporter_email:
        return False
    try:
        sent = notifications.send_notice_receipt(notice)
    except notifications.MAIL_ERRORS as error:
        retry_later(send_notice_receipt, attempt, f"receipt of notice {notice_id}", error, notice_id=notice_id)
        return False
    IllegalContentNotice.objects.filter(pk=notice_id).update(acknowledged_at=timezone.now())
    return sent


@task()
def send_notice_outcome(notice_id, attempt=0):
    """The decision on a notice of illegal content, to its sender."""
    from moderation.models import IllegalContentNotice

    notice = (
        IllegalContentNotice.objects.filter(pk=notice_id)
        .exclude(status=IllegalContentNotice.Status.OPEN)
        .select_related("comment__page")
        .first()
    )
    if notice is None or not notice.reporter_email:
        return False
    try:
        return notifications.send_notice_outcome(notice)
    except notifications.MAIL_ERRORS as error:
        retry_later(send_notice_outcome, attempt, f"outcome of notice {notice_id}", error, notice_id=notice_id)
        return False


@task()
def send_moderation_digests():
    from moderation.digest import send_digests

    return send_digests()
