"""The public comment form: django-comments-xtd's form (security hash, timestamp,
honeypot) with Townsquare's rules for names, e-mail, length, replies and depth, and the
proof-of-work solution (``townsquare.challenge``)."""

import time

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _
from django_comments_xtd.forms import XtdCommentForm

from moderation.models import Comment, Report
from moderation.sanitize import MAX_LENGTH
from townsquare import challenge
from townsquare.shared_state import CacheUnavailable
from townsquare.validation import is_id

CHALLENGE_ERRORS = {
    "forged": _("The check that a person wrote this could not be verified. Your text is still below: post it again."),
    "expired": _("The check that a person wrote this has expired. Your text is still below: post it again."),
    "replayed": _("This form was already used to post a comment. Your text is still below: post it again."),
}


class StoryCommentForm(XtdCommentForm):
    """A comment or reply on a story. ``hub`` supplies the reply-depth limit.

    ``altcha``: the solution of the proof-of-work challenge, filled in by the page's script. When
    it is valid, ``solved`` holds what ``challenge.consume`` needs; a post without one is valid
    too (``solved`` is None) and its comment is held for review."""

    altcha = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)
    max_length = MAX_LENGTH  # for the page's character counter

    def __init__(self, target_object, *args, hub=None, user=None, **kwargs):
        self.hub = hub
        self.user = user
        self.parent = None
        self.solved = None
        super().__init__(target_object, *args, **kwargs)
        del self.fields["url"]  # a link field only invites spam
        self.fields["name"].label = _("Name")
        self.fields["name"].widget = forms.TextInput(attrs={"autocomplete": "name", "maxlength": 50})
        self.fields["name"].max_length = 50
        self.fields["email"].label = _("E-mail")
        self.fields["email"].help_text = _("Never shown. We send a link to confirm your comment.")
        self.fields["email"].widget = forms.EmailInput(attrs={"autocomplete": "email"})
        self.fields["comment"].label = _("Your comment")
        self.fields["comment"].error_messages["required"] = _("Please write something before posting.")
        # clean_comment() says how long the text is; the stock validator's message is less helpful.
        self.fields["comment"].validators = [
            v for v in self.fields["comment"].validators if not isinstance(v, MaxLengthValidator)
        ]
        # No maxlength: a browser would cut a longer pasted text without a word; the page counts instead.
        self.fields["comment"].widget = forms.Textarea(attrs={"rows": 5, "data-max-length": MAX_LENGTH})
        self.fields["comment"].help_text = _(
            "Plain text. Blank lines start paragraphs; *emphasis*, **bold**, `code`, "
            "> quotes, - lists and web addresses become links."
        )
        self.fields["followup"].label = _("E-mail me when someone replies")
        self.fields["followup"].initial = False
        self.fields["reply_to"].required = False
        self.fields["honeypot"].label = _("Leave this field empty")
        if user is not None and user.is_authenticated:
            # Signed-in people post under their account; the fields are not shown.
            self.fields["name"].required = False
            self.fields["email"].required = False

    def clean_comment(self):
        # Browsers send a typed newline as \r\n but count it once against maxlength.
        text = super().clean_comment().replace("\r\n", "\n").strip()
        if not text:
            raise ValidationError(_("Please write something before posting."), code="empty")
        if len(text) > MAX_LENGTH:
            raise ValidationError(
                _("Comments can be at most %(max)s characters long; this one has %(length)s."),
                code="too_long",
                params={"max": MAX_LENGTH, "length": len(text)},
            )
        return text

    def clean_name(self):
        return self.cleaned_data.get("name", "").strip()

    def clean_timestamp(self):
        try:
            timestamp = super().clean_timestamp()
        except ValidationError:
            raise ValidationError(
                _("This form has expired. Your text is still below: check it and post again."), code="expired"
            ) from None
        # Only the server signs timestamps, and never one from the future: such a form was not handed out.
        if timestamp > time.time() + 60:
            raise ValidationError(
                _("This form could not be verified. Your text is still below: post it again."), code="forged"
            )
        return timestamp

    def clean_altcha(self):
        solution = self.cleaned_data.get("altcha", "")
        if solution:
            try:
                self.solved = challenge.verify(solution)
            except challenge.Refused as refused:
                raise ValidationError(CHALLENGE_ERRORS[refused.code], code=refused.code) from None
        return solution

    def consume_solution(self):
        """Accept the solution once (after every other check passed): False, with the form's
        error, when it was used before. When the shared cache cannot tell (Redis went away), the
        comment goes through as if unchallenged: held for a moderator."""
        if self.solved is None:
            return True
        try:
            challenge.consume(*self.solved)
        except challenge.Refused as refused:
            self.add_error("altcha", ValidationError(CHALLENGE_ERRORS[refused.code], code=refused.code))
            return False
        except CacheUnavailable:
            self.solved = None
        return True

    def clean_security_hash(self):
        try:
            return super().clean_security_hash()
        except ValidationError:
            raise ValidationError(
                _("This form could not be verified. Your text is still below: post it again."), code="forged"
            ) from None

    def clean_honeypot(self):
        if self.cleaned_data.get("honeypot"):
            raise ValidationError(_("Your comment could not be posted."), code="honeypot")
        return ""

    def clean_reply_to(self):
        reply_to = self.cleaned_data.get("reply_to") or 0
        if not reply_to:
            return 0
        if not is_id(reply_to):  # a forged number past any id: no such comment
            raise ValidationError(_("You can only reply to a published comment on this story."), code="bad_parent")
        parent = (
            Comment.objects.filter(pk=reply_to, state=Comment.State.PUBLISHED)
            .only("pk", "thread_id", "level", "page_id")
            .first()
        )
        if parent is None or parent.page_id != self.target_object.pk:
            raise ValidationError(_("You can only reply to a published comment on this story."), code="bad_parent")
        max_depth = self.hub.max_reply_depth if self.hub is not None else 0
        if parent.level + 1 > max_depth:
            raise ValidationError(
                _("This conversation is as deep as this community allows: reply to an earlier comment instead."),
                code="too_deep",
            )
        self.parent = parent
        return reply_to

    def clean(self):
        cleaned_data = forms.Form.clean(self)
        if not (self.user and self.user.is_authenticated):
            for field in ("name", "email"):
                if not cleaned_data.get(field) and field not in self.errors:
                    self.add_error(field, _("This field is required."))
        return cleaned_data

    def has_stale_security(self):
        """True when the timestamp or hash are stale or forged: the page needs fresh ones."""
        return bool({"timestamp", "security_hash", "content_type", "object_pk", "altcha"} & set(self.errors))


