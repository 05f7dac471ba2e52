"""Deliveries to a real receiver on 127.0.0.1: signed, one per event of the webhook's hub,
retried with backoff and recorded attempt by attempt.

Tasks run inline (test settings); an attempt that is due later is made by the sweep
(``tasks.sweep``) called with a later ``now``: no test sleeps.
"""

import hashlib
import hmac
import json
import os
import socket
import time
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import ModelLogEntry

from listening import workflow
from moderation import lifecycle
from moderation.models import Comment
from tests.stories.comment_helpers import posted
from tests.webhooks.conftest import make_webhook
from townsquare.api.webhooks import conf, signing, tasks
from townsquare.api.webhooks.models import Delivery, Event, OverdueQuestion, Webhook

pytestmark = pytest.mark.usefixtures("private_allowed")
Status = Delivery.Status


def signature_is_valid(secret, request):
    """Check a request's signature the way docs/webhooks.md tells a receiver to, by hand."""
    fields = dict(part.split("=", 1) for part in request.headers["Townsquare-Signature"].split(","))
    expected = hmac.new(secret.encode(), f"{fields['t']}.".encode() + request.body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(fields["v1"], expected) and abs(time.time() - int(fields["t"])) < 60


def post(run, story, text="Which seeds grow in shade?", name="Robin"):
    """A visitor's comment, its consequences run as after a commit."""
    with run(execute=True):
        return posted(story, text, name)


def later(run, **delta):
    """The sweep, as if run ``delta`` from now."""
    with run(execute=True):
        return tasks.sweep(now=timezone.now() + timedelta(**delta))


def events(receiver):
    return [request.headers["Townsquare-Event"] for request in receiver.requests]


def test_a_held_comment_is_delivered_signed(world, db, receiver, django_capture_on_commit_callbacks):
    webhook = make_webhook(world.hub_a, receiver.url)

    comment = post(django_capture_on_commit_callbacks, world.story_a)

    assert comment.state == Comment.State.HELD
    [request] = receiver.requests
    delivery = Delivery.objects.get(webhook=webhook)
    assert request.path == "/hooks/townsquare?source=test"
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["Townsquare-Event"] == "comment.held"
    assert request.headers["Townsquare-Delivery"] == str(delivery.uuid)
    assert signature_is_valid(webhook.secret, request)
    assert signing.verify(webhook.secret, request.body, request.headers["Townsquare-Signature"])
    assert not signing.verify("another secret", request.body, request.headers["Townsquare-Signature"])
    assert not signing.verify(webhook.secret, request.body + b" ", request.headers["Townsquare-Signature"])

    payload = json.loads(request.body)
    assert payload["event"] == "comment.held"
    assert uuid.UUID(payload["id"]) == delivery.event_id
    assert payload["occurred_at"]
    assert payload["hub"] == {"id": world.hub_a.pk, "title": "Gardening", "locale": "en"}
    assert payload["comment"]["id"] == comment.pk
    assert payload["comment"]["state"] == "held"
    assert payload["comment"]["author_name"] == "Robin"
    assert payload["comment"]["is_question"] is True
    page = payload["comment"]["page"]
    assert (page["id"], page["title"]) == (world.story_a.pk, "Seeds")
    assert page["url"] == world.story_a.get_full_url()
    # Never the commenter's e-mail or address.
    text = request.body.decode()
    assert "robin@example.org" not in text and "127.0.0.1" not in text and "email" not in text

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_status) == (Status.DELIVERED, 1, 200)
    assert delivery.body == ""  # dropped once delivered: it names the author
    assert list(delivery.attempt_log.values_list("number", "response_status")) == [(1, 200)]


def test_each_event_is_delivered(world, db, receiver, django_capture_on_commit_callbacks):
    run = django_capture_on_commit_callbacks
    webhook = make_webhook(world.hub_a, receiver.url)
    owner = world.users["owner_a"]

    comment = post(run, world.story_a, "When should I sow beans?")
    with run(execute=True):
        lifecycle.set_state(comment, Comment.State.PUBLISHED, actor=owner)
    comment.refresh_from_db()
    with run(execute=True):
        item = workflow.mark(comment, owner, "question")
        workflow.move(item, owner, "acknowledged")
    # The question is still waiting for the team's answer, past its target now.
    Comment.objects.filter(pk=comment.pk).update(respond_by=timezone.now() - timedelta(hours=1))
    later(run, seconds=0)

    assert events(receiver) == [
        "comment.held",
        "comment.published",
        "feedback.status_changed",
        "feedback.status_changed",
        "question.overdue",
    ]
    assert all(signature_is_valid(webhook.secret, request) for request in receiver.requests)
    payloads = [json.loads(request.body) for request in receiver.requests]
    assert payloads[1]["comment"]["state"] == "published"
    assert [p["feedback"]["status"] for p in payloads[2:4]] == ["new", "acknowledged"]
    assert [p["feedback"]["old_status"] for p in payloads[2:4]] == [None, "new"]
    assert payloads[2]["feedback"] == {
        "id": item.pk,
        "kind": "question",
        "status": "new",
        "old_status": None,
        "comment_id": comment.pk,
    }
    assert payloads[4]["comment"]["id"] == comment.pk
    assert payloads[4]["comment"]["respond_by"]
    assert len({p["id"] for p in payloads}) == 5  # one event id each
    assert set(Delivery.objects.values_list("status", flat=True)) == {Status.DELIVERED}


