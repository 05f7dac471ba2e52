"""E-mails about comments: the confirmation request and follow-up notifications.

Each function sends one kind of message and is called from a background task
(``moderation.tasks``), so a slow or broken mail server never delays a visitor.

Every message goes out through ``send_notification``, which

- refuses nothing but skips addresses that stopped all e-mails from the site (``MailOptOut``,
  ``opt_out``), except a confirmation request, which the visitor has just asked for on the site
  (without it they could not comment as a guest; the per-address rate limit bounds what anyone
  typing someone else's address can send);
- sends each message once per background task, even when the task is started again after its
  worker was killed (``townsquare.task_runs.once``);
- adds RFC 8058 one-click unsubscribe headers (``List-Unsubscribe`` and
  ``List-Unsubscribe-Post``) and a footer with the same link, to a page with a button that
  stops every e-mail from the site to that address.

Names and other text written by visitors go through ``header_safe`` before they reach a subject,
a display name or a line of a message, so a name cannot add a header or a line of its own.
"""

import hashlib

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from moderation.models import Comment, MailOptOut
from townsquare import task_runs
from townsquare.mail import MAIL_ERRORS, header_safe, normalise_email  # noqa: F401 - MAIL_ERRORS: the tasks catch it

UNSUBSCRIBE_SALT = "townsquare.mail.unsubscribe"


def opt_out_key(email):
    """What ``MailOptOut`` stores of an address: a hash of its normalised form (so an opt-out
    covers the mailbox, "A+news@x.org" as "a@x.org"). Not keyed with SECRET_KEY: an opt-out
    must outlive a change of key."""
    return hashlib.sha256(f"townsquare-mail-opt-out:{normalise_email(email)}".encode()).hexdigest()


def opt_out(email):
    """Stop every e-mail from the site to ``email`` (idempotent)."""
    MailOptOut.objects.get_or_create(email_key=opt_out_key(email))


def opted_out(emails):
    """The addresses among ``emails`` that stopped all e-mails (one query)."""
    keys = {email: opt_out_key(email) for email in emails}
    stopped = set(MailOptOut.objects.filter(email_key__in=keys.values()).values_list("email_key", flat=True))
    return {email for email, key in keys.items() if key in stopped}


