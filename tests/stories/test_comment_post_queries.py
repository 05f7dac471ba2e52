"""How many SQL statements a signed-in visitor's comment costs, from POST to redirect.

Every statement counts (session, story, hub, policy, inserts, audit entry, savepoints): a
comment is the one write the public makes, and each statement holds the thread's lock longer.
"""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from moderation.models import Comment, ModerationSettings, WordList
from tests.factories import StoryPageFactory, UserFactory
from tests.stories.comment_helpers import add_comment, form_post

TOP_LEVEL_LIMIT = 12
REPLY_LIMIT = 16


@pytest.fixture
def story(hub):
    hub.premoderation = "first_time"
    hub.max_reply_depth = 3
    hub.save_revision().publish()
    # A word list in the story's language, so that the policy's word check reads one.
    WordList.objects.create(name="Suspect", language="en", action=WordList.Action.HOLD, words="refund")
    return StoryPageFactory(parent=hub, title="Seeds", slug="seeds")


@pytest.fixture
def visitor(client):
    user = UserFactory(email="sam@example.org", first_name="Sam", last_name="Park")
    client.force_login(user)
    # As on a running site: the session and the site's root paths are stored, the settings row
    # exists, and the process knows the comment's content type (Django caches it for good).
    client.get("/en/gardening/seeds/")
    ModerationSettings.load()
    ContentType.objects.get_for_model(Comment)
    return user


def post_counting(client, data):
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/en/comments/post/", data)
    assert response.status_code == 302, response.content[:400]
    return response, queries


def statements(queries):
    return "\n".join(f"{n:2}. {query['sql'][:300]}" for n, query in enumerate(queries.captured_queries, 1))


def test_a_signed_in_top_level_comment_costs_at_most_12_statements(client, story, visitor):
    response, queries = post_counting(client, form_post(story, comment="Which seeds *first*?"))

    assert len(queries) <= TOP_LEVEL_LIMIT, f"{len(queries)} statements:\n{statements(queries)}"
    comment = Comment.objects.get(user=visitor)
    assert response["Location"] == f"/en/gardening/seeds/?thread={comment.pk}#c{comment.pk}"
    # A first comment waits for review; a top-level comment opens its own thread.
    assert comment.state == Comment.State.HELD
    assert [reason["code"] for reason in comment.reasons] == [Comment.Reason.FIRST_TIME]
    assert (comment.is_public, comment.is_removed) == (False, False)
    assert (comment.thread_id, comment.parent_id, comment.level, comment.order) == (comment.pk, comment.pk, 0, 1)
    assert comment.html == "<p>Which seeds <em>first</em>?</p>"
    assert (comment.user_name, comment.user_email, comment.is_question) == ("Sam Park", "sam@example.org", True)
    assert comment.submitted_at == comment.submit_date and comment.commenter_key is not None
    assert comment.page_id == story.pk and comment.hub_id == story.get_parent().pk
    # One audit entry.
    from wagtail.models import ModelLogEntry

    [entry] = ModelLogEntry.objects.filter(object_id=str(comment.pk))
    assert entry.action == "townsquare_comment.held" and entry.user_id == visitor.pk


