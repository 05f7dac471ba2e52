"""Moderators' queues and actions over the API, with a personal token (docs/api.md).

The same work as the admin's queues, through the same functions:

- a queue's comments are ``moderation.queues.queue_listing`` (the queue's condition, the
  moderator's hubs from ``moderation.permissions``, the admin's ``CommentFilterSet``, its
  search and orderings); a filter the admin would ignore is a 400 here;
- each action is the function the admin's single, keyboard and bulk actions call
  (``moderation.actions``): every rule of ``lifecycle.transition`` applies unchanged (audit entry,
  notifications, search index, page cache), and a comment already moved is a 409;
- a comment outside the moderator's hubs answers 404, as if it did not exist;
- an author's e-mail and address are never shown.

Every error is a problem document (``townsquare.api.problems``); every answer is private
(``Cache-Control: private, no-store``).
"""

from collections.abc import Mapping

from django.conf import settings
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import exceptions, serializers, status
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from moderation import actions
from moderation.models import Comment
from moderation.permissions import can_moderate_anything, scope_comments
from moderation.queues import QUEUES, queue_counts, queue_listing, valid_orderings
from moderation.views import FREE_TEXT_LIMITS
from townsquare.api.base import NO_NUL, ApiView, StrictSerializer, TextField
from townsquare.api.problems import Conflict, problem_responses
from townsquare.validation import parse_number

DEFAULT_LIMIT = 20
MAX_LIMIT = 50
MAX_OFFSET = 1_000_000  # far past any queue a person pages through; keeps OFFSET a small number
TAGS = ["moderation"]
PRIVATE = "private, no-store"


# ---------------------------------------------------------------------------
# Who may call: a moderator of at least one hub
# ---------------------------------------------------------------------------


class ModeratesAHub(BasePermission):
    """A caller whose token belongs to someone who moderates at least one hub
    (``moderation.permissions``); which comments they reach is scoped again by hub.

    Without a token, Django REST framework answers 401 (the authentication's ``WWW-Authenticate``)."""

    message = gettext_lazy("Your account moderates no hub: the moderation API is for moderators.")

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and can_moderate_anything(request.user))


class ModeratorAPIView(ApiView):
    permission_classes = [ModeratesAHub]

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Cache-Control"] = PRIVATE  # held comments and who moderates them: never in a shared cache
        return response


def moderated_comment(request, comment_id):
    """The comment ``comment_id`` if ``request.user`` moderates its hub; else a 404, whether it
    exists elsewhere or not at all (a malformed or out-of-range id included)."""
    pk = parse_number(comment_id)
    comment = None
    if pk is not None:
        comment = scope_comments(Comment.objects.select_related("page", "hub"), request.user).filter(pk=pk).first()
    if comment is None:
        raise exceptions.NotFound(_("There is no comment with this id in the hubs you moderate."))
    return comment


# ---------------------------------------------------------------------------
# What a comment looks like to a moderator
# ---------------------------------------------------------------------------


class CommentStateField(serializers.ChoiceField):
    """A comment's state (``Comment.State``)."""

    def __init__(self, **kwargs):
        super().__init__(choices=Comment.State.choices, **kwargs)


class ModerationHubSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    title = serializers.CharField()


class ModerationPageSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    title = serializers.CharField()
    url = serializers.SerializerMethodField(help_text="The page's public address; null when it has none.")

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_url(self, page):
        request = self.context.get("request")
        # Wagtail caches the sites' root paths on the request: one lookup for the whole listing.
        return page.get_full_url(getattr(request, "_request", request))


class ModerationReasonSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="A reason code, e.g. first_time, banned_word, reports.")
    message = serializers.CharField()


class ModerationCommentSerializer(serializers.Serializer):
    """A comment as a moderator sees it; never its author's e-mail address or IP address."""

    id = serializers.IntegerField(source="pk")
    url = serializers.SerializerMethodField(help_text="This comment in the moderation API.")
    state = CommentStateField()
    author_name = serializers.CharField(source="user_name")
    text = serializers.CharField(source="comment", help_text="The text as its author wrote it.")
    html = serializers.CharField(help_text="The text as shown on the site (sanitized HTML).")
    language = serializers.CharField()
    created = serializers.DateTimeField(source="submit_date")
    page = ModerationPageSerializer(allow_null=True)
    hub = ModerationHubSerializer(allow_null=True)
    parent = serializers.SerializerMethodField(help_text="The id of the comment this one replies to.")
    reasons = serializers.SerializerMethodField(help_text="Why the rules held the comment, if they did.")
    report_count = serializers.IntegerField()
    is_question = serializers.BooleanField()
    is_staff_answer = serializers.BooleanField(help_text="An answer from the hub's team.")
    respond_by = serializers.DateTimeField(allow_null=True, help_text="A question's target time to answer by.")

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, comment):
        return absolute(self.context["request"], reverse("api-moderation-comment", args=[comment.pk]))

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_parent(self, comment):
        return comment.parent_id if comment.level > 0 else None

    @extend_schema_field(ModerationReasonSerializer(many=True))
    def get_reasons(self, comment):
        return [
            {"code": str(reason.get("code", "")), "message": str(reason.get("message", ""))}
            for reason in comment.reasons or []
            if isinstance(reason, Mapping)
        ]


