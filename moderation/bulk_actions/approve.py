from django.utils.translation import gettext_lazy as _

from moderation.bulk_actions.base import CommentBulkAction
from moderation.models import Comment


class ApproveBulkAction(CommentBulkAction):
    display_name = _("Approve")
    action_type = "approve"
    aria_label = _("Approve the selected comments")
    action_priority = 10
    new_state = Comment.State.PUBLISHED
    done_label = _("approved and published")
