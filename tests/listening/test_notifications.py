"""The commenter hears about public status changes and public responses, in their comment's language."""

import smtplib

import pytest
from django.core import mail
from django.utils import translation

from listening import notifications, tasks, workflow
from moderation.models import Comment
from moderation.notifications import opt_out


def run(callbacks, function, *args, **kwargs):
    """Call ``function`` and run what it scheduled for after the commit."""
    with callbacks(execute=True):
        return function(*args, **kwargs)


@pytest.mark.parametrize("status", ["acknowledged", "declined"])
def test_public_status_change_emails_the_commenter(django_capture_on_commit_callbacks, item, moderator, world, status):
    run(django_capture_on_commit_callbacks, workflow.move, item, moderator, status)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    label = {"acknowledged": "Acknowledged", "declined": "Declined"}[status]
    assert message.to == ["robin@example.org"]
    assert message.subject == f"Your comment on “{world.story_a.title}”: {label}"
    assert f"Its status is now: {label}." in message.body
    assert f"http://testserver/en/comments/c/{item.comment_id}/" in message.body
    assert "We heard you" not in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_an_address_that_stopped_all_emails_hears_nothing(django_capture_on_commit_callbacks, item, moderator):
    opt_out("Robin+news@Example.org")  # the same mailbox, written otherwise
    run(django_capture_on_commit_callbacks, workflow.move, item, moderator, "acknowledged")
    assert mail.outbox == []


def test_every_step_to_done_emails(django_capture_on_commit_callbacks, item, moderator):
    for status in ("acknowledged", "planned", "done"):
        run(django_capture_on_commit_callbacks, workflow.move, item, moderator, status)
    assert [message.subject.rsplit(": ", 1)[1] for message in mail.outbox] == ["Acknowledged", "Planned", "Done"]


def test_the_response_is_in_the_email(django_capture_on_commit_callbacks, item, moderator):
    run(
        django_capture_on_commit_callbacks,
        workflow.move,
        item,
        moderator,
        "acknowledged",
        response="A seed swap is planned for May <b>1st</b>.",
    )
    assert len(mail.outbox) == 1
    assert (
        "We heard you:\nA seed swap is planned for May <b>1st</b>." in mail.outbox[0].body
    )  # plain text, not escaped


def test_a_public_response_alone_emails(django_capture_on_commit_callbacks, item, moderator):
    run(django_capture_on_commit_callbacks, workflow.respond, item, moderator, "Thank you, noted.")
    assert len(mail.outbox) == 1 and "Thank you, noted." in mail.outbox[0].body
    assert mail.outbox[0].subject.endswith(": New")


def test_nothing_emailed_on_new_on_assignment_or_when_the_response_is_removed(
    django_capture_on_commit_callbacks, comment, moderator, world
):
    item = run(django_capture_on_commit_callbacks, workflow.mark, comment, moderator, "idea")
    run(django_capture_on_commit_callbacks, workflow.assign, item, moderator, assignee=world.colleague)
    item.public_response = "old"
    item.save(update_fields=["public_response"])
    run(django_capture_on_commit_callbacks, workflow.respond, item, moderator, "")
    assert mail.outbox == []


def test_no_address_no_email(django_capture_on_commit_callbacks, item, moderator):
    Comment.objects.filter(pk=item.comment_id).update(user_email="")
    item.comment.refresh_from_db()
    run(django_capture_on_commit_callbacks, workflow.move, item, moderator, "acknowledged")
    assert mail.outbox == []


def test_a_refused_change_emails_nobody(django_capture_on_commit_callbacks, item, moderator):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(workflow.FeedbackRefused):
        workflow.move(item, moderator, "done")
    assert mail.outbox == []


def test_written_in_the_comments_language(django_capture_on_commit_callbacks, item, moderator, monkeypatch):
    """A French comment: the e-mail is built under French (its link too), whatever the moderator's language."""
    Comment.objects.filter(pk=item.comment_id).update(language="fr")
    languages = []
    real_send_notification = notifications.send_notification

    def spy(**kwargs):
        languages.append(translation.get_language())
        return real_send_notification(**kwargs)

    monkeypatch.setattr(notifications, "send_notification", spy)
    with translation.override("en"):
        run(django_capture_on_commit_callbacks, workflow.move, item, moderator, "acknowledged")
    assert languages == ["fr"]
    assert f"http://testserver/fr/comments/c/{item.comment_id}/" in mail.outbox[0].body
    assert translation.get_language() == "en"


def test_a_mail_server_that_is_down_is_retried(item, moderator, monkeypatch):
    """The task asks ``townsquare.task_runs.retry_later`` to try again, with the same arguments."""
    retries = []

    def broken(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("down")

    monkeypatch.setattr(notifications, "send_notification", broken)
    monkeypatch.setattr(tasks, "retry_later", lambda *args, **kwargs: retries.append((args, kwargs)) or True)
    result = tasks.notify_commenter.enqueue(item_id=item.pk, status="acknowledged")
    assert result.return_value is False
    ((args, kwargs),) = retries
    assert args[0] is tasks.notify_commenter and args[1] == 0
    assert kwargs == {"item_id": item.pk, "status": "acknowledged"}
    assert mail.outbox == []


def test_a_deleted_item_sends_nothing(db):
    assert tasks.notify_commenter.enqueue(item_id=987654, status="done").return_value is False
    assert mail.outbox == []