def absolute(request, location):
    return request.build_absolute_uri(location)


def comment_data(request, comment):
    return ModerationCommentSerializer(comment, context={"request": request}).data


# ---------------------------------------------------------------------------
# Request bodies: JSON objects, unknown fields refused
# ---------------------------------------------------------------------------


EXPECTED_STATE_HELP = (
    "The state you saw the comment in: when it has moved since (another moderator got there "
    "first), nothing changes and the answer is a 409."
)


class ModerationStateChangeSerializer(StrictSerializer):
    """Approving or marking as spam: optionally, the state the comment was seen in."""

    expected_state = CommentStateField(required=False, help_text=EXPECTED_STATE_HELP)


class ModerationRejectSerializer(StrictSerializer):
    """Rejecting: the reason, and optionally the state the comment was seen in."""

    reason = TextField(
        max_length=FREE_TEXT_LIMITS["reason"],
        required=False,
        allow_blank=True,
        default="",
        help_text="Kept in the comment's history; required when the moderation settings say so.",
    )
    expected_state = CommentStateField(required=False, help_text=EXPECTED_STATE_HELP)

    def validate_reason(self, reason):
        # The rule of the admin's single and bulk rejections.
        try:
            return actions.check_rejection_reason(reason)
        except actions.ActionRefused as refusal:
            raise serializers.ValidationError(str(refusal)) from None


class ModerationAnswerSerializer(StrictSerializer):
    """Answering as the team: the text of the answer."""

    text = TextField(max_length=FREE_TEXT_LIMITS["text"], help_text="The answer, published with the Team badge.")


class ModerationActionResultSerializer(serializers.Serializer):
    """What an action did, and the comment as it now is (for an answer: the new reply)."""

    message = serializers.CharField()
    comment = ModerationCommentSerializer()


# ---------------------------------------------------------------------------
# The queues
# ---------------------------------------------------------------------------


class ModerationQueueSerializer(serializers.Serializer):
    slug = serializers.CharField(help_text="One of: " + ", ".join(QUEUES) + ".")
    label = serializers.CharField()
    description = serializers.CharField()
    count = serializers.IntegerField(
        allow_null=True, help_text="Comments waiting in the queue; null for the queues of decided comments."
    )
    url = serializers.URLField()


class ModerationQueueListSerializer(serializers.Serializer):
    results = ModerationQueueSerializer(many=True)


class ModerationQueuePageSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="How many comments match, on every page.")
    limit = serializers.IntegerField()
    offset = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = ModerationCommentSerializer(many=True)


ORDERINGS = sorted({ordering for queue in QUEUES.values() for ordering in valid_orderings(queue)})


class QueueParameters(serializers.Serializer):
    """The listing's own parameters; the filters are the admin's ``CommentFilterSet``."""

    limit = serializers.IntegerField(min_value=1, max_value=MAX_LIMIT, default=DEFAULT_LIMIT)
    offset = serializers.IntegerField(min_value=0, max_value=MAX_OFFSET, default=0)
    ordering = serializers.ChoiceField(choices=ORDERINGS, required=False)
    q = TextField(
        required=False,
        allow_blank=True,
        trim_whitespace=False,
        help_text="Words in the text or the author's name or address (the first 200 characters are read).",
    )


def or_empty(schema):
    """A filter's schema in the OpenAPI document: its values, or an empty one for "no filter",
    as the admin's filter drawer sends it."""
    return {"anyOf": [schema, {"type": "string", "maxLength": 0}]}


