"""Notices of illegal content (``moderation.notices``): sent from the public report form,
acknowledged, decided by a moderator of the hub in the Illegal content queue, answered; through
the real views, lifecycle and Django's captured outbox."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from wagtail.models import ModelLogEntry

from moderation import actions, notices
from moderation.models import Comment, IllegalContentNotice, ModerationSettings
from tests.factories import UserFactory
from tests.stories.comment_helpers import add_comment

# Real commits: the acknowledgement and the outcome leave once their transaction commits.
pytestmark = pytest.mark.django_db(transaction=True)

State = Comment.State
NOTICE = {
    "reason": "illegal",
    "explanation": "It names a private person and their home address, against data protection law.",
    "location": "lives at 12 Elm Street",
    "reporter_name": "Noor Haddad",
    "reporter_email": "noor@example.org",
    "good_faith": "on",
}


@pytest.fixture
def comment(story):
    return add_comment(story, "My neighbour lives at 12 Elm Street, go and tell him.", name="Ugo")


@pytest.fixture
def moderator(hub):
    return UserFactory(username="mod-notices", groups=[hub.moderators_group])


def report_url(comment):
    return f"/en/comments/report/{comment.pk}/"


def send_notice(comment, client=None, **changes):
    return (client or Client()).post(report_url(comment), {**NOTICE, **changes})


def test_a_notice_is_stored_with_its_deadline_and_acknowledged_and_does_not_hide_the_comment(comment):
    mail.outbox.clear()
    before = timezone.now()
    response = send_notice(comment)

    assert response.status_code == 200
    notice = IllegalContentNotice.objects.get()
    page = response.content.decode()
    assert "Your notice is received" in page and f"Its number is {notice.pk}" in page
    assert notice.reporter_email == "noor@example.org"
    assert (notice.location, notice.good_faith) == (NOTICE["location"], True)
    hours = ModerationSettings.load().notice_hours
    assert before + timedelta(hours=hours) <= notice.deadline <= timezone.now() + timedelta(hours=hours)
    [receipt] = mail.outbox
    assert receipt.to == ["noor@example.org"]
    assert f"notice {notice.pk}" in receipt.subject and NOTICE["location"] in receipt.body
    notice.refresh_from_db()
    assert notice.acknowledged_at is not None
    comment.refresh_from_db()
    assert (comment.state, comment.report_count) == (State.PUBLISHED, 0)  # a person decides, not a count
    assert ModelLogEntry.objects.for_instance(comment).filter(action="townsquare_comment.notice_received").exists()


@pytest.mark.parametrize("missing", ["explanation", "location", "reporter_name", "reporter_email", "good_faith"])
def test_a_notice_without_a_required_field_is_refused_with_its_message_and_the_rest_kept(comment, missing):
    data = {**NOTICE}
    del data[missing]
    response = Client().post(report_url(comment), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "A notice of illegal content needs this." in page
    for name, value in data.items():
        if name not in ("reason", "good_faith"):
            assert value in page or value.replace("'", "&#x27;") in page, name  # what was typed stays
    assert IllegalContentNotice.objects.count() == 0 and mail.outbox == []


def test_bad_notice_fields_are_refused(comment):
    assert send_notice(comment, reporter_email="not an address").status_code == 400
    assert send_notice(comment, explanation="x" * 3001).status_code == 400
    assert send_notice(comment, explanation="   ").status_code == 400
    assert IllegalContentNotice.objects.count() == 0


def test_an_ordinary_report_needs_none_of_the_notice_fields(comment):
    assert Client().post(report_url(comment), {"reason": "spam"}).status_code == 200
    assert IllegalContentNotice.objects.count() == 0
    comment.refresh_from_db()
    assert comment.report_count == 1


def test_a_second_notice_from_the_same_sender_is_refused_and_the_first_kept(comment):
    assert send_notice(comment).status_code == 200
    response = send_notice(comment, Client(REMOTE_ADDR="198.51.100.9"), reporter_email="NOOR@example.org")
    assert response.status_code == 409
    assert "already sent a notice about this comment" in response.content.decode()
    assert IllegalContentNotice.objects.get().explanation == NOTICE["explanation"]
    # Someone else may send one about the same comment.
    other = send_notice(comment, Client(REMOTE_ADDR="198.51.100.10"), reporter_email="ola@example.org")
    assert other.status_code == 200


def test_removing_the_comment_rejects_it_through_the_lifecycle_and_tells_both_sides(comment, moderator):
    send_notice(comment)
    send_notice(comment, Client(REMOTE_ADDR="198.51.100.11"), reporter_email="ola@example.org", reporter_name="Ola")
    first, second = IllegalContentNotice.objects.order_by("pk")
    mail.outbox.clear()

    notices.decide(first, moderator, remove=True, reason="It publishes a private person's home address.")

    comment.refresh_from_db()
    assert comment.state == State.REJECTED
    rejected = ModelLogEntry.objects.for_instance(comment).get(action="townsquare_comment.rejected")
    assert rejected.user_id == moderator.pk and f"{first.pk}" in rejected.data["reason"]
    assert ModelLogEntry.objects.for_instance(comment).filter(action="townsquare_comment.notice_removed").exists()
    # Both notices about the comment are decided; each sender is told, and the commenter too.
    assert set(IllegalContentNotice.objects.values_list("status", flat=True)) == {"removed"}
    outcomes = {message.to[0]: message for message in mail.outbox}
    assert set(outcomes) == {"noor@example.org", "ola@example.org", "ugo@example.org"}
    assert "removed the comment" in outcomes["noor@example.org"].body
    assert "private person's home address" in outcomes["ola@example.org"].body
    assert "/comments/appeal/" in outcomes["ugo@example.org"].body  # the commenter may appeal


def test_keeping_the_comment_tells_the_sender_and_not_the_commenter(comment, moderator):
    send_notice(comment)
    notice = IllegalContentNotice.objects.get()
    mail.outbox.clear()
    notices.decide(notice, moderator, remove=False, reason="The address is of a shop, not of a person.")
    comment.refresh_from_db()
    assert comment.state == State.PUBLISHED
    [outcome] = mail.outbox
    assert outcome.to == ["noor@example.org"] and "kept the comment" in outcome.body
    assert "address is of a shop" in outcome.body


def test_a_notice_is_decided_once_and_with_a_reason(comment, moderator):
    send_notice(comment)
    notice = IllegalContentNotice.objects.get()
    with pytest.raises(notices.NoticeRefused, match="Say why"):
        notices.decide(notice, moderator, remove=True, reason="  ")
    notices.decide(notice, moderator, remove=False, reason="Not illegal.")
    with pytest.raises(notices.NoticeRefused, match="already been decided") as refusal:
        notices.decide(notice, moderator, remove=True, reason="Changed my mind.")
    assert refusal.value.status == 409
    comment.refresh_from_db()
    assert comment.state == State.PUBLISHED


def test_the_queue_and_the_decision_page_for_the_hubs_moderators_only(comment, moderator, hub, home):
    from tests.factories import CommunityHubPageFactory

    send_notice(comment)
    notice = IllegalContentNotice.objects.get()
    other_hub = CommunityHubPageFactory(parent=home, title="Cycling", slug="cycling-notices")
    outsider = UserFactory(username="mod-other", groups=[other_hub.moderators_group])
    client = Client()
    client.force_login(moderator)
    listing = client.get("/admin/moderation/notices/")
    assert listing.status_code == 200 and NOTICE["location"] in listing.content.decode()
    page = client.get(f"/admin/moderation/notices/{notice.pk}/")
    assert page.status_code == 200 and NOTICE["explanation"] in page.content.decode()
    assert client.post(f"/admin/moderation/notices/{notice.pk}/", {"reason": "no outcome"}).status_code == 400

    other = Client()
    other.force_login(outsider)
    assert NOTICE["location"] not in other.get("/admin/moderation/notices/").content.decode()
    assert other.get(f"/admin/moderation/notices/{notice.pk}/").status_code == 403
    refused = other.post(f"/admin/moderation/notices/{notice.pk}/", {"outcome": "remove", "reason": "x"})
    assert refused.status_code == 403
    notice.refresh_from_db()
    assert notice.status == "open"

    decided = client.post(f"/admin/moderation/notices/{notice.pk}/", {"outcome": "remove", "reason": "Illegal."})
    assert decided.status_code == 302
    again = client.post(f"/admin/moderation/notices/{notice.pk}/", {"outcome": "keep", "reason": "Oops."})
    assert again.status_code == 409
    notice.refresh_from_db()
    assert notice.status == "removed"
    done = client.get("/admin/moderation/notices/?status=removed").content.decode()
    assert NOTICE["location"] in done


def test_erasure_keeps_notices_counted_without_personal_data(comment):
    admin = UserFactory(username="root-notices", is_superuser=True, is_staff=True)
    send_notice(comment)
    actions.erase_commenter("noor@example.org", admin)  # the sender asks to be forgotten
    notice = IllegalContentNotice.objects.get()
    assert (notice.reporter_name, notice.reporter_email, notice.explanation) == ("", "", "")
    send_notice(comment, Client(REMOTE_ADDR="198.51.100.12"), reporter_email="ola@example.org")
    actions.erase_commenter("ugo@example.org", admin)  # the commenter asks to be forgotten
    assert IllegalContentNotice.objects.count() == 2
    assert set(IllegalContentNotice.objects.values_list("location", flat=True)) == {""}
    # The notice outlives its comment: still listed for the hub, and decided all the same.
    notice = IllegalContentNotice.objects.get(reporter_email="ola@example.org")
    assert notice.comment_id is None and notice.hub_id == comment.hub_id
    client = Client()
    client.force_login(admin)
    assert "Erased at its author" in client.get(f"/admin/moderation/notices/{notice.pk}/").content.decode()
    mail.outbox.clear()
    decided = client.post(f"/admin/moderation/notices/{notice.pk}/", {"outcome": "remove", "reason": "Gone."})
    assert decided.status_code == 302
    notice.refresh_from_db()
    assert notice.status == "removed"
    [outcome] = mail.outbox  # its sender is told all the same
    assert outcome.to == ["ola@example.org"] and "Gone." in outcome.body


def test_the_receipt_is_in_the_senders_language(comment):
    mail.outbox.clear()
    response = Client().post(re.sub("^/en/", "/fr/", report_url(comment)), NOTICE)
    assert response.status_code == 200
    assert IllegalContentNotice.objects.get().language == "fr"
    [receipt] = mail.outbox
    assert receipt.subject.startswith("Nous avons reçu votre notification")
