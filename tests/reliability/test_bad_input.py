"""Bad input: malformed requests to the public and moderation endpoints get a 4xx (or a page that
copes with them), never a 5xx, and store nothing.

``CASES`` is the corpus: each request goes through Django's test client to one small site, and
each case checks the status, a readable message where a page is shown, that comments, reports,
likes, audit entries, queued tasks and e-mails are unchanged, and that the story still renders
afterwards. ``test_raw_http`` then sends bytes no test client can send (invalid UTF-8 in the
request line, an overlong line, a body over the upload limit) to the running server over a
socket. The run's summary ends with one line of figures (``report_figure``).
"""

import http.client
import json
import re
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from types import SimpleNamespace
from urllib.parse import urlencode, urlsplit

import pytest
from django.conf import settings
from django.core import mail, signing
from django.db import transaction
from django.test import Client
from django_tasks_db.models import DBTaskResult
from wagtail.models import ModelLogEntry, Page, Site
from wagtail.test.utils import WagtailTestUtils

from moderation.discussion.confirmation import CONFIRM_MAX_AGE, CONFIRM_SALT
from moderation.discussion.forms import StoryCommentForm
from moderation.models import BlockedCommenter, Comment, Reaction, Report
from moderation.notifications import MUTE_SALT, mute_key
from moderation.sanitize import MAX_LENGTH
from tests.factories import CommunityHubPageFactory, HubIndexPageFactory, StoryPageFactory, UserFactory
from tests.stories.comment_helpers import add_comment, form_post
from townsquare.demo.loader import ensure_wagtail_roots

FORM = "application/x-www-form-urlencoded"
JSON = {"HTTP_ACCEPT": "application/json"}
HUGE = str(10**30)  # more digits than any database integer holds
NUL = "\x00"

POST_URL = "/en/comments/post/"
NOT_FOUND = "Page not found"
NOT_ON_STORY = "This comment does not belong to a page that accepts comments."
FORGED = "This form could not be verified."
EXPIRED_FORM = "This form has expired."
BAD_PARENT = "You can only reply to a published comment on this story."
NUL_REFUSED = "Null characters are not allowed."
BAD_LINK = "This confirmation link is not valid."
BAD_MUTE_LINK = "This link is not valid."
UNREADABLE = "could not be read"
NOTICE = {
    "reason": "illegal",
    "explanation": "It breaks the law.",
    "location": "the words",
    "reporter_name": "Noor",
    "reporter_email": "noor@example.org",
    "good_faith": "on",
}


# The site ------------------------------------------------------------------------------------


@pytest.fixture(scope="class")
def world(django_db_setup, django_db_blocker):
    """Two hubs, a discussion three levels deep, a held comment, a draft and a deleted story, and a
    moderator of the first hub; built once for the class, each test in its own savepoint (``db``).

    Class-scoped, not module-scoped: its transaction must be closed before ``test_raw_http`` empties
    the tables for the live server (PostgreSQL cannot truncate inside an open transaction)."""
    with django_db_blocker.unblock(), transaction.atomic():
        ensure_wagtail_roots()  # a transactional test elsewhere may have emptied every table
        home = HubIndexPageFactory(parent=Page.get_first_root_node(), title="Home", slug="bad-input-home")
        Site.objects.update_or_create(is_default_site=True, defaults={"root_page": home, "hostname": "localhost"})
        hub = CommunityHubPageFactory(parent=home, title="Gardening", slug="gardening", max_reply_depth=2)
        other_hub = CommunityHubPageFactory(parent=home, title="Cycling", slug="cycling")
        story = StoryPageFactory(parent=hub, title="Seeds", slug="seeds")
        other_story = StoryPageFactory(parent=other_hub, title="Wheels", slug="wheels")
        draft = StoryPageFactory(parent=hub, title="Draft", slug="draft", live=False)
        gone = StoryPageFactory(parent=hub, title="Gone", slug="gone")
        gone_pk = gone.pk
        gone.delete()
        root = add_comment(story, "Which seeds first?", name="Robin", email="robin@example.org", followup=True)
        reply = add_comment(story, "Tomatoes.", parent=root, name="Sam")
        deepest = add_comment(story, "Agreed.", parent=reply, name="Kim")
        held = add_comment(story, "Cheap pills here", state=Comment.State.HELD, name="Pat")
        elsewhere = add_comment(other_story, "Nice bike.", name="Alex")
        moderator = UserFactory(username="bad-input-moderator", groups=[hub.moderators_group])
        yield SimpleNamespace(
            hub=hub,
            other_hub=other_hub,
            story=story,
            other_story=other_story,
            draft=draft,
            gone_pk=gone_pk,
            root=root,
            reply=reply,
            deepest=deepest,
            held=held,
            elsewhere=elsewhere,
            moderator=moderator,
        )
        transaction.set_rollback(True)


@pytest.fixture(scope="session")
def tally():
    """Figures of the whole corpus, reported once at the end of the run (``report_figure``)."""
    figures = {"client": 0, "wire": 0, "below 500": 0, "4xx": 0, "nothing stored": 0}
    yield figures
    tried = figures["client"] + figures["wire"]
    if tried and "report" in figures:
        figures["report"](
            f"bad input: {tried} malformed requests ({figures['client']} through the test client, "
            f"{figures['wire']} raw over HTTP): {figures['below 500']} answered without a 5xx "
            f"({figures['4xx']} with a 4xx), {figures['nothing stored']} stored nothing"
        )


