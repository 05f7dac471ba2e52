"""The comments API (docs/api.md): reading a discussion, posting, liking and reporting, with the
rules of the page's own forms (one code path), errors as problem documents, and queries that do
not grow with the discussion. Most cases go through Django's test client; the last ones talk
to the live server with ``requests``, as an outside client does."""

import json

import pytest
import requests
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from moderation import policy
from moderation.models import Comment, Reaction, Report
from tests.stories.comment_helpers import add_comment
from townsquare import challenge

API = "/api/v2"
PROBLEM = "application/problem+json"


def call(client, method, path, body=None, **extra):
    data = body if isinstance(body, (str, bytes)) or body is None else json.dumps(body)
    return getattr(client, method)(f"{API}{path}", data=data, content_type="application/json", **extra)


def problem_of(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    document = response.json()
    assert document["status"] == status and document["title"] and document["detail"]
    return document


@pytest.fixture
def discussion(story):
    """Three threads on the story; the first has five replies, the second is held."""
    first = add_comment(story, "First thread", name="Ana")
    for number in range(5):
        add_comment(story, f"Reply {number}", parent=first, name=f"Replier {number}")
    held = add_comment(story, "Held one", name="Bo", state=Comment.State.HELD)
    third = add_comment(story, "Third thread", name="Cy")
    return {"first": first, "held": held, "third": third}


# ---------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------


def test_a_discussion_reads_published_threads_with_their_first_replies(client, story, discussion):
    response = call(client, "get", f"/discussions/{story.pk}/")
    assert response.status_code == 200
    data = response.json()
    assert data["page"]["id"] == story.pk and data["page"]["comments_open"] is True
    assert data["total"] == 7  # the held comment is not counted
    roots = [thread["comment"]["html"] for thread in data["threads"]]
    assert roots == ["<p>First thread</p>", "<p>Third thread</p>"]
    first = data["threads"][0]
    assert [reply["author"] for reply in first["replies"]] == ["Replier 0", "Replier 1", "Replier 2"]
    assert first["more_replies"] == 2
    assert data["next"] is None
    text = response.content.decode()
    assert "@example.org" not in text and "127.0.0.1" not in text  # no e-mail, no address


def test_a_threads_replies_are_read_in_pages(client, story, discussion):
    response = call(client, "get", f"/comments/{discussion['first'].pk}/replies/")
    assert [reply["author"] for reply in response.json()["replies"]] == [f"Replier {n}" for n in range(5)]
    problem_of(call(client, "get", f"/comments/{discussion['first'].pk}/replies/", QUERY_STRING="number=2"), 404)
    problem_of(call(client, "get", f"/comments/{discussion['held'].pk}/replies/"), 404)


@pytest.mark.parametrize("query", ["number=0", "number=-1", "number=abc", "number=99999999999999999999", "sort=bogus"])
def test_bad_paging_is_a_400_problem(client, story, discussion, query):
    problem_of(call(client, "get", f"/discussions/{story.pk}/", QUERY_STRING=query), 400)


def test_unknown_draft_or_huge_ids_are_404_problems(client, story, hub):
    for page_id in (999999, hub.pk, 2**70):
        problem_of(call(client, "get", f"/discussions/{page_id}/"), 404)


def test_reading_a_discussion_costs_the_same_queries_for_two_threads_or_twenty(client, story):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert call(client, "get", f"/discussions/{story.pk}/").status_code == 200
        return len(captured)

    for number in range(2):
        root = add_comment(story, f"Thread {number}")
        add_comment(story, "A reply", parent=root)
    small = queries()
    for number in range(18):
        root = add_comment(story, f"More {number}")
        for _reply in range(4):
            add_comment(story, "A reply", parent=root)
    assert queries() == small


def test_reading_replies_costs_the_same_queries_for_two_replies_or_fifty(client, story):
    root = add_comment(story, "A thread")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert call(client, "get", f"/comments/{root.pk}/replies/").status_code == 200
        return len(captured)

    for number in range(2):
        add_comment(story, f"Reply {number}", parent=root)
    small = queries()
    for number in range(48):
        add_comment(story, f"More {number}", parent=root)
    assert queries() == small


# ---------------------------------------------------------------------------
# Posting: the form's rules, the policy, the rate limits, the confirmation
# ---------------------------------------------------------------------------


def test_a_guests_comment_is_confirmed_by_email_like_the_forms(client, story, django_capture_on_commit_callbacks):
    body = {"text": "Lovely seeds.", "name": "Robin", "email": "robin@example.org"}
    body["altcha"] = challenge.solve(challenge.create())
    with django_capture_on_commit_callbacks(execute=True):
        response = call(client, "post", f"/discussions/{story.pk}/comments/", body)
    assert response.status_code == 202, response.content
    assert response.json() == {"status": "confirmation_sent", "comment": None, "unchallenged": False}
    assert not Comment.objects.exists()  # stored when the link is opened
    assert len(mail.outbox) == 1 and "/comments/confirm/" in mail.outbox[0].body


def test_a_reused_challenge_solution_is_refused(client, story):
    solution = challenge.solve(challenge.create())
    body = {"text": "Lovely.", "name": "Robin", "email": "robin@example.org", "altcha": solution}
    assert call(client, "post", f"/discussions/{story.pk}/comments/", body).status_code == 202
    assert "altcha" in problem_of(call(client, "post", f"/discussions/{story.pk}/comments/", body), 400)["errors"]


BAD_BODIES = [
    ("{not json", "malformed JSON"),
    ("[1, 2]", "not an object"),
    ({"text": 3, "name": "R", "email": "r@example.org"}, None),
    ({"text": "", "name": "R", "email": "r@example.org"}, "text"),
    ({"text": "x" * 5001, "name": "R", "email": "r@example.org"}, "text"),
    ({"text": "Hi", "name": "R", "email": "not an address"}, "email"),
    ({"text": "Hi"}, "name"),
    ({"text": "Hi", "name": "R", "email": "r@example.org", "is_staff_answer": True}, "is_staff_answer"),
    ({"text": "Hi", "name": "R", "email": "r@example.org", "reply_to": -4}, "reply_to"),
    ({"text": "Hi", "name": "R", "email": "r@example.org", "reply_to": 99999999}, "reply_to"),
    ({"text": "Hi", "name": "R", "email": "r@example.org", "followup": "perhaps"}, "followup"),
    ({"text": "Hi", "name": "R", "email": "r@example.org", "altcha": "forged"}, "altcha"),
]


@pytest.mark.parametrize("body,field", BAD_BODIES, ids=[str(index) for index in range(len(BAD_BODIES))])
def test_bad_posts_are_400_problems_and_store_nothing(client, story, body, field):
    document = problem_of(call(client, "post", f"/discussions/{story.pk}/comments/", body), 400)
    if field and field not in ("malformed JSON", "not an object"):
        assert field in document["errors"], document
    assert not Comment.objects.exists() and not mail.outbox


def test_a_form_post_is_unsupported_media(client, story):
    response = client.post(f"{API}/discussions/{story.pk}/comments/", {"text": "Hi"})
    problem_of(response, 415)


def test_posting_on_a_closed_page_is_refused(client, story):
    story.comments_closed = True
    story.save_revision().publish()
    body = {"text": "Hi", "name": "R", "email": "r@example.org"}
    problem_of(call(client, "post", f"/discussions/{story.pk}/comments/", body), 403)


def test_too_many_posts_are_a_429_with_retry_after(client, story):
    settings = policy.ModerationSettings.load()
    settings.rate_limit_count = 1
    settings.save()
    body = {"text": "Hi there", "name": "R", "email": "r@example.org"}
    assert call(client, "post", f"/discussions/{story.pk}/comments/", body).status_code == 202
    response = call(client, "post", f"/discussions/{story.pk}/comments/", body)
    problem_of(response, 429)
    assert int(response["Retry-After"]) == settings.rate_limit_minutes * 60


def test_the_html_form_answers_retry_after_too(client, story):
    from tests.stories.comment_helpers import form_post

    settings = policy.ModerationSettings.load()
    settings.rate_limit_count = 1
    settings.save()
    client.post("/en/comments/post/", form_post(story))
    response = client.post("/en/comments/post/", form_post(story))
    assert response.status_code == 429 and response["Retry-After"] == str(settings.rate_limit_minutes * 60)


# ---------------------------------------------------------------------------
# Liking and reporting: one voice per person
# ---------------------------------------------------------------------------


def test_a_like_counts_once_per_person_and_can_be_taken_back(client, story, discussion):
    comment = discussion["third"]
    for _twice in range(2):
        assert call(client, "put", f"/comments/{comment.pk}/like/").json() == {"liked": True, "likes": 1}
    assert call(client, "put", f"/comments/{comment.pk}/like/", REMOTE_ADDR="198.51.100.7").json()["likes"] == 2
    assert call(client, "delete", f"/comments/{comment.pk}/like/").json() == {"liked": False, "likes": 1}
    assert Reaction.objects.filter(comment=comment).count() == 1
    problem_of(call(client, "put", f"/comments/{discussion['held'].pk}/like/"), 404)


def test_a_report_counts_once_per_person(client, story, discussion):
    comment = discussion["third"]
    first = call(client, "post", f"/comments/{comment.pk}/reports/", {"reason": "spam"})
    assert first.status_code == 201 and first.json() == {"reported": True, "first": True, "notice": False}
    again = call(client, "post", f"/comments/{comment.pk}/reports/", {"reason": "spam", "note": "again"})
    assert again.json()["first"] is False
    assert Report.objects.filter(comment=comment).count() == 1


@pytest.mark.parametrize(
    "body,field",
    [
        ({"reason": "bogus"}, "reason"),
        ({}, "reason"),
        ({"reason": "spam", "weight": 9}, "weight"),
        ({"reason": "illegal"}, "explanation"),
    ],
)
def test_bad_reports_are_400_problems(client, discussion, body, field):
    document = problem_of(call(client, "post", f"/comments/{discussion['third'].pk}/reports/", body), 400)
    assert field in document["errors"]
    assert not Report.objects.exists()


def test_too_many_reports_are_a_429_with_retry_after(client, story):
    comments = [add_comment(story, f"Comment {number}") for number in range(policy.REPORTS_PER_VISITOR + 1)]
    for comment in comments[:-1]:
        assert call(client, "post", f"/comments/{comment.pk}/reports/", {"reason": "spam"}).status_code == 201
    response = call(client, "post", f"/comments/{comments[-1].pk}/reports/", {"reason": "spam"})
    problem_of(response, 429)
    assert response["Retry-After"] == str(policy.REPORT_WINDOW)


# ---------------------------------------------------------------------------
# Over HTTP, as an outside client
# ---------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_an_outside_client_reads_posts_and_likes_over_http(live_server, story, settings):
    session = requests.Session()
    root = add_comment(story, "Welcome, gardeners")
    url = f"{live_server.url}{API}"
    threads = session.get(f"{url}/discussions/{story.pk}/", timeout=10)
    assert threads.status_code == 200 and threads.headers["Content-Type"] == "application/json"
    assert threads.json()["threads"][0]["comment"]["id"] == root.pk
    puzzle = session.get(f"{url}/challenge/", timeout=10).json()
    body = {"text": "Thanks!", "name": "Robin", "email": "robin@example.org", "reply_to": root.pk}
    body["altcha"] = challenge.solve(puzzle)
    posted = session.post(f"{url}/discussions/{story.pk}/comments/", json=body, timeout=10)
    assert posted.status_code == 202, posted.text
    liked = session.put(f"{url}/comments/{root.pk}/like/", timeout=10)
    assert liked.json() == {"liked": True, "likes": 1}
    broken = session.post(
        f"{url}/discussions/{story.pk}/comments/",
        data=b"{oops",
        headers={"Content-Type": "application/json"},
        timeout=10,
    )
    assert broken.status_code == 400 and broken.headers["Content-Type"] == PROBLEM
    session.close()


def test_a_notice_of_illegal_content_is_filed_like_the_forms(client, discussion):
    from moderation.models import IllegalContentNotice

    body = {
        "reason": "illegal",
        "explanation": "It publishes my home address.",
        "location": "the second sentence",
        "reporter_name": "Dana",
        "reporter_email": "dana@example.org",
    }
    url = f"/comments/{discussion['third'].pk}/reports/"
    problem_of(call(client, "post", url, body), 400)  # no statement of good faith
    response = call(client, "post", url, {**body, "good_faith": True})
    assert response.status_code == 201 and response.json()["notice"] is True
    assert IllegalContentNotice.objects.get().reporter_email == "dana@example.org"


# ---------------------------------------------------------------------------
# With a personal token: the account posts and likes; a bad token is refused everywhere
# ---------------------------------------------------------------------------


def test_a_tokens_account_posts_at_once_and_likes_as_itself(client, story, hub, discussion):
    from wagtail.models import APIToken

    from tests.factories import UserFactory

    moderator = UserFactory(username="mod", first_name="Mo", last_name="Derator", groups=[hub.moderators_group])
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {APIToken.create_token(user=moderator, name='Tests')[1]}"}
    body = {"text": "Welcome, everyone.", "altcha": challenge.solve(challenge.create())}
    response = call(client, "post", f"/discussions/{story.pk}/comments/", body, **bearer)
    assert response.status_code == 201, response.content
    comment = Comment.objects.get(pk=response.json()["comment"]["id"])
    assert comment.user == moderator and comment.user_name == "Mo Derator"
    call(client, "put", f"/comments/{discussion['third'].pk}/like/", **bearer)
    assert Reaction.objects.get(comment=discussion["third"]).visitor == f"u:{moderator.pk}"


PUBLIC_ENDPOINTS = [
    ("get", "/discussions/{page}/", None),
    ("get", "/comments/{comment}/replies/", None),
    ("get", "/challenge/", None),
    ("post", "/discussions/{page}/comments/", {"text": "Hello", "name": "R", "email": "r@example.org"}),
    ("put", "/comments/{comment}/like/", None),
    ("delete", "/comments/{comment}/like/", None),
    ("post", "/comments/{comment}/reports/", {"reason": "spam"}),
]


@pytest.mark.parametrize("method,path,body", PUBLIC_ENDPOINTS, ids=[f"{m} {p}" for m, p, _b in PUBLIC_ENDPOINTS])
def test_every_public_endpoint_refuses_a_bad_token_and_reads_the_same_for_any_good_one(
    client, story, hub, discussion, method, path, body
):
    """Revoked, an inactive account's, or in the URL: refused before anything happens. A valid
    token of a commenter, an editor or another hub's moderator reads what a guest reads."""
    from wagtail.models import APIToken

    from tests.factories import CommunityHubPageFactory, UserFactory

    url = path.format(page=story.pk, comment=discussion["first"].pk)
    revoked, revoked_token = APIToken.create_token(user=UserFactory(username="gone"), name="Tests")
    revoked.revoke()
    inactive_token = APIToken.create_token(user=UserFactory(username="left", is_active=False), name="Tests")[1]
    for token in (revoked_token, inactive_token, "wagtail_not-a-token"):
        response = call(client, method, url, body, HTTP_AUTHORIZATION=f"Bearer {token}")
        assert problem_of(response, 401) and response["WWW-Authenticate"].startswith("Bearer")
    problem_of(call(client, method, url, body, QUERY_STRING="access_token=abc"), 400)
    assert not Reaction.objects.exists() and not Report.objects.exists() and not mail.outbox
    if method == "get" and "challenge" not in path:
        other_hub = CommunityHubPageFactory(parent=hub.get_parent(), title="Cycling", slug="cycling")
        callers = {
            "commenter": UserFactory(username="commenter"),
            "editor": UserFactory(username="editor", groups=[hub.editors_group]),
            "moderator_b": UserFactory(username="moderator-b", groups=[other_hub.moderators_group]),
        }
        guest = call(client, method, url).json()
        for user in callers.values():
            token = APIToken.create_token(user=user, name="Tests")[1]
            assert call(client, method, url, HTTP_AUTHORIZATION=f"Bearer {token}").json() == guest


@pytest.mark.parametrize("path", ["/discussions/{page}/", "/challenge/", "/comments/{comment}/replies/"])
def test_a_revoked_token_or_one_in_the_url_is_refused_on_public_endpoints(client, story, discussion, path):
    from wagtail.models import APIToken

    from tests.factories import UserFactory

    token_object, token = APIToken.create_token(user=UserFactory(username="gone"), name="Tests")
    token_object.revoke()
    url = path.format(page=story.pk, comment=discussion["first"].pk)
    response = call(client, "get", url, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert problem_of(response, 401) and response["WWW-Authenticate"].startswith("Bearer")
    problem_of(call(client, "get", url, QUERY_STRING="access_token=abc"), 400)
