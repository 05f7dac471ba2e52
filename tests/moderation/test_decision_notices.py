"""Decision notices and appeals (``moderation.decisions``, ``moderation.appeals``), end to end
through the real lifecycle, Django's captured outbox and the public and admin views."""

from datetime import timedelta
from urllib.parse import urlparse

import pytest
from django.core import mail, signing
from django.utils import timezone
from wagtail.models import ModelLogEntry

from moderation import actions, appeals, lifecycle, policy
from moderation.models import Appeal, Comment, ModerationSettings, Report, WordList
from tests.factories import UserFactory
from tests.stories.comment_helpers import add_comment

# Real commits: notices and outcomes leave once the decision's transaction commits.
pytestmark = pytest.mark.django_db(transaction=True)

State = Comment.State
REASONS = [
    ("Off-topic", "This community talks about gardening; your comment was about something else."),
    ("Advertising", "Comments here are not a place to advertise."),
]


@pytest.fixture
def hub(hub):
    hub.decision_reasons = [("reason", {"label": label, "explanation": text}) for label, text in REASONS]
    hub.save_revision().publish()
    return hub


@pytest.fixture
def moderators(hub):
    return [UserFactory(username=f"mod-{n}", groups=[hub.moderators_group]) for n in range(2)]


def notices_to(address):
    return [message for message in mail.outbox if message.to == [address]]


def appeal_path(message):
    [line] = [line for line in message.body.splitlines() if "/comments/appeal/" in line]
    return urlparse(line.strip()).path


def test_a_rejection_with_a_hub_reason_sends_one_notice_in_the_hubs_words(story, moderators):
    comment = add_comment(story, "Buy my seeds", state=State.HELD, name="Ana")
    mail.outbox.clear()
    actions.reject(comment, moderators[0], reason="off-topic: this thread is about tomatoes")

    [notice] = notices_to("ana@example.org")
    assert "was not published" in notice.subject
    assert REASONS[0][1] in notice.body  # the hub's explanation, chosen by its label in any case
    assert "this thread is about tomatoes" in notice.body  # the moderator's own words
    assert "A moderator made this decision." in notice.body
    assert appeal_path(notice).startswith("/en/comments/appeal/")
    comment.refresh_from_db()
    assert comment.decision_reason == story.get_parent().specific.decision_reasons[0].id


def test_each_decision_path_sends_exactly_one_notice_and_spam_none(story, moderators):
    held = add_comment(story, "Held one", state=State.HELD, name="Bea")
    spam = add_comment(story, "Spam one", state=State.HELD, name="Cid")
    published = add_comment(story, "Published one", name="Dee")
    mail.outbox.clear()

    actions.approve(held, moderators[0])  # held -> published
    actions.mark_spam(spam, moderators[0])  # spam: nothing
    # Hidden by reports: the rule decides, no moderator.
    ModerationSettings.objects.update_or_create(pk=ModerationSettings.load().pk, defaults={"reports_to_hide": 1})
    Report.objects.create(comment=published, visitor="v1", reason=Report.Reason.ABUSIVE)
    Comment.objects.filter(pk=published.pk).update(report_count=1)
    assert policy.record_report(published)

    [approved] = notices_to("bea@example.org")
    assert "is published" in approved.subject and "/comments/appeal/" not in approved.body
    assert notices_to("cid@example.org") == []
    [hidden] = notices_to("dee@example.org")
    assert "hidden for review" in hidden.subject
    assert "Several readers reported it" in hidden.body
    assert "made automatically" in hidden.body
    assert "/comments/appeal/" in hidden.body
    assert len(mail.outbox) == 2


def test_a_rule_rejecting_a_comment_as_it_is_posted_sends_an_automated_notice(story):
    WordList.objects.create(name="Banned", language="en", action=WordList.Action.REJECT, words="casino")
    mail.outbox.clear()
    comment = add_comment(story, "Visit my casino", state=State.REJECTED, name="Eve")
    assert comment.state == State.REJECTED
    [notice] = notices_to("eve@example.org")
    assert "a word or phrase this community does not allow" in notice.body
    assert "made automatically" in notice.body


def test_a_bulk_rejection_notifies_each_commenter_once(story, moderators):
    comments = [add_comment(story, f"Comment {n}", state=State.HELD, name=f"Bulk{n}") for n in range(3)]
    mail.outbox.clear()
    actions.change_states(comments, State.REJECTED, user=moderators[0], reason="Advertising")
    assert sorted(message.to[0] for message in mail.outbox) == [f"bulk{n}@example.org" for n in range(3)]
    assert all(REASONS[1][1] in message.body for message in mail.outbox)