# The filters, for the schema only: ``CommentFilterSet`` reads and checks them.
FILTER_PARAMETERS = [
    OpenApiParameter(
        "hub",
        or_empty({"type": "integer"}),
        description="A hub you moderate (its id in the site's default language; it covers its translations).",
    ),
    OpenApiParameter(
        "story",
        {"type": "string", "maxLength": 255, "pattern": NO_NUL},
        description="Part of the title of the comment's story or event.",
    ),
    OpenApiParameter("language", or_empty({"type": "string", "enum": [code for code, _name in settings.LANGUAGES]})),
    OpenApiParameter(
        "reason", or_empty({"type": "string", "enum": Comment.Reason.values}), description="A reason the rules gave."
    ),
    OpenApiParameter(
        "submitted_from", or_empty({"type": "string", "format": "date"}), description="Written on or after this day."
    ),
    OpenApiParameter(
        "submitted_to", or_empty({"type": "string", "format": "date"}), description="Written on or before this day."
    ),
    OpenApiParameter(
        "min_score",
        or_empty({"type": "number", "minimum": 0, "maximum": 1}),
        description="Offensive-language score at least this (0 to 1).",
    ),
    OpenApiParameter(
        "overdue",
        or_empty({"type": "string", "enum": ["1"]}),
        description="Questions past their time to answer by: in the needs-response queue only.",
    ),
]
QUEUE_SLUG = OpenApiParameter("queue", str, OpenApiParameter.PATH, enum=list(QUEUES))
COMMENT_ID = OpenApiParameter("comment_id", int, OpenApiParameter.PATH, description="The comment's id.")


class QueuesView(ModeratorAPIView):
    @extend_schema(
        operation_id="moderation_queues",
        summary="Your moderation queues",
        description="The queues of the hubs you moderate, with the number of comments waiting in each.",
        tags=TAGS,
        responses={200: ModerationQueueListSerializer, **problem_responses(400, 401, 403, 406)},
    )
    def get(self, request):
        counts = queue_counts(request)
        results = [
            {
                "slug": queue.slug,
                "label": str(queue.label),
                "description": str(queue.description),
                "count": counts.get(queue.slug) if queue.counted else None,
                "url": absolute(request, reverse("api-moderation-queue", args=[queue.slug])),
            }
            for queue in QUEUES.values()
        ]
        return Response(ModerationQueueListSerializer({"results": results}).data)


class QueueView(ModeratorAPIView):
    @extend_schema(
        operation_id="moderation_queue",
        summary="The comments of one queue",
        description=(
            "The queue's comments in the hubs you moderate, with the admin's filters, search and orderings: "
            "oldest first (needs-response: the most urgent first). A filter value that is not accepted is a 400."
        ),
        tags=TAGS,
        parameters=[QUEUE_SLUG, QueueParameters, *FILTER_PARAMETERS],
        responses={200: ModerationQueuePageSerializer, **problem_responses(400, 401, 403, 404, 406)},
    )
    def get(self, request, queue):
        queue = QUEUES.get(queue)
        if queue is None:
            raise exceptions.NotFound(_("There is no such queue."))
        parameters = QueueParameters(data=request.query_params)
        parameters.is_valid(raise_exception=True)
        limit, offset = parameters.validated_data["limit"], parameters.validated_data["offset"]
        ordering = parameters.validated_data.get("ordering")
        if ordering is not None and ordering not in valid_orderings(queue):
            raise exceptions.ValidationError({"ordering": [_("This queue cannot be ordered that way.")]})
        if "overdue" in request.query_params and not queue.by_deadline:
            # The admin's filter set has no such filter here and would ignore it: say so instead.
            raise exceptions.ValidationError({"overdue": [_("Only questions have a time to answer by.")]})
        queryset, filters, _search, _ordering = queue_listing(request, queue)
        if not filters.is_valid():
            raise exceptions.ValidationError({name: list(errors) for name, errors in filters.errors.items()})
        count = queryset.count()
        rows = list(queryset.select_related("page", "hub")[offset : offset + limit])
        page = {
            "count": count,
            "limit": limit,
            "offset": offset,
            "next": page_url(request, offset + limit) if offset + limit < count else None,
            "previous": page_url(request, max(offset - limit, 0)) if offset > 0 else None,
            "results": rows,
        }
        return Response(ModerationQueuePageSerializer(page, context={"request": request}).data)


def page_url(request, offset):
    """The address of the listing from ``offset`` on, its other parameters as they were."""
    here = request.build_absolute_uri()
    return replace_query_param(here, "offset", offset) if offset else remove_query_param(here, "offset")


class CommentView(ModeratorAPIView):
    @extend_schema(
        operation_id="moderation_comment",
        summary="One comment of your hubs",
        tags=TAGS,
        parameters=[COMMENT_ID],
        responses={200: ModerationCommentSerializer, **problem_responses(400, 401, 403, 404, 406)},
    )
    def get(self, request, comment_id):
        return Response(comment_data(request, moderated_comment(request, comment_id)))


# ---------------------------------------------------------------------------
# Actions
# ---------------------------------------------------------------------------


