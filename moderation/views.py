"""Moderation screens in the Wagtail admin: queues, actions, history, log, erasure.

Every view checks ``moderation.permissions`` on the server; a moderator sees
and acts on the comments of the hubs they moderate, superusers on all.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Q, Subquery
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import ModelLogEntry

from moderation import actions
from moderation.admin_access import forbidden_as_403, get_comment_for, require_moderator, safe_next
from moderation.models import Comment
from moderation.permissions import moderated_hub_ids
from moderation.sanitize import MAX_LENGTH
from townsquare.validation import parse_number


def with_parents(queryset):
    """``queryset`` with each reply's parent (its author and text) read in the same query, for
    ``attach_context``: a listing then asks no query of its own for them."""
    parents = Comment.objects.filter(pk=OuterRef("parent_id")).order_by()
    return queryset.annotate(
        parent_name=Subquery(parents.values("user_name")[:1]), parent_html=Subquery(parents.values("html")[:1])
    )


def attach_context(rows):
    """Each row's parent comment and its commenter's history: one query for the histories, and one
    for the parents unless the rows were read ``with_parents``."""
    read_with_parents = all(hasattr(row, "parent_html") for row in rows)
    parent_ids = {row.parent_id for row in rows if row.level > 0}
    if read_with_parents:
        parents = {
            row.parent_id: Comment(pk=row.parent_id, user_name=row.parent_name, html=row.parent_html)
            for row in rows
            if row.level > 0
        }
    else:
        parents = Comment.objects.only("pk", "user_name", "html").in_bulk(parent_ids) if parent_ids else {}
    # By commenter_key (the address whatever its capitals), from an index of the comment table.
    keys = {row.commenter_key for row in rows if row.commenter_key is not None}
    history = {}
    if keys:
        counts = (
            Comment.objects.filter(commenter_key__in=keys)
            .values("commenter_key")
            .annotate(
                approved=Count("pk", filter=Q(state=Comment.State.PUBLISHED)),
                rejected=Count("pk", filter=Q(state__in=[Comment.State.REJECTED, Comment.State.SPAM])),
                total=Count("pk"),
            )
            # No ordering: xtd's default one would join its tables for nothing.
            .order_by()
        )
        history = {item["commenter_key"]: item for item in counts}
    for row in rows:
        row.parent = parents.get(row.parent_id) if row.level > 0 else None
        row.history = history.get(row.commenter_key, {"approved": 0, "rejected": 0, "total": 0})


def assignable_users(user):
    """Colleagues a comment can be assigned to: the moderators and owners of the user's hubs (one query)."""
    from communities.models import CommunityHubPage

    hubs = moderated_hub_ids(user)
    hub_qs = CommunityHubPage.objects.all() if hubs is None else CommunityHubPage.objects.filter(pk__in=hubs)
    return (
        get_user_model()
        .objects.filter(
            Q(groups__in=hub_qs.values("moderators_group_id"))
            | Q(groups__in=hub_qs.values("owners_group_id"))
            | Q(is_superuser=True),
            is_active=True,
        )
        .distinct()
        .order_by("first_name", "username")
    )


ACTIONS = ("approve", "reject", "spam", "restore", "answered", "unanswered", "assign", "answer", "block")


@forbidden_as_403
@require_POST
def comment_action(request, pk, action):
    """Apply one action to one comment; JSON for the keyboard triage script, a redirect otherwise."""
    require_moderator(request)
    if action not in ACTIONS:
        raise Http404
    comment = get_comment_for(request, pk)
    refusal = free_text_refusal(request)
    if refusal:
        return respond(request, comment, error=refusal, status=400)
    expected = request.POST.get("expected_state") or None
    if expected is not None and expected not in Comment.State.values:
        return respond(request, comment, error=_("Unknown state."), status=400)
    try:
        message = perform(request, comment, action, expected)
    except actions.ActionRefused as refusal:
        # By type, not by wording: the message is translated.
        status = 409 if isinstance(refusal, actions.AlreadyDone) else 400
        return respond(request, comment, error=str(refusal), status=status)
    return respond(request, comment, message=message)