def stored():
    """Everything a request could have written."""
    return {
        "comments": sorted(
            Comment.objects.values_list(
                "pk",
                "state",
                "like_count",
                "report_count",
                "followup",
                "rejection_reason",
                "assignee_id",
                "answered_at",
                "is_public",
                "is_removed",
            )
        ),
        "reports": Report.objects.count(),
        "likes": Reaction.objects.count(),
        "audit entries": ModelLogEntry.objects.count(),
        "blocked commenters": BlockedCommenter.objects.count(),
        "queued tasks": DBTaskResult.objects.count(),
        "e-mails": len(mail.outbox),
    }


def count(tally, part, status, unchanged):
    tally[part] += 1
    tally["below 500"] += status < 500
    tally["4xx"] += 400 <= status < 500
    tally["nothing stored"] += unchanged


# Requests ------------------------------------------------------------------------------------


@dataclass
class Req:
    method: str
    path: str
    data: dict | None = None
    body: bytes | None = None
    content_type: str = FORM
    extra: dict = field(default_factory=dict)

    def send(self, client):
        body = self.body
        if body is None and self.data is not None:
            body = urlencode(self.data, doseq=True).encode()
        if self.method == "GET" and body is None:
            return client.get(self.path, **self.extra)
        return client.generic(self.method, self.path, body or b"", content_type=self.content_type, **self.extra)


def get(path, **extra):
    return Req("GET", path, extra=extra)


def post(path, data=None, **extra):
    return Req("POST", path, data=data or {}, extra=extra)


def raw(method, path, body=b"", content_type=FORM, **extra):
    return Req(method, path, body=body, content_type=content_type, extra=extra)


def without(data, *names):
    return {key: value for key, value in data.items() if key not in names}


def comment(w, **fields):
    """A valid anonymous comment on the story, changed by ``fields``."""
    return form_post(w.story, **fields)


def signed_at(w, timestamp, story=None):
    """Form security data for ``story`` as if its page had been served at ``timestamp``."""
    story = story or w.story
    form = StoryCommentForm(story)
    hash_ = form.generate_security_hash("stories.storypage", str(story.pk), str(timestamp))
    return {"timestamp": str(timestamp), "security_hash": hash_}


def confirm_payload(w, **changes):
    return {
        "story": w.story.pk,
        "parent": 0,
        "name": "Robin",
        "email": "new@example.org",
        "text": "Hello there.",
        "followup": False,
        "ip": "127.0.0.1",
        "at": datetime.now().astimezone().isoformat(),
        **changes,
    }


class SignedLongAgo(signing.TimestampSigner):
    """Signs as if it were eight days ago: past the confirmation link's lifetime."""

    def timestamp(self):
        return signing.b62_encode(int(time.time()) - CONFIRM_MAX_AGE - 24 * 60 * 60)


def confirm_url(payload, salt=CONFIRM_SALT, signer=signing.TimestampSigner):
    return f"/en/comments/confirm/{signer(salt=salt).sign_object(payload, compress=True)}/"


def valid_confirm_key(w):
    return signing.dumps(confirm_payload(w), salt=CONFIRM_SALT, compress=True)


def tampered(key):
    """The key with one character of its payload changed."""
    position = len(key) // 3
    return key[:position] + ("A" if key[position] != "A" else "B") + key[position + 1 :]


def mute_url(key):
    return f"/en/comments/mute/{key}/"


def action_url(pk, action):
    return f"/admin/moderation/{pk}/{action}/"


def bulk_url(action, ids, next_url="/admin/moderation/pending/"):
    return f"/admin/bulk/moderation/comment/{action}/?" + urlencode([*(("id", pk) for pk in ids), ("next", next_url)])


@dataclass(frozen=True)
class Case:
    id: str
    build: Callable
    expect: int | tuple
    message: str = ""
    who: str = "visitor"  # visitor, visitor_csrf (CSRF enforced), moderator, moderator_csrf


