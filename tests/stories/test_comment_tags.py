"""The links, words and dates of every comment of a thread, reversed, translated and formatted once
per rendering (moderation.discussion.printing), the same as Django's own tags and filters."""

import datetime

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import path, reverse, set_script_prefix
from django.utils import translation

from moderation.discussion.printing import comment_labels, url_pattern


def comment_url(name, pk):
    return url_pattern(name) % pk


NAMES = ["comment-permalink", "comment-like", "comment-report", "comment-replies", "comment-write"]


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_the_same_as_reverse_in_every_language(language):
    with translation.override(language):
        for name in NAMES:
            for pk in (1, 7, 2147483646, 99):
                assert comment_url(name, pk) == reverse(name, args=[pk])


def test_follows_the_script_prefix():
    try:
        set_script_prefix("/community/")
        assert comment_url("comment-like", 5) == reverse("comment-like", args=[5])
        assert comment_url("comment-like", 5).startswith("/community/")
    finally:
        set_script_prefix("/")
    assert comment_url("comment-like", 5) == reverse("comment-like", args=[5])


# A URLconf of this module's own, where the like link lives elsewhere.
urlpatterns = [path("elsewhere/like/<int:comment_id>/", lambda request, comment_id: None, name="comment-like")]


def test_follows_the_urlconf():
    assert comment_url("comment-like", 3) == reverse("comment-like", args=[3])
    with override_settings(ROOT_URLCONF=__name__):
        assert comment_url("comment-like", 3) == "/elsewhere/like/3/"
    assert comment_url("comment-like", 3) == reverse("comment-like", args=[3]) != "/elsewhere/like/3/"


def test_a_pk_that_is_not_a_number_is_refused():
    with pytest.raises((TypeError, ValueError)):
        comment_url("comment-like", "1/../../admin")


def test_labels_are_translated_in_each_language():
    seen = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            labels = comment_labels()
            assert labels["like"] == translation.gettext("Like")
            assert labels["likes"] == translation.gettext("likes")
            assert labels["reply"] == translation.gettext("Reply")
            assert labels["report"] == translation.gettext("Report")
            assert labels["mine"] == translation.gettext("Edit or delete")
            seen[code] = labels["reply"]
    assert seen["en"] == "Reply" and seen["fr"] != "Reply" and len(set(seen.values())) == len(seen)


@pytest.mark.django_db
@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_dates_read_as_the_date_filter_writes_them(language, story):
    """The printer formats dates with the language's format read once; each reads exactly as
    ``{{ date|date:"DATETIME_FORMAT" }}`` and ``|date:"c"`` would, in the visitor's time zone."""
    from django.template import Context, Template
    from django.utils import timezone

    from moderation.discussion.printing import CommentPrinter
    from moderation.models import Comment

    when = timezone.make_aware(datetime.datetime(2026, 3, 9, 17, 5, 42))
    comment = Comment(pk=12, user_name="Robin", submit_date=when, html="<p>Hi</p>", state="published", level=0)
    template = Template('{{ when|date:"DATETIME_FORMAT" }}|{{ when|date:"c" }}')
    with translation.override(language), timezone.override("Asia/Tokyo"):
        row = CommentPrinter(story, comments_open=True, max_reply_depth=3).row(comment)
        assert f"{row['date']}|{row['iso']}" == template.render(Context({"when": when}))
    assert row["reply_url"].endswith("?reply_to=12") and "mine_url" not in row
