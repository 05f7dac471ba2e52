"""Who may open the moderators' admin screens, and how a refusal or a bad link is answered.

Shared by moderation's views and those of the apps above it (feedback), which import these
helpers rather than another app's views. A moderator acts on the comments of the hubs they
moderate or own, a superuser on all (``moderation.permissions``); everyone else gets a 403.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.core.paginator import EmptyPage, InvalidPage
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from moderation.models import Comment
from moderation.permissions import can_moderate, can_moderate_anything
from townsquare.validation import is_id


def forbidden_as_403(view):
    """Answer a refusal with a plain 403 and a message, rather than the admin's redirect to the dashboard."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied:
            message = _("You do not moderate the hub this belongs to.")
            if request.headers.get("Accept", "").startswith("application/json"):
                return JsonResponse({"ok": False, "message": message}, status=403)
            return TemplateResponse(request, "moderation/forbidden.html", {"message": message}, status=403)

    return wrapper


def require_moderator(request):
    if not can_moderate_anything(request.user):
        raise PermissionDenied


def get_comment_for(request, pk):
    """The comment ``pk`` if the user moderates its hub: a 404 for a malformed or unknown id, else a refusal."""
    if not is_id(pk):
        raise Http404
    comment = get_object_or_404(Comment.objects.select_related("moderated_by"), pk=pk)
    if not can_moderate(request.user, comment):
        raise PermissionDenied
    return comment


def safe_next(request, default):
    """The ``next`` of the request when it points to this site, else ``default``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


class ModeratorOnlyMixin:
    """For a Wagtail listing (a generic ``IndexView``) of moderators' work: refuse anyone who
    moderates no hub (a 403 when the view is wrapped in ``forbidden_as_403``); the querysets
    narrow the rest to the user's hubs."""

    # Access is a moderator's (``require_moderator``) and scoped by hub in the querysets; there is
    # nothing to add, edit or delete here.
    permission_policy = None
    any_permission_required = None
    permission_required = None

    def dispatch(self, request, *args, **kwargs):
        require_moderator(request)
        return super().dispatch(request, *args, **kwargs)

    def paginate_queryset(self, queryset, page_size):
        # A page that does not exist is a 404, not the last page: a link to it is wrong.
        paginator = self.get_paginator(queryset, page_size, allow_empty_first_page=True)
        known = self.known_count()
        if known is not None:
            paginator.count = known  # a cached property of Django's paginator: no COUNT query
        try:
            page = paginator.page(self.request.GET.get(self.page_kwarg) or 1)
        except (EmptyPage, InvalidPage):
            raise Http404(_("There is no such page of this listing.")) from None
        return paginator, page, page.object_list, page.has_other_pages()

    def known_count(self):
        """The number of rows, when the request has already counted them; None: the paginator counts."""
        return None

    @cached_property
    def listing_url(self):
        """The page the user is looking at (not the results fragment Wagtail's filters fetch):
        where an action goes back to."""
        query = self.request.GET.copy()
        query.pop("_w_filter_fragment", None)
        return f"{self.index_url}?{query.urlencode()}" if query else self.index_url