def unsubscribe_key(email):
    """A signed, URL-safe key for the link that stops all e-mails to ``email``."""
    return signing.dumps({"e": email}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_key(key):
    """The address of an unsubscribe key; raise ``signing.BadSignature`` when forged or malformed."""
    email = signing.loads(key, salt=UNSUBSCRIBE_SALT).get("e")
    if not isinstance(email, str) or "@" not in email:
        raise signing.BadSignature("The unsubscribe key holds no address.")
    return email


def unsubscribe_url(email):
    """The absolute address of the stop-all-e-mails page for ``email`` (in the active language)."""
    return settings.WAGTAILADMIN_BASE_URL + reverse("mail-unsubscribe", args=[unsubscribe_key(email)])


def send_notification(*, subject, body, to, requested=False):
    """Send one message to the address ``to``, with the unsubscribe headers and footer.

    ``requested``: the message goes even to an address that stopped all e-mails: the visitor
    asked for it just now (a confirmation request), or the law requires it (the statement of
    reasons for a comment rejected or hidden, ``send_decision_notice``). Returns False when the
    address opted out.
    Mail server errors propagate (``MAIL_ERRORS``): the tasks retry them."""
    if not requested and opted_out([to]):
        return False
    url = unsubscribe_url(to)
    footer = render_to_string(
        "moderation/email/unsubscribe_footer.txt", {"unsubscribe_url": url, "site_name": settings.WAGTAIL_SITE_NAME}
    )
    message = EmailMessage(
        header_safe(subject),
        body.rstrip("\n") + "\n\n" + footer,
        settings.DEFAULT_FROM_EMAIL,
        [to],
        headers={"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
    # Once per task, even when the task is started again after its worker was killed.
    task_runs.once(f"mail\n{to}\n{message.subject}", message.send)
    return True


def send_confirmation_request(*, email, name, story_title, confirm_url, language, manage_url=None):
    from moderation.discussion.confirmation import own_words_url

    with translation.override(language):
        context = {
            "name": header_safe(name),
            "story_title": story_title,
            "confirm_url": confirm_url,  # the address the visitor used, so the link works where they are
            # The guest's own-words link (edit or delete their comment), beside the confirmation link.
            "manage_url": own_words_url(confirm_url) if manage_url is None else manage_url,
            "site_name": settings.WAGTAIL_SITE_NAME,
        }
        send_notification(
            subject=_("Please confirm your comment on “%(title)s”") % {"title": story_title},
            body=render_to_string("moderation/email/confirm_comment.txt", context),
            to=email,
            requested=True,
        )


MUTE_SALT = "townsquare.comments.mute"


def mute_key(email, page_id):
    """A signed, URL-safe key that turns off follow-up e-mails for ``email`` on one story."""
    return signing.dumps({"e": email.lower(), "p": page_id}, salt=MUTE_SALT, compress=True)


def read_mute_key(key):
    """Return (email, page_id) from a mute key; raise ``signing.BadSignature`` when forged."""
    data = signing.loads(key, salt=MUTE_SALT)
    return data["e"], data["p"]


def thread_followers(comment):
    """Earlier commenters in ``comment``'s thread who asked to hear about replies: {email: their comment}."""
    followers = {}
    earlier = (
        Comment.objects.filter(thread_id=comment.thread_id, followup=True, state=Comment.State.PUBLISHED)
        .exclude(user_email__iexact=comment.user_email)
        .exclude(user_email="")
        .order_by("submit_date")
    )
    for follower in earlier:
        followers.setdefault(follower.user_email.lower(), follower)
    return followers


def notify_followers(comment, only=None):
    """E-mail every follower of ``comment``'s thread about it, each with a one-click mute link.

    ``only``: the addresses to write to (a retry after some failed); default every follower.
    Returns (addresses sent to, {address: error} for those that failed). A failure to reach
    the mail server stops nobody else's message from being tried."""
    story = comment.page.specific
    sent, failed = [], {}
    wanted = {address.lower() for address in only} if only is not None else None
    followers = thread_followers(comment)
    stopped = opted_out(followers)
    for address, follower in followers.items():
        if (wanted is not None and address not in wanted) or address in stopped:
            continue
        key = mute_key(follower.user_email, comment.page_id)
        with translation.override(comment.language or settings.LANGUAGE_CODE):
            context = {
                "name": header_safe(follower.user_name),
                "author": header_safe(comment.user_name),
                "comment": comment,
                "story_title": story.title,
                "comment_url": settings.WAGTAILADMIN_BASE_URL + comment.get_absolute_url(),
                "mute_url": settings.WAGTAILADMIN_BASE_URL + reverse("comment-mute", args=[key]),
                "site_name": settings.WAGTAIL_SITE_NAME,
            }
            try:
                send_notification(
                    subject=_("New reply on “%(title)s”") % {"title": story.title},
                    body=render_to_string("moderation/email/followup.txt", context),
                    to=follower.user_email,
                )
            except MAIL_ERRORS as error:
                failed[address] = error
                continue
        sent.append(address)
    return sent, failed


def send_decision_notice(comment, kind):
    """Tell ``comment``'s author what was decided (``decisions.notice_kind``): what happened, the
    reason in plain words, whether a person or a rule decided, and for a rejection or hiding the
    link to appeal and until when. In the language the comment was written in.

    Restrictions go even to an address that stopped the site's e-mails (a statement of reasons
    is owed); a "published" notice respects the opt-out. Returns whether a message was sent."""
    from moderation import appeals, decisions

    entry = appeals.latest_decision(comment) if kind in decisions.RESTRICTIONS else None
    story = comment.page.specific if comment.page_id else None
    with translation.override(comment.language or settings.LANGUAGE_CODE):
        explained = decisions.explain(comment, entry.data if entry else None)
        if entry is not None:
            explained["automated"] = entry.user_id is None
        context = {
            "name": header_safe(comment.user_name),
            "kind": kind,
            "comment": comment,
            "story_title": story.title if story else "",
            "comment_url": settings.WAGTAILADMIN_BASE_URL + comment.get_absolute_url(),
            "explanation": explained["explanation"],
            "words": explained["words"],
            "automated": explained["automated"],
            "appeal_url": (
                settings.WAGTAILADMIN_BASE_URL + reverse("comment-appeal", args=[appeals.appeal_key(entry)])
                if entry is not None
                else ""
            ),
            "appeal_deadline": appeals.deadline(entry).date() if entry is not None else None,
            "site_name": settings.WAGTAIL_SITE_NAME,
        }
        subjects = {
            decisions.PUBLISHED: _("Your comment on “%(title)s” is published"),
            decisions.REJECTED: _("Your comment on “%(title)s” was not published"),
            decisions.HIDDEN: _("Your comment on “%(title)s” is hidden for review"),
        }
        return send_notification(
            subject=subjects[kind] % {"title": context["story_title"]},
            body=render_to_string("moderation/email/decision.txt", context),
            to=comment.user_email,
            requested=kind in decisions.RESTRICTIONS,
        )


def send_appeal_outcome(appeal):
    """Tell the appellant how their appeal was decided, and why, in the language they appealed in."""
    comment = appeal.comment
    if not comment.user_email:  # erased since
        return False
    story = comment.page.specific if comment.page_id else None
    with translation.override(appeal.language or comment.language or settings.LANGUAGE_CODE):
        context = {
            "name": header_safe(comment.user_name),
            "reversed": appeal.status == appeal.Status.REVERSED,
            "reason": appeal.outcome_reason,
            "story_title": story.title if story else "",
            "comment_url": settings.WAGTAILADMIN_BASE_URL + comment.get_absolute_url(),
            "site_name": settings.WAGTAIL_SITE_NAME,
        }
        return send_notification(
            subject=_("Your appeal about your comment on “%(title)s”") % {"title": context["story_title"]},
            body=render_to_string("moderation/email/appeal_outcome.txt", context),
            to=comment.user_email,
            requested=True,
        )


def _notice_context(notice):
    comment = notice.comment  # None once its author's data was erased
    story = comment.page.specific if comment is not None and comment.page_id else None
    return {
        "name": header_safe(notice.reporter_name),
        "number": notice.pk,
        "story_title": story.title if story else "",
        "location": notice.location,
        "received": notice.received_at,
        "deadline": notice.deadline,
        "removed": notice.status == notice.Status.REMOVED,
        "reason": notice.outcome_reason,
        "site_name": settings.WAGTAIL_SITE_NAME,
    }


def _send_about_notice(notice, subject, template):
    with translation.override(notice.language or settings.LANGUAGE_CODE):
        return send_notification(
            subject=str(subject) % {"number": notice.pk},
            body=render_to_string(template, _notice_context(notice)),
            to=notice.reporter_email,
            requested=True,
        )


def send_notice_receipt(notice):
    """Acknowledge a notice of illegal content to its sender: its number and the deadline. Sent even
    to an address that stopped e-mails (as is the outcome): the sender asked for it, and the law
    requires it."""
    return _send_about_notice(
        notice, gettext_lazy("We received your notice %(number)s"), "moderation/email/notice_receipt.txt"
    )


def send_notice_outcome(notice):
    """Tell the sender of a notice of illegal content what was decided, and why."""
    return _send_about_notice(
        notice, gettext_lazy("Our decision on your notice %(number)s"), "moderation/email/notice_outcome.txt"
    )
