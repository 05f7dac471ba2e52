"""Visitors own their words: an author edits their comment for 15 minutes and deletes it at any time.

Signed-in authors reach their comment's page from the comment itself (``mine``: only the
comment's own user); guests through the signed own-words link of their confirmation e-mail
(``own``: it names the confirmation key, so it works only once the comment is stored, and dies
with an erasure). An edit goes through the policy again (``lifecycle.edit_comment``) and may
be held; a deletion makes the comment a tombstone, like an erasure (``lifecycle.remove``).

Bad input answers with a message and a 4xx, and the text typed is never lost: an edit after
the window is refused (403) with the text shown back in the form.
"""

from django import forms
from django.contrib import messages
from django.core import signing
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from moderation import lifecycle
from moderation.discussion.common import live_discussed_page, thread_url, unreadable
from moderation.discussion.confirmation import read_own_words_token
from moderation.models import Comment
from moderation.sanitize import MAX_LENGTH
from townsquare.validation import is_id

DELETED = gettext_lazy("This comment has already been deleted: the link is no longer valid.")


class EditForm(forms.Form):
    comment = forms.CharField(label=gettext_lazy("Your comment"), widget=forms.Textarea(attrs={"rows": 5}))

    def clean_comment(self):
        text = self.cleaned_data["comment"].replace("\r\n", "\n").strip()
        if not text:
            raise forms.ValidationError(_("Please write something before saving."), code="empty")
        if len(text) > MAX_LENGTH:
            raise forms.ValidationError(
                _("Comments can be at most %(max)s characters long; this one has %(length)s."),
                code="too_long",
                params={"max": MAX_LENGTH, "length": len(text)},
            )
        return text


def _gone(request, message=DELETED):
    return render(request, "moderation/discussion/error.html", {"message": message}, status=410)


@never_cache
@require_http_methods(["GET", "POST"])
def mine(request, comment_id):
    """A signed-in author's own comment: edit or delete it."""
    if not is_id(comment_id):
        raise Http404
    comment = Comment.objects.filter(pk=comment_id).first()
    if comment is None:
        raise Http404
    if comment.state == Comment.State.REMOVED:
        return _gone(request)
    if not request.user.is_authenticated or comment.user_id != request.user.pk:
        # Someone else's comment: as if there were none.
        raise Http404
    return _own_words(request, comment, since=comment.submit_date, url=reverse("comment-mine", args=[comment.pk]))


@never_cache
@require_http_methods(["GET", "POST"])
def own(request, token):
    """A guest's own comment, through the own-words link of their confirmation e-mail."""
    try:
        record = read_own_words_token(token)
    except signing.BadSignature:
        raise Http404 from None
    if record is None:
        return _gone(request, _("This link is no longer valid: its author's data was erased."))
    if record.used_at is None:
        return render(
            request,
            "moderation/discussion/error.html",
            {"message": _("Confirm your comment first, with the other link of the e-mail.")},
            status=409,
        )
    comment = Comment.objects.filter(pk=record.comment_id).first()
    if comment is None or comment.state == Comment.State.REMOVED:
        return _gone(request)
    return _own_words(request, comment, since=record.used_at, url=reverse("comment-own", args=[token]))


def _own_words(request, comment, *, since, url):
    story = live_discussed_page(comment.page_id)
    open_until = since + lifecycle.EDIT_WINDOW
    editable = comment.state in (Comment.State.PUBLISHED, Comment.State.HELD) and timezone.now() < open_until
    context = {"page": story, "story": story, "comment": comment, "url": url, "editable": editable}
    if request.method == "GET":
        context["form"] = EditForm(initial={"comment": comment.comment})
        return render(request, "moderation/discussion/own_words.html", context)

    if request.POST.get("action") == "delete":
        lifecycle.remove([comment], actor=request.user, removal=Comment.Removal.AUTHOR)
        messages.success(request, _("Your comment was deleted."))
        return redirect(f"{story.get_url(request)}#comments")

    form = EditForm(request.POST)
    context["form"] = form
    if unreadable(request):
        return render(request, "moderation/discussion/own_words.html", context, status=400)
    if not editable:
        # Refused, with the text kept in the form: nothing typed is lost.
        context["message"] = _(
            "Comments can be edited for 15 minutes after they appear; this one can no longer be "
            "edited. You can still delete it, or copy your text from here."
        )
        return render(request, "moderation/discussion/own_words.html", context, status=403)
    if not form.is_valid():
        return render(request, "moderation/discussion/own_words.html", context, status=400)
    try:
        edit = lifecycle.edit_comment(comment, form.cleaned_data["comment"], actor=request.user)
    except lifecycle.EditRefused as refusal:
        context["message"] = str(refusal)
        return render(request, "moderation/discussion/own_words.html", context, status=409)
    if edit.new_state == Comment.State.PUBLISHED:
        messages.success(request, _("Your comment was changed."))
    else:
        messages.info(request, _("Your comment was changed; a moderator will read it before it appears again."))
    return redirect(thread_url(story, comment, request))