C = Case
CASES = [
    # Posting a comment ---------------------------------------------------------------------
    C("post-empty", lambda w: post(POST_URL, {}), 400, NOT_ON_STORY),
    C("post-missing-text", lambda w: post(POST_URL, without(comment(w), "comment")), 400, "Please write something"),
    C("post-missing-name-email", lambda w: post(POST_URL, without(comment(w), "name", "email")), 400, "required"),
    C("post-missing-security", lambda w: post(POST_URL, without(comment(w), "security_hash", "timestamp")), 400),
    C("post-wrong-content-type", lambda w: post(POST_URL, comment(w, content_type="auth.user")), 400, NOT_ON_STORY),
    C("post-content-type-10k", lambda w: post(POST_URL, comment(w, content_type="x" * 10_000)), 400, NOT_ON_STORY),
    C("post-object-pk-text", lambda w: post(POST_URL, comment(w, object_pk="abc")), 400, NOT_ON_STORY),
    C("post-object-pk-negative", lambda w: post(POST_URL, comment(w, object_pk="-1")), 400, NOT_ON_STORY),
    C("post-object-pk-superscript", lambda w: post(POST_URL, comment(w, object_pk="\u00b2")), 400, NOT_ON_STORY),
    C("post-object-pk-huge", lambda w: post(POST_URL, comment(w, object_pk=HUGE)), 404, NOT_FOUND),
    C("post-object-pk-hub", lambda w: post(POST_URL, comment(w, object_pk=str(w.hub.pk))), 404, NOT_FOUND),
    C("post-object-pk-draft", lambda w: post(POST_URL, comment(w, object_pk=str(w.draft.pk))), 404, NOT_FOUND),
    C("post-object-pk-deleted", lambda w: post(POST_URL, comment(w, object_pk=str(w.gone_pk))), 404, NOT_FOUND),
    C(
        "post-object-pk-other-story",
        lambda w: post(POST_URL, comment(w, object_pk=str(w.other_story.pk))),
        400,
        FORGED,
    ),
    C("post-text-over-limit", lambda w: post(POST_URL, comment(w, comment="a" * (MAX_LENGTH + 1))), 400, "at most"),
    C("post-text-1mb", lambda w: post(POST_URL, comment(w, comment="word " * 200_000)), 400, "at most"),
    C("post-text-whitespace", lambda w: post(POST_URL, comment(w, comment=" \r\n\t " * 100)), 400, "Please write"),
    C("post-name-10k", lambda w: post(POST_URL, comment(w, name="n" * 10_000)), 400, "at most 50 characters"),
    C("post-email-malformed", lambda w: post(POST_URL, comment(w, email="robin@")), 400, "valid email"),
    C("post-email-10k", lambda w: post(POST_URL, comment(w, email="r" * 10_000 + "@example.org")), 400),
    C("post-nul-in-name", lambda w: post(POST_URL, comment(w, name=f"Ro{NUL}bin")), 400, NUL_REFUSED),
    C("post-nul-in-text", lambda w: post(POST_URL, comment(w, comment=f"Hi{NUL}there")), 400, NUL_REFUSED),
    C("post-nul-in-email", lambda w: post(POST_URL, comment(w, email=f"robin{NUL}@example.org")), 400, NUL_REFUSED),
    C("post-nul-in-object-pk", lambda w: post(POST_URL, comment(w, object_pk=f"{w.story.pk}{NUL}")), 400),
    C(
        "post-invalid-utf8-raw",
        lambda w: raw("POST", POST_URL, urlencode(without(comment(w), "comment")).encode() + b"&comment=Hi\xff\xfe"),
        400,
        UNREADABLE,
    ),
    C(
        "post-invalid-utf8-percent",
        lambda w: raw("POST", POST_URL, urlencode(without(comment(w), "comment")).encode() + b"&comment=Hi%FF%FE%C3"),
        400,
        UNREADABLE,
    ),
    C(
        "post-invalid-utf8-object-pk",
        lambda w: raw("POST", POST_URL, urlencode(without(comment(w), "object_pk")).encode() + b"&object_pk=%FF1"),
        400,
        NOT_ON_STORY,
    ),
    C(
        "post-multipart-garbage",
        lambda w: raw("POST", POST_URL, b"\x00\xff garbage --x--", "multipart/form-data; boundary=x"),
        400,
    ),
    C("post-multipart-no-boundary", lambda w: raw("POST", POST_URL, b"--\r\n\r\n", "multipart/form-data"), 400),
    C(
        "post-json-body",
        lambda w: raw("POST", POST_URL, json.dumps(comment(w)).encode(), "application/json"),
        400,
        NOT_ON_STORY,
    ),
    C("post-forged-hash", lambda w: post(POST_URL, comment(w, security_hash="0" * 40)), 400, FORGED),
    C(
        "post-timestamp-future",
        lambda w: post(POST_URL, comment(w, timestamp=str(int(time.time()) + 86_400))),
        400,
        FORGED,
    ),
    C(
        "post-timestamp-long-ago",
        lambda w: post(POST_URL, comment(w, **signed_at(w, int(time.time()) - 30 * 86_400))),
        400,
        EXPIRED_FORM,
    ),
    C("post-timestamp-text", lambda w: post(POST_URL, comment(w, timestamp="yesterday")), 400),
    C("post-timestamp-huge", lambda w: post(POST_URL, comment(w, **signed_at(w, HUGE))), 400),
    C("post-honeypot", lambda w: post(POST_URL, comment(w, honeypot="http://spam.example")), 400, "could not be"),
    C("post-reply-to-missing", lambda w: post(POST_URL, comment(w, reply_to="999999")), 400, BAD_PARENT),
    C(
        "post-reply-to-other-story",
        lambda w: post(POST_URL, comment(w, reply_to=str(w.elsewhere.pk))),
        400,
        BAD_PARENT,
    ),
    C("post-reply-to-held", lambda w: post(POST_URL, comment(w, reply_to=str(w.held.pk))), 400, BAD_PARENT),
    C("post-reply-to-text", lambda w: post(POST_URL, comment(w, reply_to="first")), 400),
    C("post-reply-to-negative", lambda w: post(POST_URL, comment(w, reply_to="-3")), 400, BAD_PARENT),
    C(
        "post-reply-to-huge",
        lambda w: post(POST_URL, comment(w, reply_to=HUGE)),
        400,
    ),
    C("post-reply-to-superscript", lambda w: post(POST_URL, comment(w, reply_to="\u00b2")), 400),
    C(
        "post-reply-too-deep",
        lambda w: post(POST_URL, comment(w, reply_to=str(w.deepest.pk))),
        400,
        "as deep as this community allows",
    ),
    C("post-next-other-host", lambda w: post(POST_URL, comment(w, next="https://evil.example/")), 400, "not on this"),
    C("post-next-javascript", lambda w: post(POST_URL, comment(w, next="javascript:alert(1)")), 400, "not on this"),
    C("post-next-scheme-relative", lambda w: post(POST_URL, comment(w, next="//evil.example/x")), 400, "not on this"),
    C("post-with-get", lambda w: get(POST_URL), 405),
    C("post-with-put", lambda w: Req("PUT", POST_URL, data=comment(w)), 405),
    C("post-without-csrf-token", lambda w: post(POST_URL, comment(w)), 403, who="visitor_csrf"),
    # The form page and its security data ---------------------------------------------------
    C("write-reply-to-text", lambda w: get(f"/en/comments/write/{w.story.pk}/?reply_to=abc"), 404, NOT_FOUND),
    C("write-reply-to-huge", lambda w: get(f"/en/comments/write/{w.story.pk}/?reply_to={HUGE}"), 404, NOT_FOUND),
    C("write-reply-to-superscript", lambda w: get(f"/en/comments/write/{w.story.pk}/?reply_to=%C2%B2"), 404),
    C("write-reply-to-held", lambda w: get(f"/en/comments/write/{w.story.pk}/?reply_to={w.held.pk}"), 404),
    C("write-on-hub", lambda w: get(f"/en/comments/write/{w.hub.pk}/"), 404, NOT_FOUND),
    C("write-with-post", lambda w: post(f"/en/comments/write/{w.story.pk}/", comment(w)), 405),
    C("form-data-on-draft", lambda w: get(f"/en/comments/form-data/{w.draft.pk}/"), 404),
    C("form-data-with-post", lambda w: post(f"/en/comments/form-data/{w.story.pk}/"), 405),
    # Confirmation links --------------------------------------------------------------------
    C("confirm-tampered", lambda w: get(confirm_url_of(tampered(valid_confirm_key(w)))), 400, BAD_LINK),
    C("confirm-truncated", lambda w: get(confirm_url_of(valid_confirm_key(w)[:-5])), 400, BAD_LINK),
    C("confirm-garbage", lambda w: get("/en/comments/confirm/not-a-key/"), 400, BAD_LINK),
    C("confirm-10k", lambda w: get(confirm_url_of("x" * 10_000)), 400, BAD_LINK),
    C("confirm-invalid-utf8", lambda w: get("/en/comments/confirm/%FF%FE:abc/"), 400, BAD_LINK),
    C(
        "confirm-expired",
        lambda w: get(confirm_url(confirm_payload(w), signer=SignedLongAgo)),
        410,
        "This confirmation link has expired.",
    ),
    C("confirm-wrong-salt", lambda w: get(confirm_url(confirm_payload(w), salt=MUTE_SALT)), 400, BAD_LINK),
    C("confirm-mute-key", lambda w: get(confirm_url_of(mute_key("robin@example.org", w.story.pk))), 400, BAD_LINK),
    C("confirm-deleted-story", lambda w: get(confirm_url(confirm_payload(w, story=w.gone_pk))), 404, NOT_FOUND),
    C("confirm-draft-story", lambda w: get(confirm_url(confirm_payload(w, story=w.draft.pk))), 404, NOT_FOUND),
    C(
        "confirm-held-parent",
        lambda w: get(confirm_url(confirm_payload(w, parent=w.held.pk))),
        409,
        "no longer published",
    ),
    C(
        "confirm-parent-elsewhere",
        lambda w: get(confirm_url(confirm_payload(w, parent=w.elsewhere.pk))),
        409,
        "no longer published",
    ),
    C("confirm-missing-fields", lambda w: get(confirm_url({"story": w.story.pk})), 400, BAD_LINK),
    C("confirm-not-a-dict", lambda w: get(confirm_url([1, 2, 3])), 400, BAD_LINK),
    C("confirm-bad-date", lambda w: get(confirm_url(confirm_payload(w, at="tuesday"))), 400, BAD_LINK),
    C("confirm-with-post", lambda w: post(confirm_url_of(valid_confirm_key(w))), 405),
    # Mute links (follow-up e-mails) --------------------------------------------------------
    C(
        "mute-tampered",
        lambda w: get(mute_url(tampered(mute_key("robin@example.org", w.story.pk)))),
        400,
        BAD_MUTE_LINK,
    ),
    C(
        "mute-truncated",
        lambda w: get(mute_url(mute_key("robin@example.org", w.story.pk)[:-4])),
        400,
        BAD_MUTE_LINK,
    ),
    C("mute-confirm-key", lambda w: get(mute_url(valid_confirm_key(w))), 400, BAD_MUTE_LINK),
    C("mute-deleted-story", lambda w: get(mute_url(mute_key("robin@example.org", w.gone_pk))), 404, NOT_FOUND),
    C(
        "mute-missing-fields",
        lambda w: get(mute_url(signing.dumps({"e": "robin@example.org"}, salt=MUTE_SALT))),
        400,
        BAD_MUTE_LINK,
    ),
    C("mute-with-post", lambda w: post(mute_url(mute_key("robin@example.org", w.story.pk))), 405),
    # Reading threads -----------------------------------------------------------------------
    C("permalink-missing", lambda w: get("/en/comments/c/999999/"), 404, NOT_FOUND),
    C("permalink-huge", lambda w: get(f"/en/comments/c/{HUGE}/"), 404, NOT_FOUND),
    C("permalink-held", lambda w: get(f"/en/comments/c/{w.held.pk}/"), 404, NOT_FOUND),
    C("permalink-with-post", lambda w: post(f"/en/comments/c/{w.root.pk}/"), 405),
    C("threads-page-negative", lambda w: get(f"/en/comments/threads/{w.story.pk}/?page=-1"), 404, NOT_FOUND),
    C("threads-page-zero", lambda w: get(f"/en/comments/threads/{w.story.pk}/?page=0"), 404, NOT_FOUND),
    C("threads-page-text", lambda w: get(f"/en/comments/threads/{w.story.pk}/?page=abc"), 404, NOT_FOUND),
    C("threads-page-huge", lambda w: get(f"/en/comments/threads/{w.story.pk}/?page={HUGE}"), 404, NOT_FOUND),
    C("threads-page-past-end", lambda w: get(f"/en/comments/threads/{w.story.pk}/?page=50"), 404, NOT_FOUND),
    C("threads-page-superscript", lambda w: get(f"/en/comments/threads/{w.story.pk}/?page=%C2%B2"), 404),
    C("threads-page-nul", lambda w: get(f"/en/comments/threads/{w.story.pk}/?page=%00"), 404, NOT_FOUND),
    C("threads-sort-garbage", lambda w: get(f"/en/comments/threads/{w.story.pk}/?sort=%FF%00'--"), 200),
    C("threads-on-hub", lambda w: get(f"/en/comments/threads/{w.hub.pk}/"), 404, NOT_FOUND),
    C("threads-with-post", lambda w: post(f"/en/comments/threads/{w.story.pk}/"), 405),
    C("replies-missing", lambda w: get("/en/comments/replies/999999/"), 404, NOT_FOUND),
    C("replies-of-a-reply", lambda w: get(f"/en/comments/replies/{w.reply.pk}/"), 404, NOT_FOUND),
    C("replies-huge", lambda w: get(f"/en/comments/replies/{HUGE}/"), 404, NOT_FOUND),
    C("replies-with-delete", lambda w: Req("DELETE", f"/en/comments/replies/{w.root.pk}/"), 405),
    # Likes and reports ---------------------------------------------------------------------
    C("like-missing", lambda w: post("/en/comments/like/999999/"), 404, NOT_FOUND),
    C("like-huge", lambda w: post(f"/en/comments/like/{HUGE}/"), 404, NOT_FOUND),
    C("like-held", lambda w: post(f"/en/comments/like/{w.held.pk}/"), 404, NOT_FOUND),
    C("like-with-put", lambda w: Req("PUT", f"/en/comments/like/{w.root.pk}/"), 405),
    C("like-with-delete", lambda w: Req("DELETE", f"/en/comments/like/{w.root.pk}/"), 405),
    C("like-with-patch", lambda w: Req("PATCH", f"/en/comments/like/{w.root.pk}/"), 405),
    C("like-without-csrf-token", lambda w: post(f"/en/comments/like/{w.root.pk}/"), 403, who="visitor_csrf"),
    C("report-missing", lambda w: post("/en/comments/report/999999/", {"reason": "spam"}), 404, NOT_FOUND),
    C("report-huge", lambda w: post(f"/en/comments/report/{HUGE}/", {"reason": "spam"}), 404, NOT_FOUND),
    C("report-held", lambda w: post(f"/en/comments/report/{w.held.pk}/", {"reason": "spam"}), 404, NOT_FOUND),
    C("report-no-reason", lambda w: post(f"/en/comments/report/{w.root.pk}/", {"note": "bad"}), 400, "required"),
    C(
        "report-unknown-reason",
        lambda w: post(f"/en/comments/report/{w.root.pk}/", {"reason": "because"}),
        400,
        "Select a valid choice",
    ),
    C(
        "report-note-10k",
        lambda w: post(f"/en/comments/report/{w.root.pk}/", {"reason": "other", "note": "n" * 10_000}),
        400,
        "at most 500 characters",
    ),
    C(
        "report-nul-in-note",
        lambda w: post(f"/en/comments/report/{w.root.pk}/", {"reason": "other", "note": f"a{NUL}b"}),
        400,
        NUL_REFUSED,
    ),
    C("report-nul-in-reason", lambda w: post(f"/en/comments/report/{w.root.pk}/", {"reason": f"spam{NUL}"}), 400),
    C(
        "notice-without-its-fields",
        lambda w: post(f"/en/comments/report/{w.root.pk}/", {"reason": "illegal"}),
        400,
        "A notice of illegal content needs this.",
    ),
    C(
        "notice-explanation-10k",
        lambda w: post(
            f"/en/comments/report/{w.root.pk}/",
            {**NOTICE, "explanation": "e" * 10_000},
        ),
        400,
        "at most 3000 characters",
    ),
    C(
        "notice-bad-email",
        lambda w: post(f"/en/comments/report/{w.root.pk}/", {**NOTICE, "reporter_email": "noor at home"}),
        400,
        "valid email",
    ),
    C(
        "notice-without-good-faith",
        lambda w: post(f"/en/comments/report/{w.root.pk}/", {**NOTICE, "good_faith": ""}),
        400,
        "A notice of illegal content needs this.",
    ),
    C("appeal-forged-link", lambda w: get("/en/comments/appeal/forged/"), 404, "This appeal link is not valid."),
    C(
        "appeal-forged-link-post",
        lambda w: post("/en/comments/appeal/forged/", {"statement": "Please"}),
        404,
        "This appeal link is not valid.",
    ),
    C(
        "report-invalid-utf8-raw",
        lambda w: raw("POST", f"/en/comments/report/{w.root.pk}/", b"reason=other&note=\xff\xfe"),
        400,
        UNREADABLE,
    ),
    C("report-with-delete", lambda w: Req("DELETE", f"/en/comments/report/{w.root.pk}/"), 405),
    C("report-with-put", lambda w: Req("PUT", f"/en/comments/report/{w.root.pk}/", data={"reason": "spam"}), 405),
    # Search and its suggestions ------------------------------------------------------------
    C("search-nul", lambda w: get("/en/search/?q=seeds%00"), 200),
    C("search-100k", lambda w: get("/en/search/?" + urlencode({"q": "seed " * 20_000})), 200, "shortened"),
    C("search-invalid-utf8", lambda w: get("/en/search/?q=%FF%FE%C3"), 200),
    C("search-invalid-utf8-raw", lambda w: get("/en/search/", QUERY_STRING="q=\xff\xfe"), 200),
    C("search-page-huge", lambda w: get(f"/en/search/?q=seeds&page={HUGE}"), 200, "Results stop at page"),
    C("search-page-negative", lambda w: get("/en/search/?q=seeds&page=-4"), 200, "not a number"),
    C("search-page-text", lambda w: get("/en/search/?q=seeds&page=last"), 200, "not a number"),
    C("search-kind-unknown", lambda w: get("/en/search/?q=seeds&kind=robots"), 200, "every kind"),
    C("search-hub-huge", lambda w: get(f"/en/search/?q=seeds&hub={HUGE}"), 200, "every hub"),
    C("search-hub-text", lambda w: get("/en/search/?q=seeds&hub=gardening"), 200, "every hub"),
    C("search-topic-nul", lambda w: get("/en/search/?q=seeds&topic=a%00b"), 200, "every topic"),
    C("search-author-markup", lambda w: get("/en/search/?author=%3Cscript%3E"), 200, "every author"),
    C("search-dates-impossible", lambda w: get("/en/search/?q=seeds&from=2024-13-45&to=99999-01-01"), 200, "date"),
    C("search-sort-unknown", lambda w: get("/en/search/?q=seeds&sort=random()"), 200, "relevance"),
    C("search-repeated-params", lambda w: get("/en/search/?" + "q=a&" * 2_000), 200),
    C("search-with-post", lambda w: post("/en/search/", {"q": "seeds"}), 405),
    C("suggest-nul", lambda w: get("/en/search/suggest/?q=se%00ed"), 200),
    C("suggest-100k", lambda w: get("/en/search/suggest/?" + urlencode({"q": "s" * 100_000})), 200),
    C("suggest-invalid-utf8", lambda w: get("/en/search/suggest/?q=%FF%FEse"), 200),
    C("suggest-wildcards", lambda w: get("/en/search/suggest/?q=%25_%5C*"), 200),
    C("suggest-with-post", lambda w: post("/en/search/suggest/", {"q": "seeds"}), 405),
    # Feeds ---------------------------------------------------------------------------------
    C("feed-query-garbage", lambda w: get("/en/gardening/feed/rss/?page=%FF%00&limit=-1"), 200),
    C("feed-unknown-format", lambda w: get("/en/gardening/feed/json/"), 404),
    C("feed-invalid-utf8-path", lambda w: get("/en/gardening/feed/%FF%FE/"), 404),
    # Wagtail serves a page, and so its feeds, whatever the method: harmless, as it changes nothing.
    C("feed-with-post", lambda w: post("/en/gardening/feed/rss/", {"q": "x"}), 200),
    C("feed-with-delete", lambda w: Req("DELETE", "/en/gardening/feed/atom/"), 200),
    C("feed-of-draft", lambda w: get("/en/gardening/draft/feed/rss/"), 404),
    C("feed-site-atom-garbage", lambda w: get("/en/feed/atom/", QUERY_STRING="q=\xff%00"), 200),
    # Moderation actions (a moderator of the first hub) -------------------------------------
    C("action-unknown", lambda w: post(action_url(w.held.pk, "delete-all"), **JSON), 404, who="moderator"),
    C("action-missing-comment", lambda w: post(action_url(999999, "approve"), **JSON), 404, who="moderator"),
    C(
        "action-huge-pk",
        lambda w: post(action_url(HUGE, "approve"), **JSON),
        404,
        who="moderator",
    ),
    C("action-with-get", lambda w: get(action_url(w.held.pk, "approve")), 405, who="moderator"),
    C("action-without-csrf-token", lambda w: post(action_url(w.held.pk, "approve")), 403, who="moderator_csrf"),
    C(
        "action-other-hub",
        lambda w: post(action_url(w.elsewhere.pk, "reject"), {"reason": "x"}, **JSON),
        403,
        "You do not moderate",
        who="moderator",
    ),
    C(
        "action-unknown-expected-state",
        lambda w: post(action_url(w.held.pk, "approve"), {"expected_state": "deleted"}, **JSON),
        400,
        "Unknown state",
        who="moderator",
    ),
    C(
        "action-reject-reason-10k",
        lambda w: post(action_url(w.held.pk, "reject"), {"reason": "r" * 10_000}, **JSON),
        400,
        who="moderator",
    ),
    C(
        "action-reject-reason-nul",
        lambda w: post(action_url(w.held.pk, "reject"), {"reason": f"spam{NUL}"}, **JSON),
        400,
        who="moderator",
    ),
    C(
        "action-assign-text",
        lambda w: post(action_url(w.held.pk, "assign"), {"assignee": "boss"}, **JSON),
        400,
        "Choose a colleague",
        who="moderator",
    ),
    C(
        "action-assign-huge",
        lambda w: post(action_url(w.held.pk, "assign"), {"assignee": HUGE}, **JSON),
        400,
        "Choose a colleague",
        who="moderator",
    ),
    C(
        "action-assign-superscript",
        lambda w: post(action_url(w.held.pk, "assign"), {"assignee": "\u00b2"}, **JSON),
        400,
        "Choose a colleague",
        who="moderator",
    ),
    C(
        "action-answer-empty",
        lambda w: post(action_url(w.root.pk, "answer"), {"text": "  "}, **JSON),
        400,
        "Write the answer first",
        who="moderator",
    ),
    C(
        "action-answer-too-long",
        lambda w: post(action_url(w.root.pk, "answer"), {"text": "a" * (MAX_LENGTH + 1)}, **JSON),
        400,
        who="moderator",
    ),
    C(
        "action-block-reason-nul",
        lambda w: post(action_url(w.held.pk, "block"), {"reason": f"x{NUL}"}, **JSON),
        400,
        who="moderator",
    ),
    C("bulk-ids-text", lambda w: get(bulk_url("approve", ["abc"])), 404, who="moderator"),
    C(
        "bulk-ids-huge",
        lambda w: get(bulk_url("approve", [HUGE])),
        404,
        who="moderator",
    ),
    C(
        "bulk-ids-superscript",
        lambda w: get(bulk_url("approve", ["\u00b2"])),
        404,
        who="moderator",
    ),
    C("bulk-ids-missing", lambda w: get(bulk_url("approve", [999999])), 404, who="moderator"),
    C("bulk-ids-too-many", lambda w: get(bulk_url("approve", range(1, 1_202))), 404, who="moderator"),
    C("bulk-ids-other-hub", lambda w: post(bulk_url("spam", [w.elsewhere.pk])), 302, who="moderator"),
    C(
        "bulk-reject-reason-10k",
        lambda w: post(bulk_url("reject", [w.held.pk]), {"reason": "r" * 10_000}),
        200,
        "at most 500 characters",
        who="moderator",
    ),
    C("bulk-without-csrf-token", lambda w: post(bulk_url("approve", [w.held.pk])), 403, who="moderator_csrf"),
    C("bulk-unknown-action", lambda w: get(bulk_url("delete", [w.held.pk])), 404, who="moderator"),
    C("queue-page-text", lambda w: get("/admin/moderation/pending/?p=abc"), 404, who="moderator"),
    C("queue-page-huge", lambda w: get(f"/admin/moderation/pending/?p={HUGE}"), 404, who="moderator"),
    C("log-page-negative", lambda w: get("/admin/moderation/log/?p=-1"), 404, who="moderator"),
    C("history-missing", lambda w: get("/admin/moderation/999999/"), 404, who="moderator"),
    C(
        "erase-by-moderator",
        lambda w: post("/admin/moderation/erase/", {"email": "robin@example.org", "confirm": "on"}),
        403,
        who="moderator",
    ),
]


