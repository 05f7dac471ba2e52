"""Reading more of a discussion: a permalink, the next page of threads, the rest of a thread."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from moderation.discussion import thread
from moderation.discussion.common import discussion_flags, live_discussed_page, thread_url
from moderation.discussion.my_comments import my_comment_ids
from moderation.models import Comment
from townsquare.validation import is_id


@require_GET
def permalink(request, comment_id):
    if not is_id(comment_id):
        raise Http404
    comment = get_object_or_404(Comment.objects.published().only("pk", "thread_id", "page_id"), pk=comment_id)
    return redirect(thread_url(live_discussed_page(comment.page_id), comment, request))


@require_GET
def threads_fragment(request, page_id):
    """The next page of threads, as HTML to append below the ones shown."""
    story = live_discussed_page(page_id)
    sort, mine = request.GET.get("sort", ""), my_comment_ids(request)
    page = thread.requested_page(story, request.GET.get("page", "1"), sort=sort, mine=mine)
    if page is None:
        raise Http404(_("There is no such page of comments."))
    return render(
        request, "moderation/discussion/threads_fragment.html", {**discussion_flags(story), "thread_page": page}
    )


@require_GET
def replies_fragment(request, comment_id):
    """The rest of one thread's replies."""
    if not is_id(comment_id):
        raise Http404
    root = get_object_or_404(
        Comment.objects.published().only("pk", "thread_id", "page_id", "level"), pk=comment_id, level=0
    )
    story = live_discussed_page(root.page_id)
    replies = thread.more_replies(root, mine=my_comment_ids(request))
    return render(
        request, "moderation/discussion/replies_fragment.html", {**discussion_flags(story), "replies": replies}
    )
