"""What every comment bulk action shares: scoping, id validation, the state change itself.

The state change is ``actions.change_states``, the same transition a single action runs with
one comment: the rules cannot differ between the two. Each comment of the selection is
handled or named in a message saying why not (another hub's, gone, already decided)."""

from urllib.parse import urlsplit

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import Resolver404, resolve
from django.utils.functional import classproperty
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.views.bulk_action import BulkAction

from moderation import actions
from moderation.models import Comment
from moderation.permissions import can_moderate, can_moderate_anything
from moderation.queues import QUEUES, queue_listing
from townsquare.validation import parse_number

MAX_IDS = 1000


class CommentBulkAction(BulkAction):
    template_name = "moderation/bulk_actions/confirm.html"
    new_state = None

    @classproperty
    def models(cls):
        return [Comment]

    def dispatch(self, request, *args, **kwargs):
        # Wagtail's bulk-action URL is open to every admin user; only moderators get further.
        if not can_moderate_anything(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self, model, object_ids):
        # A forged list (not numbers, too many, someone else's comments) is refused, never a 500.
        ids = [parse_number(pk) for pk in object_ids]
        if len(ids) > MAX_IDS or None in ids:
            raise Http404(_("Those comments cannot be selected."))
        objects = list(Comment.objects.filter(pk__in=ids).select_related("page"))
        if not objects:
            raise Http404(_("None of the selected comments exist."))
        found = {comment.pk for comment in objects}
        self.missing_ids = sorted({pk for pk in ids if pk not in found})
        return objects

    def get_all_objects_in_listing_query(self, parent_id):
        # "Select all in listing" means the queue the moderator was looking at, with its filters and
        # search (bulk-actions.js passes them along): never every comment of their hubs.
        try:
            queue = QUEUES[resolve(urlsplit(self.next_url).path).kwargs.get("queue")]
        except (Resolver404, KeyError):
            raise Http404(_("Those comments cannot be selected.")) from None
        queryset = queue_listing(self.request, queue)[0]
        return list(queryset.values_list("pk", flat=True)[:MAX_IDS])

    def check_perm(self, comment):
        return can_moderate(self.request.user, comment)

    def object_context(self, comment):
        return {"item": comment, "story": comment.page}

    def prepare_action(self, objects, objects_without_access):
        # Named before anything changes: the moderator learns which ids were left out and why.
        for comment in objects_without_access["items_with_no_access"]:
            messages.warning(
                self.request,
                _("Comment %(id)s is not in a hub you moderate: left as it was.") % {"id": comment.pk},
            )
        for pk in getattr(self, "missing_ids", []):
            messages.warning(self.request, _("Comment %(id)s does not exist.") % {"id": pk})

    def get_execution_context(self):
        return {"user": self.request.user, "reason": self.get_reason(), "request": self.request}

    def get_reason(self):
        return ""

    @classmethod
    def execute_action(cls, objects, user=None, reason="", request=None, **kwargs):
        outcome = actions.change_states(objects, cls.new_state, user=user, reason=reason)
        if request is not None:
            for message in outcome.refused.values():
                messages.warning(request, message)
        return outcome.handled, 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext("%(count)d comment %(done)s.", "%(count)d comments %(done)s.", num_parent_objects) % {
            "count": num_parent_objects,
            "done": self.done_label,
        }
