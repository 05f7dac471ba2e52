from django import forms
from django.utils.translation import gettext_lazy as _

from moderation.bulk_actions.base import CommentBulkAction
from moderation.models import Comment, ModerationSettings


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason (kept in each comment's history)"), max_length=500, required=False)

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason and ModerationSettings.load().require_rejection_reason:
            raise forms.ValidationError(_("Say why these comments are rejected."))
        return reason


class RejectBulkAction(CommentBulkAction):
    display_name = _("Reject")
    action_type = "reject"
    aria_label = _("Reject the selected comments")
    action_priority = 20
    form_class = RejectForm
    new_state = Comment.State.REJECTED
    done_label = _("rejected")

    def get_reason(self):
        return self.cleaned_form.cleaned_data["reason"] if self.cleaned_form else ""