ILLEGAL = "illegal"
# What a notice of illegal content must say (``moderation.notices``), beyond the comment itself.
NOTICE_FIELDS = ("explanation", "location", "reporter_name", "reporter_email", "good_faith")


class ReportForm(forms.Form):
    """A report of a comment, or, with the reason "illegal", a notice of illegal content with the
    fields the law expects of one (required then, ignored otherwise)."""

    reason = forms.ChoiceField(
        label=_("What is wrong with this comment?"),
        choices=[*Report.Reason.choices, (ILLEGAL, _("Illegal content (a legal notice)"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Anything to add? (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    explanation = forms.CharField(
        label=_("Why is it illegal?"),
        help_text=_("Which law it breaks, and how, as precisely as you can."),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    location = forms.CharField(
        label=_("Where exactly?"),
        help_text=_("Quote the words of the comment that are illegal."),
        required=False,
        max_length=500,
    )
    reporter_name = forms.CharField(label=_("Your name"), required=False, max_length=100)
    reporter_email = forms.EmailField(
        label=_("Your e-mail"),
        help_text=_("We acknowledge your notice and tell you what we decided."),
        required=False,
    )
    good_faith = forms.BooleanField(
        label=_("I believe in good faith that the information in this notice is accurate and complete."),
        required=False,
    )

    def is_notice(self):
        return self.data.get("reason") == ILLEGAL

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == ILLEGAL:
            for name in NOTICE_FIELDS:
                value = cleaned.get(name)
                if name not in self.errors and not (value.strip() if isinstance(value, str) else value):
                    self.add_error(name, _("A notice of illegal content needs this."))
        return cleaned

    def notice_fields(self):
        return [self[name] for name in NOTICE_FIELDS]

    def report_fields(self):
        return [self["reason"], self["note"]]
