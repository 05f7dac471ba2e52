from django import forms
from django.utils.translation import gettext_lazy as _

from moderation.actions import ActionRefused, check_rejection_reason
from moderation.bulk_actions.base import CommentBulkAction
from moderation.models import Comment


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (kept in each comment's history; start with one of the hub's reasons to explain it)"),
        max_length=500,
        required=False,
        widget=forms.TextInput(attrs={"list": "reject-reasons"}),
    )

    def clean_reason(self):
        # The rule of single actions too (``actions.check_rejection_reason``).
        try:
            return check_rejection_reason(self.cleaned_data["reason"])
        except ActionRefused as refusal:
            raise forms.ValidationError(str(refusal)) from None


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