def test_the_notice_is_in_the_language_the_comment_was_written_in(story, moderators):
    comment = add_comment(story, "Un commentaire", state=State.HELD, name="Zoé")
    Comment.objects.filter(pk=comment.pk).update(language="fr")
    comment.refresh_from_db()
    mail.outbox.clear()
    actions.reject(comment, moderators[0], reason="Off-topic")
    [notice] = mail.outbox
    assert appeal_path(notice).startswith("/fr/comments/appeal/")


def reject_and_get_link(story, moderator, name="Fay"):
    comment = add_comment(story, "Tomatoes need sun", state=State.HELD, name=name)
    mail.outbox.clear()
    actions.reject(comment, moderator, reason="Off-topic")
    [notice] = mail.outbox
    mail.outbox.clear()
    return comment, appeal_path(notice)


def test_an_appeal_reversed_by_another_moderator_publishes_the_comment_audited_and_told(client, story, moderators):
    comment, path = reject_and_get_link(story, moderators[0])
    assert client.get(path).status_code == 200
    response = client.post(path, {"statement": "It is about tomatoes, the topic of the thread."})
    assert response.status_code == 200
    [appeal] = Appeal.objects.filter(comment=comment)
    assert appeal.decided_by == moderators[0] and appeal.status == Appeal.Status.OPEN

    # The moderator who decided may not decide the appeal: another moderates the hub.
    with pytest.raises(appeals.AppealRefused):
        appeals.decide(appeal, moderators[0], reverse=True, reason="Fair point")
    # Through the admin page, as the other moderator.
    client.force_login(moderators[1])
    page = client.get(f"/admin/moderation/appeals/{appeal.pk}/")
    assert page.status_code == 200 and b"the topic of the thread" in page.content
    response = client.post(f"/admin/moderation/appeals/{appeal.pk}/", {"outcome": "reverse", "reason": "Fair point"})
    assert response.status_code == 302

    comment.refresh_from_db()
    appeal.refresh_from_db()
    assert comment.state == State.PUBLISHED and comment.moderated_by == moderators[1]
    assert appeal.status == Appeal.Status.REVERSED and appeal.handled_by == moderators[1]
    actions_logged = list(ModelLogEntry.objects.for_instance(comment).order_by("pk").values_list("action", flat=True))
    assert actions_logged[-3:] == [
        "townsquare_comment.appealed",
        "townsquare_comment.published",
        "townsquare_comment.appeal_reversed",
    ]
    # One e-mail: the outcome, not also the usual "published" notice.
    [outcome] = mail.outbox
    assert (
        outcome.to == ["fay@example.org"] and "reversed the decision" in outcome.body and "Fair point" in outcome.body
    )


def test_an_upheld_appeal_leaves_the_comment_and_tells_the_commenter(client, story, moderators):
    comment, path = reject_and_get_link(story, moderators[0])
    client.post(path, {"statement": "Please look again."})
    appeal = Appeal.objects.get(comment=comment)
    appeals.decide(appeal, moderators[1], reverse=False, reason="It advertises a shop.")
    comment.refresh_from_db()
    assert comment.state == State.REJECTED
    [outcome] = mail.outbox
    assert "upheld the decision" in outcome.body and "It advertises a shop." in outcome.body
    with pytest.raises(appeals.AppealRefused):  # decided once
        appeals.decide(appeal, moderators[1], reverse=True, reason="Changed my mind")


def test_appeal_links_cannot_be_reused_forged_or_used_for_another_comment(client, story, moderators):
    comment, path = reject_and_get_link(story, moderators[0])
    other, _other_path = reject_and_get_link(story, moderators[0], name="Gus")
    assert client.post(path, {"statement": "First"}).status_code == 200
    again = client.post(path, {"statement": "Second"})
    assert again.status_code == 409 and b"already been appealed" in again.content
    assert Appeal.objects.filter(comment=comment).count() == 1

    entry = appeals.latest_decision(comment)
    # This decision's entry, signed for another comment: refused.
    swapped = signing.dumps({"d": entry.pk, "c": other.pk}, salt=appeals.APPEAL_SALT, compress=True)
    assert client.get(f"/en/comments/appeal/{swapped}/").status_code == 404
    assert client.get(path[:-6] + "forged/").status_code == 404
    assert not Appeal.objects.filter(comment=other).exists()