def confirm_url_of(key):
    return f"/en/comments/confirm/{key}/"


def readable_text(response):
    """What a person would read in the answer: a page's main text, or a JSON message."""
    content_type = response.get("Content-Type", "")
    if content_type.startswith("application/json"):
        return json.loads(response.content).get("message", "") or ""
    if content_type.startswith("text/html"):
        soup = WagtailTestUtils.get_soup(response.content)
        return " ".join((soup.select_one("main") or soup).get_text(" ").split())
    return ""


@pytest.fixture
def clients(world):
    def make(who):
        client = Client(enforce_csrf_checks=who.endswith("_csrf"))
        client.raise_request_exception = False  # a crash is counted as the 500 a visitor would see
        if who.startswith("moderator"):
            client.force_login(world.moderator)
        return client

    return make


class TestMalformedRequests:
    @pytest.mark.parametrize(
        "case",
        [pytest.param(case, id=case.id) for case in CASES],
    )
    def test_is_refused_and_stores_nothing(self, case, world, db, clients, tally, report_figure):
        tally["report"] = report_figure
        request = case.build(world)
        client = clients(case.who)
        before = stored()

        response = request.send(client)

        after = stored()
        count(tally, "client", response.status_code, after == before)
        assert response.status_code < 500
        expected = case.expect if isinstance(case.expect, tuple) else (case.expect,)
        assert response.status_code in expected, readable_text(response)[:300]
        if case.message:
            assert case.message in readable_text(response)
        assert after == before
        assert Client().get(world.story.url).status_code == 200

    @pytest.mark.parametrize("content_type", [FORM, "multipart/form-data"])
    def test_well_formed_text_in_any_script_still_goes_through(self, world, db, content_type):
        """The control: what the corpus refuses is the malformed part, not non-ASCII text."""
        client = Client()
        data = comment(world, name="Zoë 李", comment="Grüße aus dem Garten 🌱 — 種を蒔く")
        before = stored()
        if content_type == FORM:
            response = client.post(POST_URL, urlencode(data), content_type=FORM)
        else:
            response = client.post(POST_URL, data)
        assert response.status_code == 302
        assert stored() == {**before, "e-mails": before["e-mails"] + 1}
        link = re.search(r"/en/comments/confirm/[^/\s]+/", mail.outbox[-1].body).group()
        assert client.get(link).status_code == 302
        assert Comment.objects.filter(user_name="Zoë 李").get().comment == "Grüße aus dem Garten 🌱 — 種を蒔く"

        response = client.post(
            f"/en/comments/report/{world.root.pk}/",
            urlencode({"reason": "other", "note": "Ça dérape 🙁"}),
            content_type=FORM,
        )
        assert response.status_code == 200
        assert Report.objects.get(comment=world.root).note == "Ça dérape 🙁"


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 60
    assert len({case.id for case in CASES}) == len(CASES)


