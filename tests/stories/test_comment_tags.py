"""The links and words of every comment of a thread, reversed and translated once per language
(moderation.templatetags.comment_tags)."""

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import path, reverse, set_script_prefix
from django.utils import translation

from moderation.templatetags.comment_tags import comment_labels, comment_url

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
            assert labels == {
                "like": translation.gettext("Like"),
                "likes": translation.gettext("likes"),
                "reply": translation.gettext("Reply"),
                "report": translation.gettext("Report"),
            }
            seen[code] = labels["reply"]
    assert seen["en"] == "Reply" and seen["fr"] != "Reply" and len(set(seen.values())) == len(seen)
