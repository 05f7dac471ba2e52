from django.utils.translation import gettext_lazy as _

from moderation.bulk_actions.base import CommentBulkAction
from moderation.models import Comment


class SpamBulkAction(CommentBulkAction):
    display_name = _("Spam")
    action_type = "spam"
    aria_label = _("Mark the selected comments as spam")
    action_priority = 30
    classes = {"serious"}
    new_state = Comment.State.SPAM
    done_label = _("marked as spam")