def test_a_signed_in_reply_costs_at_most_16_statements(client, story, visitor):
    # A thread: root, its first reply (with a reply of its own) and a second reply. A reply to the
    # first reply goes between its own reply and the second reply: later comments move down.
    root = add_comment(story, "Root")
    first = add_comment(story, "First reply", parent=root)
    first_child = add_comment(story, "Reply to the first reply", parent=first)
    second = add_comment(story, "Second reply", parent=root)
    add_comment(story, "Published before", user=visitor, name="Sam Park", email="sam@example.org")
    assert [c.order for c in (root, first, first_child, second)] == [1, 2, 3, 4]

    response, queries = post_counting(client, form_post(story, comment="Agreed.", reply_to=str(first.pk)))

    assert len(queries) <= REPLY_LIMIT, f"{len(queries)} statements:\n{statements(queries)}"
    reply = Comment.objects.get(user=visitor, parent_id=first.pk)
    assert response["Location"] == f"/en/gardening/seeds/?thread={root.pk}#c{reply.pk}"
    # The visitor has a published comment already: published at once.
    assert reply.state == Comment.State.PUBLISHED and reply.reasons == []
    assert (reply.is_public, reply.is_removed) == (True, False)
    assert (reply.thread_id, reply.parent_id, reply.level, reply.order) == (root.pk, first.pk, 2, 4)
    assert reply.html == "<p>Agreed.</p>"
    # The thread stays in depth-first order, the later reply moved down by one.
    thread = list(Comment.objects.filter(thread_id=root.pk).order_by("order").values_list("pk", "order"))
    assert thread == [(root.pk, 1), (first.pk, 2), (first_child.pk, 3), (reply.pk, 4), (second.pk, 5)]
    from wagtail.models import ModelLogEntry

    assert ModelLogEntry.objects.filter(object_id=str(reply.pk)).count() == 1


def test_a_held_reply_from_a_first_time_commenter_stays_within_16_statements(client, story, visitor):
    # The costliest reply: the thread is renumbered and the held comment is remembered in the session.
    root = add_comment(story, "Root")
    first = add_comment(story, "First reply", parent=root)
    second = add_comment(story, "Second reply", parent=root)

    response, queries = post_counting(client, form_post(story, comment="Me too.", reply_to=str(root.pk)))

    assert len(queries) <= REPLY_LIMIT, f"{len(queries)} statements:\n{statements(queries)}"
    reply = Comment.objects.get(user=visitor)
    assert reply.state == Comment.State.HELD
    assert client.session["townsquare_my_comments"] == [reply.pk]
    thread = list(Comment.objects.filter(thread_id=root.pk).order_by("order").values_list("pk", "level"))
    assert thread == [(root.pk, 0), (first.pk, 1), (second.pk, 1), (reply.pk, 1)]


def test_a_new_comment_is_inserted_once(story):
    comment = Comment(
        content_object=story,
        page=story,
        site_id=1,
        user_name="Robin",
        user_email="robin@example.org",
        comment="Hello",
        html="<p>Hello</p>",
        state=Comment.State.PUBLISHED,
    )
    with CaptureQueriesContext(connection) as queries:
        comment.save()
    assert [query["sql"].split()[0] for query in queries.captured_queries] == ["INSERT"] * 3
    comment.refresh_from_db()
    assert (comment.thread_id, comment.parent_id, comment.level, comment.order) == (comment.pk, comment.pk, 0, 1)
    # A reply is placed by the lifecycle, never left without a thread.
    with pytest.raises(ValueError, match="placed in its thread"):
        Comment(content_object=story, page=story, site_id=1, comment="Orphan", parent_id=comment.pk).save()


def test_xtds_cascade_does_not_run_for_our_comments(story):
    from django.db.models.signals import pre_save
    from django_comments_xtd.models import publish_or_unpublish_on_pre_save

    assert publish_or_unpublish_on_pre_save not in pre_save._live_receivers(Comment)[0]
    root = add_comment(story, "Root")
    reply = add_comment(story, "Reply", parent=root)
    # Saving the parent with xtd's flags off leaves its reply alone: visibility is the lifecycle's.
    Comment.objects.filter(pk=root.pk).update(state=Comment.State.HELD)
    root.refresh_from_db()
    root.save()
    reply.refresh_from_db()
    assert (root.is_public, reply.is_public, reply.state) == (False, True, Comment.State.PUBLISHED)


def test_a_story_under_a_view_restriction_takes_no_comment(client, story, visitor):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=story.get_parent(), restriction_type=PageViewRestriction.LOGIN)
    assert client.post("/en/comments/post/", form_post(story)).status_code == 404
    assert not Comment.objects.exists()
