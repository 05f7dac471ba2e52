"""What a story page shows of its discussion: a page of threads, or one whole thread."""

from django.http import Http404
from django.utils.translation import gettext as _

from moderation.discussion import thread
from moderation.discussion.forms import StoryCommentForm
from moderation.discussion.my_comments import my_comment_ids
from townsquare.validation import parse_number


def page_discussion(story, request):
    """The threads to show: ``?comments_page=N`` of them, or one whole thread (``?thread=<id>``).

    A page that does not exist answers 404 (``thread.requested_page``).
    """
    hub = story.get_parent().specific
    mine = my_comment_ids(request)
    context = {
        "max_reply_depth": hub.max_reply_depth,
        # Unbound, for labels and help texts: its security data is not rendered (see compose.html).
        "form": StoryCommentForm(story, hub=hub, user=request.user),
        "sort_options": [("oldest", _("Oldest")), ("newest", _("Newest")), ("liked", _("Most liked"))],
    }
    thread_id = parse_number(request.GET.get("thread", ""))
    if thread_id is not None:
        single = thread.single_thread(story, thread_id, mine=mine)
        if single is not None:
            return {**context, "single_thread": single}
    sort = request.GET.get("sort", "")
    page = thread.requested_page(story, request.GET.get("comments_page", "1"), sort=sort, mine=mine)
    if page is None:
        raise Http404(_("There is no such page of comments."))
    return {**context, "thread_page": page}