class CommentActionView(ModeratorAPIView):
    """POST a JSON object to act on one comment; the answer is the comment as it now is."""

    body_class = ModerationStateChangeSerializer

    def post(self, request, comment_id):
        comment = moderated_comment(request, comment_id)
        body = self.body_class(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            message = self.act(comment, request.user, **body.validated_data)
        except actions.AlreadyDone as refusal:
            raise Conflict(str(refusal)) from None
        except actions.ActionRefused as refusal:
            # By type, as the admin does: a refusal is the caller's to fix.
            raise exceptions.ValidationError([str(refusal)]) from None
        return self.respond(request, comment, message)

    def act(self, comment, user, **fields):
        raise NotImplementedError

    def respond(self, request, comment, message):
        current = moderated_comment(request, comment.pk)
        return Response({"message": message, "comment": comment_data(request, current)})


ACTION_ERRORS = problem_responses(400, 401, 403, 404, 406, 409, 415)


class ApproveView(CommentActionView):
    @extend_schema(
        operation_id="moderation_approve",
        summary="Approve a comment",
        description=(
            "Publish the comment; on a published comment with reports, dismiss the reports. "
            "Replies hidden with it come back. A comment already published without reports is a 409."
        ),
        tags=TAGS,
        parameters=[COMMENT_ID],
        request=ModerationStateChangeSerializer,
        responses={200: ModerationActionResultSerializer, **ACTION_ERRORS},
    )
    def post(self, request, comment_id):
        return super().post(request, comment_id)

    def act(self, comment, user, expected_state=None):
        if not actions.approve(comment, user, expected_state=expected_state).moved:
            return _("Reports dismissed; the comment stays published.")
        return _("Comment approved and published.")


class RejectView(CommentActionView):
    body_class = ModerationRejectSerializer

    @extend_schema(
        operation_id="moderation_reject",
        summary="Reject a comment",
        description="Hide the comment (and its published replies) with a reason kept in its history.",
        tags=TAGS,
        parameters=[COMMENT_ID],
        request=ModerationRejectSerializer,
        responses={200: ModerationActionResultSerializer, **ACTION_ERRORS},
    )
    def post(self, request, comment_id):
        return super().post(request, comment_id)

    def act(self, comment, user, reason="", expected_state=None):
        actions.reject(comment, user, reason=reason, expected_state=expected_state)
        return _("Comment rejected.")


class SpamView(CommentActionView):
    @extend_schema(
        operation_id="moderation_spam",
        summary="Mark a comment as spam",
        tags=TAGS,
        parameters=[COMMENT_ID],
        request=ModerationStateChangeSerializer,
        responses={200: ModerationActionResultSerializer, **ACTION_ERRORS},
    )
    def post(self, request, comment_id):
        return super().post(request, comment_id)

    def act(self, comment, user, expected_state=None):
        actions.mark_spam(comment, user, expected_state=expected_state)
        return _("Comment marked as spam.")


class AnswerView(CommentActionView):
    body_class = ModerationAnswerSerializer

    @extend_schema(
        operation_id="moderation_answer",
        summary="Answer a comment as the team",
        description=(
            "Publish a reply from you under the comment, with the Team badge; it answers the question. "
            "The comment must be published. The answer is 201, with the new reply."
        ),
        tags=TAGS,
        parameters=[COMMENT_ID],
        request=ModerationAnswerSerializer,
        responses={201: ModerationActionResultSerializer, **problem_responses(400, 401, 403, 404, 406, 415)},
    )
    def post(self, request, comment_id):
        return super().post(request, comment_id)

    def act(self, comment, user, text):
        self.answer = actions.answer_as_team(comment, user, text)
        if self.answer.state != Comment.State.PUBLISHED:
            # The hub's rules may hold a team answer too (``moderation.policy``).
            return _("Your answer is held for review before it appears.")
        return _("Your answer is published with the Team badge.")

    def respond(self, request, comment, message):
        answer = moderated_comment(request, self.answer.pk)
        data = comment_data(request, answer)
        headers = {"Location": data["url"]}
        return Response({"message": message, "comment": data}, status=status.HTTP_201_CREATED, headers=headers)


urlpatterns = [
    path("moderation/queues/", QueuesView.as_view(), name="api-moderation-queues"),
    path("moderation/queues/<str:queue>/", QueueView.as_view(), name="api-moderation-queue"),
    path("moderation/comments/<str:comment_id>/", CommentView.as_view(), name="api-moderation-comment"),
    path("moderation/comments/<str:comment_id>/approve/", ApproveView.as_view(), name="api-moderation-approve"),
    path("moderation/comments/<str:comment_id>/reject/", RejectView.as_view(), name="api-moderation-reject"),
    path("moderation/comments/<str:comment_id>/spam/", SpamView.as_view(), name="api-moderation-spam"),
    path("moderation/comments/<str:comment_id>/answer/", AnswerView.as_view(), name="api-moderation-answer"),
]
