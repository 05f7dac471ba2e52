"""How the audit entries of feedback items read in the comment's history and the moderation log."""

from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import LogFormatter

from listening.models import FeedbackItem


def _choice(choices, value):
    try:
        return str(choices(value).label)
    except ValueError:  # a value from an older version of the choices
        return value or ""


class MarkedFormatter(LogFormatter):
    label = _("Mark as feedback")

    def format_message(self, log_entry):
        return _("Marked as: %(kind)s") % {"kind": _choice(FeedbackItem.Kind, log_entry.data.get("kind"))}


class StatusFormatter(LogFormatter):
    label = _("Change feedback status")

    def format_message(self, log_entry):
        return _("Feedback status: %(old)s → %(new)s") % {
            "old": _choice(FeedbackItem.Status, log_entry.data.get("old_status")),
            "new": _choice(FeedbackItem.Status, log_entry.data.get("new_status")),
        }


class AssignedFormatter(LogFormatter):
    label = _("Assign feedback")

    def format_message(self, log_entry):
        who = [name for name in (log_entry.data.get("team_name"), log_entry.data.get("assignee_name")) if name]
        if not who:
            return _("Feedback unassigned")
        return _("Feedback assigned to %(who)s") % {"who": ", ".join(who)}


class RespondedFormatter(LogFormatter):
    label = _("Respond to feedback")

    def format_message(self, log_entry):
        if log_entry.data.get("response"):
            return _("Public response written")
        return _("Public response removed")


FORMATTERS = {
    "townsquare_feedback.marked": MarkedFormatter,
    "townsquare_feedback.status": StatusFormatter,
    "townsquare_feedback.assigned": AssignedFormatter,
    "townsquare_feedback.responded": RespondedFormatter,
}