def test_an_overdue_question_is_announced_once(world, db, receiver, django_capture_on_commit_callbacks):
    run = django_capture_on_commit_callbacks
    make_webhook(world.hub_a, receiver.url, events=[Event.QUESTION_OVERDUE])
    question = post(run, world.story_a, "Is it too late for tomatoes?")
    with run(execute=True):
        lifecycle.set_state(question, Comment.State.PUBLISHED)
    Comment.objects.filter(pk=question.pk).update(respond_by=timezone.now() + timedelta(hours=2))

    assert later(run, hours=1)["questions"] == 0  # not overdue yet
    assert later(run, hours=3)["questions"] == 1
    assert later(run, hours=4)["questions"] == 0  # announced already

    assert events(receiver) == ["question.overdue"]
    assert OverdueQuestion.objects.filter(comment_id=question.pk).count() == 1


def test_a_failed_delivery_is_retried_with_backoff(world, db, receiver, client, django_capture_on_commit_callbacks):
    run = django_capture_on_commit_callbacks
    receiver.answers = [500]
    webhook = make_webhook(world.hub_a, receiver.url, events=[Event.COMMENT_HELD])

    before = timezone.now()
    post(run, world.story_a)
    delivery = Delivery.objects.get(webhook=webhook)
    assert (delivery.status, delivery.attempts, delivery.response_status) == (Status.PENDING, 1, 500)
    assert "500" in delivery.error
    assert before + conf.RETRY_DELAYS[0] <= delivery.next_attempt_at <= timezone.now() + conf.RETRY_DELAYS[0]
    assert delivery.body  # kept for the next attempt

    assert later(run, seconds=30)["queued"] == 0  # not due yet
    assert len(receiver.requests) == 1
    assert later(run, minutes=1, seconds=1)["queued"] == 1

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_status) == (Status.DELIVERED, 2, 200)
    assert delivery.next_attempt_at is None and delivery.error == ""
    assert list(delivery.attempt_log.values_list("number", "response_status")) == [(1, 500), (2, 200)]
    first, second = receiver.requests
    assert first.body == second.body
    assert first.headers["Townsquare-Delivery"] == second.headers["Townsquare-Delivery"] == str(delivery.uuid)
    assert signature_is_valid(webhook.secret, first) and signature_is_valid(webhook.secret, second)
    # The same attempt queued twice (by a deferred task and by the sweep) is made once.
    assert tasks.deliver.call(delivery_id=delivery.pk, attempt=1) is None
    assert len(receiver.requests) == 2

    # The delivery log shows both attempts.
    from bs4 import BeautifulSoup

    client.force_login(world.users["owner_a"])
    response = client.get(f"/admin/webhooks/deliveries/{webhook.pk}/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    attempts = [item.get_text(" ", strip=True) for item in soup.select("li[data-attempt]")]
    assert len(attempts) == 2
    assert "HTTP 500" in attempts[0] and "HTTP 200" in attempts[1]


def test_a_delivery_is_given_up_and_the_webhook_switched_off(world, db, receiver, django_capture_on_commit_callbacks):
    run = django_capture_on_commit_callbacks
    receiver.answers = [500] * conf.MAX_ATTEMPTS
    webhook = make_webhook(world.hub_a, receiver.url, events=[Event.COMMENT_HELD])
    Webhook.objects.filter(pk=webhook.pk).update(failures=conf.DEACTIVATE_AFTER - 1)

    post(run, world.story_a)
    for _retry in conf.RETRY_DELAYS:
        assert later(run, days=1)["queued"] == 1
    assert later(run, days=2)["queued"] == 0

    delivery = Delivery.objects.get(webhook=webhook)
    assert (delivery.status, delivery.attempts, delivery.response_status) == (Status.FAILED, conf.MAX_ATTEMPTS, 500)
    assert delivery.next_attempt_at is None and delivery.body == ""
    assert delivery.attempt_log.count() == len(receiver.requests) == conf.MAX_ATTEMPTS
    webhook.refresh_from_db()
    assert not webhook.is_active and webhook.failures == conf.DEACTIVATE_AFTER
    assert ModelLogEntry.objects.for_instance(webhook).filter(action="townsquare_webhook.switched_off").exists()


def test_410_gone_switches_the_webhook_off(world, db, receiver, django_capture_on_commit_callbacks):
    receiver.answers = [410]
    webhook = make_webhook(world.hub_a, receiver.url)

    post(django_capture_on_commit_callbacks, world.story_a)
    post(django_capture_on_commit_callbacks, world.story_a, "Another one?", name="Sam")

    delivery = Delivery.objects.get(webhook=webhook)  # none for the second comment
    assert (delivery.status, delivery.attempts, delivery.response_status) == (Status.FAILED, 1, 410)
    webhook.refresh_from_db()
    assert not webhook.is_active and "410" in webhook.deactivated_reason
    assert len(receiver.requests) == 1


@pytest.mark.parametrize("answer", [302, 404, "closed port", "no TLS"])
def test_redirects_and_errors_are_retried_not_followed(
    world, db, receiver, django_capture_on_commit_callbacks, answer
):
    url = receiver.url
    if answer == "closed port":
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            url = f"http://127.0.0.1:{sock.getsockname()[1]}/"
    elif answer == "no TLS":
        url = receiver.url.replace("http://", "https://")  # the receiver speaks plain HTTP
    else:
        receiver.answers = [answer]
    webhook = make_webhook(world.hub_a, url)

    post(django_capture_on_commit_callbacks, world.story_a)

    delivery = Delivery.objects.get(webhook=webhook)
    assert (delivery.status, delivery.attempts) == (Status.PENDING, 1)
    assert delivery.next_attempt_at is not None and delivery.error
    if answer == "closed port":
        assert delivery.response_status is None and receiver.requests == []
        assert "Connection failed" in delivery.error
    elif answer == "no TLS":
        assert delivery.response_status is None and receiver.requests == []
        assert "TLS" in delivery.error
    else:
        assert delivery.response_status == answer and len(receiver.requests) == 1


def test_no_delivery_for_another_hubs_events(world, db, receiver, django_capture_on_commit_callbacks):
    run = django_capture_on_commit_callbacks
    make_webhook(world.hub_b, receiver.url)

    comment = post(run, world.story_a)
    with run(execute=True):
        lifecycle.set_state(comment, Comment.State.PUBLISHED)
        workflow.mark(comment, world.users["owner_a"], "idea")
    Comment.objects.filter(pk=comment.pk).update(respond_by=timezone.now() - timedelta(hours=1))
    later(run, seconds=0)

    assert receiver.requests == []
    assert not Delivery.objects.exists()


def test_only_chosen_events_of_active_webhooks(world, db, receiver, django_capture_on_commit_callbacks):
    run = django_capture_on_commit_callbacks
    published_only = make_webhook(world.hub_a, receiver.url, events=[Event.COMMENT_PUBLISHED])
    make_webhook(world.hub_a, receiver.url, is_active=False, name="Old CRM")

    comment = post(run, world.story_a)
    with run(execute=True):
        lifecycle.set_state(comment, Comment.State.PUBLISHED)

    assert events(receiver) == ["comment.published"]
    assert list(Delivery.objects.values_list("webhook", flat=True)) == [published_only.pk]


def test_an_address_no_longer_allowed_is_refused_at_delivery(
    world, db, receiver, settings, django_capture_on_commit_callbacks
):
    webhook = make_webhook(world.hub_a, receiver.url)  # saved while the operator allowed it
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = False

    post(django_capture_on_commit_callbacks, world.story_a)

    assert receiver.requests == []
    delivery = Delivery.objects.get(webhook=webhook)
    assert (delivery.status, delivery.attempts, delivery.response_status) == (Status.REFUSED, 1, None)
    assert "127.0.0.1" in delivery.error
    assert delivery.next_attempt_at is None
    assert delivery.attempt_log.get().error == delivery.error


def test_a_webhook_switched_off_meanwhile_gets_no_retry(world, db, receiver, django_capture_on_commit_callbacks):
    run = django_capture_on_commit_callbacks
    receiver.answers = [500]
    webhook = make_webhook(world.hub_a, receiver.url)
    post(run, world.story_a)
    Webhook.objects.filter(pk=webhook.pk).update(is_active=False)

    later(run, hours=1)

    delivery = Delivery.objects.get(webhook=webhook)
    assert (delivery.status, delivery.attempts) == (Status.CANCELLED, 1)
    assert len(receiver.requests) == 1


def test_where_the_queue_can_wait_the_retry_is_queued_for_when_it_is_due(
    world, db, receiver, settings, django_capture_on_commit_callbacks
):
    """With a task backend that defers tasks (the database queue of ``db_worker``), the next
    attempt is queued to run when due; the sweep is only a safety net there."""
    from django_tasks import task_backends

    run = django_capture_on_commit_callbacks
    receiver.answers = [500]
    webhook = make_webhook(world.hub_a, receiver.url, events=[Event.COMMENT_HELD])
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    backend = task_backends["default"]

    post(run, world.story_a)
    delivery = Delivery.objects.get(webhook=webhook)

    def queued():
        return [result for result in backend.results if result.task.name == "deliver"]

    [first] = queued()
    assert first.kwargs == {"delivery_id": delivery.pk, "attempt": 0} and receiver.requests == []

    with run(execute=True):
        tasks.deliver.call(**first.kwargs)  # what a worker does

    delivery.refresh_from_db()
    [_first, second] = queued()
    assert second.task.name == "deliver" and second.task.run_after == delivery.next_attempt_at
    assert second.kwargs == {"delivery_id": delivery.pk, "attempt": 1}
    assert len(receiver.requests) == 1


def test_the_sweep_deletes_old_finished_deliveries(world, db, receiver, django_capture_on_commit_callbacks):
    from django.core.management import call_command

    run = django_capture_on_commit_callbacks
    receiver.answers = [500]
    webhook = make_webhook(world.hub_a, receiver.url, events=[Event.COMMENT_HELD])
    post(run, world.story_a)  # pending, to be tried again in a minute
    post(run, world.story_a, "A second question?", name="Sam")  # delivered
    Delivery.objects.update(occurred_at=timezone.now() - conf.LOG_RETENTION - timedelta(days=1))

    with run(execute=True):
        call_command("send_webhooks", stdout=open(os.devnull, "w"))  # noqa: SIM115 - discarded output

    assert list(Delivery.objects.filter(webhook=webhook).values_list("status", "attempts")) == [(Status.PENDING, 1)]


def test_the_documented_check_accepts_a_real_request(world, db, receiver, django_capture_on_commit_callbacks):
    """The receiver's check in docs/webhooks.md, run as written, on what the receiver got."""
    import re
    from pathlib import Path

    docs = (Path(__file__).resolve().parents[2] / "docs" / "webhooks.md").read_text()
    section = docs.split("## Checking the signature", 1)[1]
    snippet = re.search(r"```python\n(.*?)```", section, re.DOTALL).group(1)
    namespace = {}
    exec(snippet, namespace)  # noqa: S102 - our own documentation
    verify = namespace["verify"]
    webhook = make_webhook(world.hub_a, receiver.url)

    post(django_capture_on_commit_callbacks, world.story_a)

    [request] = receiver.requests
    header = request.headers["Townsquare-Signature"]
    assert verify(webhook.secret, request.body, header)
    assert not verify(webhook.secret, request.body.replace(b"Robin", b"Rob1n"), header)
    assert not verify("not the secret", request.body, header)
    assert not verify(webhook.secret, request.body, header, now=time.time() + 301)
    assert not verify(webhook.secret, request.body, "v1=abc")


def test_a_hubs_translations_are_its_events_too(world, db, receiver, django_capture_on_commit_callbacks):
    from wagtail.models import Locale

    french_hub = world.hub_a.copy_for_translation(
        Locale.objects.get_or_create(language_code="fr")[0], copy_parents=True
    )
    webhook = make_webhook(world.hub_a, receiver.url, events=[Event.COMMENT_HELD])
    make_webhook(world.hub_b, receiver.url, events=[Event.COMMENT_HELD], name="Cycling CRM")

    with django_capture_on_commit_callbacks(execute=True):
        comment = lifecycle.create_comment(
            story=world.story_a,
            hub=french_hub,
            parent=None,
            user=None,
            name="Camille",
            email="camille@example.org",
            text="Quelles graines pour l'ombre ?",
            followup=False,
            ip_address="127.0.0.1",
            site_id=1,
        )

    [request] = receiver.requests
    payload = json.loads(request.body)
    assert payload["hub"] == {"id": french_hub.pk, "title": french_hub.title, "locale": "fr"}
    assert payload["comment"]["id"] == comment.pk
    assert list(Delivery.objects.values_list("webhook", flat=True)) == [webhook.pk]
