"""The commenter's drawer: a moderator's view of the author of a comment (``moderation.commenters``
holds the rules), opened from the queue (key "c", or the row's link) or on its own page.

GET shows the file; with ``?drawer=1`` only its content, which the queue shows in a drawer beside
the rows. POST leaves a note or turns pre-moderation on or off, then returns to ``next``.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from moderation import commenters
from moderation.admin_access import forbidden_as_403, get_comment_for, require_moderator, safe_next
from moderation.models import CommenterNote


@forbidden_as_403
def commenter_view(request, pk):
    require_moderator(request)
    comment = get_comment_for(request, pk)
    status = 200
    note = ""
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "note":
                commenters.add_note(comment, request.user, request.POST.get("text", ""))
                messages.success(request, _("Note saved: the hub's moderators see it with this commenter's file."))
            elif action in ("premoderate", "stop_premoderating"):
                on = commenters.set_premoderated(comment, request.user, action == "premoderate")
                messages.success(
                    request,
                    _("From now on, this commenter's comments in this hub wait for a moderator.")
                    if on
                    else _("This commenter's comments in this hub follow the hub's rules again."),
                )
            else:
                raise commenters.CommenterRefused(_("Choose what to do: leave a note, or change pre-moderation."))
        except commenters.CommenterRefused as refusal:
            messages.error(request, str(refusal))
            status = 400
            note = request.POST.get("text", "")
        else:
            return redirect(safe_next(request, reverse("moderation:commenter", args=[comment.pk])))
    drawer = request.GET.get("drawer") == "1"
    return TemplateResponse(
        request,
        "moderation/commenter_drawer.html" if drawer else "moderation/commenter.html",
        {
            "comment": comment,
            "file": commenters.file_for(comment, request.user),
            "note": note,
            "max_length": CommenterNote.MAX_LENGTH,
            "next": safe_next(request, reverse("moderation:commenter", args=[comment.pk])),
        },
        status=status,
    )
