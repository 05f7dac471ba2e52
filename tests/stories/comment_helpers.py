"""Building comment form posts and discussions for the comment tests."""

from django.utils import timezone

from benchmarks.seed import models_save, write_discussion  # noqa: F401 - models_save is shared with the tests
from moderation import lifecycle
from moderation.discussion.forms import StoryCommentForm
from moderation.models import Comment
from townsquare import challenge


def form_post(story, **fields):
    """A valid anonymous comment POST for ``story``, with fresh security data and a solved challenge."""
    data = {
        "content_type": story._meta.label_lower,
        "object_pk": str(story.pk),
        "name": "Robin",
        "email": "robin@example.org",
        "comment": "Lovely story.",
        "reply_to": "0",
        "honeypot": "",
        **StoryCommentForm(story).generate_security_data(),
        "altcha": challenge.solve(challenge.create()),
    }
    data.update(fields)
    return data


def posted(story, text, name, email=None):
    """A comment as the rules decide it when posted (``lifecycle.create_comment``)."""
    return lifecycle.create_comment(
        story=story,
        hub=story.get_parent().specific,
        parent=None,
        user=None,
        name=name,
        email=email or f"{name.lower()}@example.org",
        text=text,
        followup=False,
        ip_address="127.0.0.1",
        site_id=1,
    )


def add_comment(story, text="A comment.", parent=None, state=Comment.State.PUBLISHED, name="Visitor", **kwargs):
    hub = story.get_parent().specific
    comment = lifecycle.create_comment(
        story=story,
        hub=hub,
        parent=parent,
        user=kwargs.pop("user", None),
        name=name,
        email=kwargs.pop("email", f"{name.lower().replace(' ', '.')}@example.org"),
        text=text,
        followup=kwargs.pop("followup", False),
        ip_address="127.0.0.1",
        site_id=1,
        submit_date=kwargs.pop("submit_date", timezone.now()),
    )
    if comment.state != state:
        # As if posted in ``state``: no moderator decided it, so the commenter gets no notice.
        lifecycle.transition([comment], state, notify=False)
    return comment


def build_discussion(story, total):
    """``total`` published comments: a quarter top-level, the rest replies up to three levels deep."""
    comments = []
    roots = []
    for n in range(total):
        if n % 4 == 0 or not roots:
            comment = add_comment(story, f"Thread {n}", name=f"Visitor {n % 7}")
            roots.append(comment)
        else:
            parent = comments[-1] if comments[-1].level < 3 else roots[-1]
            comment = add_comment(story, f"Reply {n}", parent=parent, name=f"Visitor {n % 7}")
        comments.append(comment)
    return comments


def fast_discussion(story, total):
    """Like ``build_discussion`` but written straight to the tables (no policy, no e-mail), for the
    query-count tests that need a thousand comments: the benchmark's own seeding."""
    return write_discussion(story, total)