# The free-text fields of the actions and how long each may be: longer text is refused, never cut.
FREE_TEXT_LIMITS = {"reason": 500, "note": 500, "text": MAX_LENGTH}


def free_text_refusal(request):
    """The message refusing a reason, note or answer that cannot be stored whole; None when all fit."""
    for field, limit in FREE_TEXT_LIMITS.items():
        value = request.POST.get(field, "")
        if "\x00" in value:
            return _("The text contains a character that cannot be stored (a null byte). Remove it and try again.")
        if len(value) > limit:
            return _("This text can be at most %(max)s characters long; it has %(length)s.") % {
                "max": limit,
                "length": len(value),
            }
    return None


def perform(request, comment, action, expected):
    user = request.user
    if action == "approve":
        if not actions.approve(comment, user, expected_state=expected).moved:
            return _("Reports dismissed; the comment stays published.")
        return _("Comment approved and published.")
    if action == "reject":
        actions.reject(comment, user, reason=request.POST.get("reason", ""), expected_state=expected)
        return _("Comment rejected.")
    if action == "spam":
        actions.mark_spam(comment, user, expected_state=expected)
        return _("Comment marked as spam.")
    if action == "restore":
        actions.restore(comment, user)
        return _("Done: the comment is back to %(state)s.") % {"state": comment.get_state_display().lower()}
    if action in ("answered", "unanswered"):
        actions.mark_answered(comment, user, answered=action == "answered")
        return _("Marked as answered.") if action == "answered" else _("Marked as waiting for an answer.")
    if action == "assign":
        assignee_id = request.POST.get("assignee", "")
        assignee = None
        if assignee_id:
            if parse_number(assignee_id) is None:
                raise actions.ActionRefused(_("Choose a colleague from the list."))
            assignee = assignable_users(user).filter(pk=parse_number(assignee_id)).first()
            if assignee is None:
                raise actions.ActionRefused(_("Choose a colleague from the list."))
        actions.assign(comment, user, assignee, note=request.POST.get("note", ""))
        return _("Assigned to %(name)s.") % {"name": assignee} if assignee else _("Assignment removed.")
    if action == "answer":
        actions.answer_as_team(comment, user, request.POST.get("text", ""))
        return _("Your answer is published with the Team badge.")
    if action == "block":
        actions.block_commenter(comment, user, reason=request.POST.get("reason", ""))
        return _("Commenter blocked; this comment is rejected. Undo from Blocked commenters.")
    raise Http404


def respond(request, comment, message=None, error=None, status=200):
    comment.refresh_from_db(fields=["state"])
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse(
            {
                "ok": error is None,
                "message": message or error,
                "state": comment.state,
                "state_label": comment.get_state_display(),
            },
            status=status,
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, message)
    return redirect(safe_next(request, reverse("moderation:history", args=[comment.pk])))


@forbidden_as_403
def history_view(request, pk):
    """A comment, its context, every change made to it and its author's edits."""
    require_moderator(request)
    comment = get_comment_for(request, pk)
    attach_context([comment])
    entries = ModelLogEntry.objects.for_instance(comment).select_related("user").order_by("-timestamp", "-pk")
    return TemplateResponse(
        request,
        "moderation/history.html",
        {
            "comment": comment,
            "entries": entries,
            "assignees": assignable_users(request.user),
            # The author's edits, each with the text it replaced (``lifecycle.edit_comment``).
            "edits": comment.edits.order_by("-edited_at", "-pk"),
        },
    )


@forbidden_as_403
def erase_view(request):
    """Superusers only: delete everything a commenter wrote (a privacy request)."""
    if not request.user.is_superuser:
        raise PermissionDenied
    from django import forms

    class EraseForm(forms.Form):
        email = forms.EmailField(label=_("The commenter's e-mail address"))
        confirm = forms.BooleanField(label=_("I understand this deletes their comments and cannot be undone."))

    form = EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        count = actions.erase_commenter(form.cleaned_data["email"], request.user)
        messages.success(request, _("%(count)s comments erased.") % {"count": count})
        return redirect(reverse("moderation:erase"))
    return TemplateResponse(request, "moderation/erase.html", {"form": form}, status=400 if form.errors else 200)
