"""The per-comment links of a thread, reversed once per language and filled in (stories.templatetags)."""

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import path, reverse, set_script_prefix
from django.utils import translation

from stories.templatetags.comment_tags import comment_url

NAMES = ["comment-permalink", "comment-like", "comment-flag", "comment-replies", "comment-write"]


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