# Over the wire -------------------------------------------------------------------------------


def exchange(live_server, request_bytes):
    """Send raw bytes to the running server; return the status of its answer."""
    address = urlsplit(live_server.url)
    with socket.create_connection((address.hostname, address.port), timeout=20) as sock:
        sock.sendall(request_bytes)
        response = http.client.HTTPResponse(sock)
        response.begin()
        response.read()
        return response.status


def http_request(target, method=b"GET", headers=b"", body=b""):
    return b"%s %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n%s\r\n%s" % (method, target, headers, body)


FORM_HEADER = b"Content-Type: " + FORM.encode() + b"\r\n"
# Any well-formed token passes the cookie check: the request then gets as far as reading its body.
CSRF_HEADERS = b"Cookie: csrftoken=" + b"a" * 32 + b"\r\nX-CSRFToken: " + b"a" * 32 + b"\r\n"
TOO_BIG = str(settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1).encode()
WIRE_CASES = [
    ("percent-encoded-invalid-utf8-path", http_request(b"/en/comments/c/%FF%FE/"), 404),
    ("raw-0xff-in-path", http_request(b"/en/comments/c/\xff\xfe/"), 404),
    ("raw-0xff-in-confirm-key", http_request(b"/en/comments/confirm/\xff\xfe:x/"), 400),
    ("raw-0xff-in-query-string", http_request(b"/en/search/?q=\xff\xfe"), 200),
    ("nul-in-path", http_request(b"/en/search%00/"), 404),
    ("request-line-over-64k", http_request(b"/en/search/?q=" + b"a" * 70_000), 414),
    ("header-over-64k", http_request(b"/en/search/", headers=b"X-Junk: " + b"j" * 70_000 + b"\r\n"), 431),
    ("host-not-a-host", http_request(b"/en/search/").replace(b"localhost", b"bad host!"), 400),
    ("unknown-method", http_request(b"/en/comments/post/", method=b"BREW"), 403),
    (
        "post-without-csrf-cookie",
        http_request(b"/en/comments/post/", b"POST", FORM_HEADER + b"Content-Length: 3\r\n", b"a=b"),
        403,
    ),
    (
        "content-length-over-upload-limit",
        http_request(
            b"/en/comments/post/", b"POST", CSRF_HEADERS + FORM_HEADER + b"Content-Length: " + TOO_BIG + b"\r\n"
        ),
        400,
    ),
]


def test_raw_http(live_server, tally, report_figure):
    """Bytes a browser or a robot can send but the test client cannot, to the running server.

    One test for all of them: each test with the live server empties every table afterwards, which
    takes seconds on PostgreSQL."""
    tally["report"] = report_figure
    wrong = []
    for name, request_bytes, expect in WIRE_CASES:
        before = stored()
        status = exchange(live_server, request_bytes)
        unchanged = stored() == before
        count(tally, "wire", status, unchanged)
        if status != expect or not unchanged:
            wrong.append(f"{name}: {status} (expected {expect}){'' if unchanged else ', stored something'}")
    assert not wrong, wrong


def test_raw_http_content_length_not_a_number(live_server, tally, report_figure):
    """Django's development server passes such a header on; townsquare.middleware answers 400."""
    tally["report"] = report_figure
    before = stored()
    status = exchange(
        live_server,
        http_request(b"/en/comments/post/", b"POST", CSRF_HEADERS + FORM_HEADER + b"Content-Length: lots\r\n", b"a=b"),
    )
    unchanged = stored() == before
    count(tally, "wire", status, unchanged)
    assert status == 400
    assert unchanged
