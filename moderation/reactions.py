"""Reacting to a published comment, whichever way it comes (the page's buttons in
``discussion.reactions``, the API in ``townsquare.api.comments``): one like and one report per
person (``identity.visitor``), counted on the comment in the same transaction."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import get_language

from moderation import notices, policy
from moderation.models import Comment, Reaction, Report
from townsquare import cache as page_cache


def set_like(comment, page, visitor_key, *, liked=None):
    """Like ``comment`` (on ``page``) as ``visitor_key`` (``liked=True``), take the like back
    (``False``), or switch (``None``). Returns ``(liked, like_count)``."""
    with transaction.atomic():
        if liked is not True:
            deleted, _rows = Reaction.objects.filter(comment=comment, visitor=visitor_key).delete()
            if deleted:
                Comment.objects.filter(pk=comment.pk).update(like_count=F("like_count") - 1)
            liked = False if deleted else bool(liked is None)
        if liked:
            try:
                with transaction.atomic():
                    Reaction.objects.create(comment=comment, visitor=visitor_key)
                Comment.objects.filter(pk=comment.pk).update(like_count=F("like_count") + 1)
            except IntegrityError:
                pass  # already liked (a double click: the first one counted)
    transaction.on_commit(lambda: page_cache.purge_for_like(page))  # its page shows like counts
    return liked, Comment.objects.filter(pk=comment.pk).values_list("like_count", flat=True).get()


def report_weight(reporter):
    """2 for a reporter known by account or confirmed e-mail with a published comment, else 1."""
    if (reporter.user or reporter.email) and not policy.is_first_time(reporter.email, reporter.user):
        return 2
    return 1


def file_report(comment, reporter, *, reason, note=""):
    """Report ``comment`` as ``reporter`` (an ``identity.Visitor``), once per person: returns False
    when they had reported it already. Enough reports hide it until a moderator looks
    (``policy.record_report``). The rate limit (``policy.check_report_rate_limit``) is checked before."""
    try:
        with transaction.atomic():
            Report.objects.create(
                comment=comment,
                visitor=reporter.key,
                address=reporter.address,
                weight=report_weight(reporter),
                reason=reason,
                note=note,
                user=reporter.user,
            )
            Comment.objects.filter(pk=comment.pk).update(report_count=F("report_count") + 1)
            policy.record_report(comment)
    except IntegrityError:
        return False
    return True


def file_notice(comment, data):
    """A notice of illegal content about ``comment`` from a report form's cleaned ``data`` (the
    reason "illegal"): stored and acknowledged in the reader's language (``notices.receive``,
    which raises ``NoticeRefused``)."""
    return notices.receive(
        comment,
        explanation=data["explanation"],
        location=data["location"],
        reporter_name=data["reporter_name"],
        reporter_email=data["reporter_email"],
        good_faith=data["good_faith"],
        language=get_language(),
    )