def test_bad_appeals_get_a_clear_message_and_nothing_is_lost(client, story, moderators):
    comment, path = reject_and_get_link(story, moderators[0])
    empty = client.post(path, {"statement": "   "})
    assert empty.status_code == 400 and b"Say why you think the decision is wrong" in empty.content
    too_long = client.post(path, {"statement": "x" * 2001})
    assert too_long.status_code == 400 and b"x" * 2001 in too_long.content  # kept in the form
    assert not Appeal.objects.exists()

    # After the window (30 days by default).
    ModelLogEntry.objects.filter(pk=appeals.latest_decision(comment).pk).update(
        timestamp=timezone.now() - timedelta(days=31)
    )
    late = client.get(path)
    assert late.status_code == 410 and b"The time to appeal this decision ended" in late.content

    # A comment never decided: its creation entry is no decision to appeal.
    never = add_comment(story, "Fine", state=State.HELD, name="Hal")
    creation = ModelLogEntry.objects.for_instance(never).get()  # held as it was posted
    key = signing.dumps({"d": creation.pk, "c": never.pk}, salt=appeals.APPEAL_SALT, compress=True)
    assert client.get(f"/en/comments/appeal/{key}/").status_code == 404


def test_a_link_to_a_decision_made_again_since_no_longer_works(client, story, moderators):
    comment, path = reject_and_get_link(story, moderators[0])
    lifecycle.set_state(comment, State.PUBLISHED, actor=moderators[1])
    response = client.get(path)
    assert response.status_code == 410 and b"decided again since" in response.content


def test_the_only_moderator_of_a_hub_decides_appeals_of_their_own_decisions(client, story, hub):
    only = UserFactory(username="only-mod", groups=[hub.moderators_group])
    comment, path = reject_and_get_link(story, only)
    client.post(path, {"statement": "Please"})
    appeal = Appeal.objects.get(comment=comment)
    # Superusers moderate every hub: with none, the hub's one moderator decides.
    assert appeals.may_decide(only, appeal)
    appeals.decide(appeal, only, reverse=True, reason="Looked again")
    comment.refresh_from_db()
    assert comment.state == State.PUBLISHED


def test_the_appeals_queue_lists_open_appeals_of_the_users_hubs_only(client, story, moderators, home):
    from tests.factories import CommunityHubPageFactory

    comment, path = reject_and_get_link(story, moderators[0])
    client.post(path, {"statement": "Please look again at my comment"})
    client.force_login(moderators[1])
    listing = client.get("/admin/moderation/appeals/")
    assert listing.status_code == 200 and b"Please look again at my comment" in listing.content
    elsewhere = CommunityHubPageFactory(parent=home, title="Cooking", slug="cooking")
    stranger = UserFactory(username="cook-mod", groups=[elsewhere.moderators_group])
    client.force_login(stranger)
    listing = client.get("/admin/moderation/appeals/")
    assert listing.status_code == 200 and b"Please look again at my comment" not in listing.content
    appeal = Appeal.objects.get(comment=comment)
    assert client.get(f"/admin/moderation/appeals/{appeal.pk}/").status_code == 403


def test_an_erasure_closes_an_open_appeal_and_keeps_it_counted(client, story, moderators):
    from insights import transparency

    superuser = UserFactory(username="root-appeals", is_superuser=True, is_staff=True)
    comment, path = reject_and_get_link(story, moderators[0])
    client.post(path, {"statement": "Please look again at my comment"})
    appeal = Appeal.objects.get(comment=comment)
    mail.outbox.clear()
    actions.erase_commenter("fay@example.org", superuser)  # the comment has no reply: its row is deleted

    appeal.refresh_from_db()
    assert not Comment.objects.filter(pk=comment.pk).exists()
    assert (appeal.comment_id, appeal.hub_id, appeal.statement) == (None, story.get_parent().pk, "")
    assert appeal.status == Appeal.Status.WITHDRAWN and appeal.handled_at is not None
    # Still the hub's: listed to its moderators (not to others), its page says the comment is gone.
    client.force_login(moderators[1])
    listing = client.get("/admin/moderation/appeals/?status=withdrawn")
    assert listing.status_code == 200 and f"/admin/moderation/appeals/{appeal.pk}/".encode() in listing.content
    page = client.get(f"/admin/moderation/appeals/{appeal.pk}/")
    assert page.status_code == 200 and b"nothing of it is kept" in page.content
    assert b'name="outcome"' not in page.content  # nothing left to decide
    with pytest.raises(appeals.AppealRefused) as refused:
        appeals.decide(appeal, moderators[1], reverse=True, reason="Too late")
    assert refused.value.status == 410
    assert mail.outbox == []  # nobody left to tell: the address went with the comment
    # And counted in the hub's transparency report.
    start, end = timezone.now() - timedelta(days=1), timezone.now() + timedelta(days=1)
    report = transparency.compute({story.get_parent().pk}, start, end)
    assert report.appeals == {"submitted": 1, "upheld": 0, "reversed": 0, "open": 0, "withdrawn": 1}
