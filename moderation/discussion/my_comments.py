"""The comments this browser wrote, kept in its session so that it sees its own held comments.

Read by story and event pages (``moderation.discussion.context``) and written by the comment
views: a model module imports this, never a views module.
"""

MY_COMMENTS = "townsquare_my_comments"


def my_comment_ids(request):
    """Ids of the comments this browser wrote (to show its own held comments)."""
    if not request.session.session_key:
        return []
    return request.session.get(MY_COMMENTS, [])


def remember_my_comment(request, comment):
    ids = [comment.pk, *request.session.get(MY_COMMENTS, [])][:50]
    request.session[MY_COMMENTS] = ids
