"""Registers moderation with the Wagtail admin. Logic lives in views, actions and viewsets."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from moderation.bulk_actions.approve import ApproveBulkAction
from moderation.bulk_actions.reject import RejectBulkAction
from moderation.bulk_actions.spam import SpamBulkAction
from moderation.dashboard import add_moderation_panel
from moderation.discussion.context import page_discussion
from moderation.permissions import moderation_permissions
from moderation.viewsets import ModerationViewSetGroup

for bulk_action in (ApproveBulkAction, RejectBulkAction, SpamBulkAction):
    hooks.register("register_bulk_action", bulk_action)

LOG_ACTIONS = {
    "townsquare_comment.published": (_("Publish comment"), _("Comment published")),
    "townsquare_comment.held": (_("Hold comment"), _("Comment held for review")),
    "townsquare_comment.rejected": (_("Reject comment"), _("Comment rejected")),
    "townsquare_comment.spam": (_("Mark comment as spam"), _("Comment marked as spam")),
    "townsquare_comment.answered": (_("Mark answered"), _("Question marked as answered")),
    "townsquare_comment.unanswered": (_("Mark unanswered"), _("Question marked as waiting for an answer")),
    "townsquare_comment.assigned": (_("Assign comment"), _("Comment assigned")),
    "townsquare_comment.reports_dismissed": (_("Dismiss reports"), _("Reports dismissed; comment kept")),
    "townsquare_comment.blocked": (_("Block commenter"), _("Commenter blocked")),
    "townsquare_comment.erased": (_("Erase commenter"), _("A commenter's data was erased")),
    "townsquare_comment.appealed": (_("Appeal a decision"), _("The commenter appealed the decision")),
    "townsquare_comment.appeal_upheld": (_("Uphold a decision"), _("Appeal decided: decision upheld")),
    "townsquare_comment.appeal_reversed": (_("Reverse a decision"), _("Appeal decided: decision reversed")),
    "townsquare_comment.notice_received": (_("Notice of illegal content"), _("A notice of illegal content received")),
    "townsquare_comment.notice_removed": (_("Remove illegal content"), _("Notice decided: comment removed")),
    "townsquare_comment.notice_kept": (_("Keep after a notice"), _("Notice decided: comment kept")),
    "townsquare_comment.commenter_note": (
        _("Note about the commenter"),
        _("A moderator left a note about the commenter"),
    ),
    "townsquare_comment.commenter_premoderation_on": (
        _("Pre-moderate the commenter"),
        _("The commenter's comments in this hub are now read before they appear"),
    ),
    "townsquare_comment.commenter_premoderation_off": (
        _("Stop pre-moderating the commenter"),
        _("The commenter's comments in this hub follow the hub's rules again"),
    ),
}


@hooks.register("register_admin_viewset")
def register_moderation_viewsets():
    return ModerationViewSetGroup()


# Who moderates comments (and the Feedback screen) is a permission: show it in Settings → Groups.
@hooks.register("register_permissions")
def register_moderation_permissions():
    return moderation_permissions()


@hooks.register("register_log_actions")
def register_comment_log_actions(actions):
    for action, (label, message) in LOG_ACTIONS.items():
        actions.register_action(action, label, message)


hooks.register("construct_homepage_panels", add_moderation_panel)

# The discussion under every story and event page (both below this app ask through this hook).
hooks.register("discussion_page_context", page_discussion)
