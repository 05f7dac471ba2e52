"""Published discussions over the API (docs/api.md): reading threads, posting, liking, reporting.

Every rule is the HTML discussion's own, called here, never written again:

- reading: ``moderation.discussion.thread`` (published comments and tombstones, threads paged
  twenty at a time with their first replies, then the rest of a thread): the same few queries
  whatever the size of the discussion;
- posting: ``moderation.discussion.submission`` (the form's rules, the hub's policy, the rate
  limits, the guest's confirmation e-mail; without a solved challenge, held for a moderator);
- liking and reporting: ``moderation.reactions`` and ``moderation.policy``, one voice per person
  (``moderation.identity.visitor``: the token's account, else the client address; the API never
  reads a session cookie).

The caller is a guest unless it sends a personal token (``townsquare.api.authentication``).
"""

from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response

from moderation import notices, policy, reactions
from moderation.discussion import submission, thread
from moderation.discussion.common import hub_of, live_discussed_page, page_url, public_comment
from moderation.discussion.forms import ReportForm
from moderation.identity import visitor
from moderation.models import Comment
from townsquare import challenge
from townsquare.api.base import ApiView, StrictSerializer, TextField
from townsquare.api.problems import RateLimited, problem_responses
from townsquare.validation import is_id, parse_number

REPLIES_PER_PAGE = 50


# ---------------------------------------------------------------------------
# Shared pieces
# ---------------------------------------------------------------------------


def form_refusal(form, names=None):
    """A Django form's errors as a 400 problem, fields renamed as the API calls them."""
    names = names or {}
    errors = {
        names.get(field, field): [str(message) for message in messages] for field, messages in form.errors.items()
    }
    if "__all__" in errors:
        errors["non_field_errors"] = errors.pop("__all__")
    return exceptions.ValidationError(errors)


def page_number(request, name="number"):
    """``?number=`` as a page number (1 when absent); 400 when it is not one."""
    number = parse_number(request.query_params.get(name, "1"), maximum=thread.MAX_PAGE)
    if number is None or number < 1:
        raise exceptions.ValidationError({name: [_("A page number from 1 is expected.")]})
    return number


class CommentSerializer(serializers.Serializer):
    """A comment as anybody reads it on its page: never an e-mail or address. A comment its
    author removed keeps its place in the thread, with no name and no text."""

    id = serializers.IntegerField(source="pk")
    thread = serializers.IntegerField(source="thread_id")
    parent = serializers.SerializerMethodField()
    level = serializers.IntegerField()
    state = serializers.ChoiceField(choices=["published", "removed", "held"])
    author = serializers.SerializerMethodField()
    submitted = serializers.DateTimeField(source="submit_date")
    html = serializers.SerializerMethodField(help_text="The comment, sanitised HTML.")
    team_answer = serializers.BooleanField(source="is_staff_answer", help_text="Written for the hub's team.")
    team_role = serializers.CharField(source="staff_role")
    likes = serializers.IntegerField(source="like_count")
    feedback = serializers.SerializerMethodField(help_text="The team's public status of this feedback, if it is.")

    def get_parent(self, comment) -> int | None:
        return comment.parent_id if comment.level else None

    def get_author(self, comment) -> str:
        return "" if comment.state == Comment.State.REMOVED else comment.user_name

    def get_html(self, comment) -> str:
        return "" if comment.state == Comment.State.REMOVED else comment.html

    def get_feedback(self, comment) -> dict | None:
        try:
            feedback = comment.feedback
        except Comment.feedback.RelatedObjectDoesNotExist:
            return None
        return {"status": feedback.status, "response": feedback.public_response}


class ThreadSerializer(serializers.Serializer):
    comment = CommentSerializer(source="root")
    replies = CommentSerializer(many=True, help_text="The first replies; the rest from the replies endpoint.")
    more_replies = serializers.IntegerField(help_text="Published replies not included here.")


class DiscussedPageSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    type = serializers.CharField()
    title = serializers.CharField()
    url = serializers.CharField()
    comments_open = serializers.BooleanField()
    max_reply_depth = serializers.IntegerField()


class ThreadPageSerializer(serializers.Serializer):
    page = DiscussedPageSerializer()
    total = serializers.IntegerField(help_text="Published comments on the page.")
    number = serializers.IntegerField()
    sort = serializers.ChoiceField(choices=list(thread.SORTS))
    next = serializers.CharField(allow_null=True)
    threads = ThreadSerializer(many=True)


class RepliesSerializer(serializers.Serializer):
    thread = serializers.IntegerField()
    number = serializers.IntegerField()
    next = serializers.CharField(allow_null=True)
    replies = CommentSerializer(many=True)


def next_url(request, has_next, number):
    if not has_next:
        return None
    query = request.query_params.copy()
    query["number"] = number + 1
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


# ---------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------


class DiscussionView(ApiView):
    """A story's or event's published discussion: top-level threads, twenty a page."""

    @extend_schema(
        operation_id="discussion_read",
        summary="Read a page's discussion",
        parameters=[
            OpenApiParameter("number", OpenApiTypes.INT, description="Page of threads, from 1."),
            OpenApiParameter("sort", OpenApiTypes.STR, enum=list(thread.SORTS), description="Order of the threads."),
        ],
        responses={200: ThreadPageSerializer, **problem_responses(400, 404)},
    )
    def get(self, request, page_id):
        page = live_discussed_page(page_id)
        number = page_number(request)
        sort = request.query_params.get("sort", thread.DEFAULT_SORT)
        if sort not in thread.SORTS:
            raise exceptions.ValidationError({"sort": [_("One of: %s.") % ", ".join(thread.SORTS)]})
        threads = thread.thread_page(page, sort=sort, number=number)
        if not threads.threads and number > 1:
            raise exceptions.NotFound(_("There is no such page of comments."))
        hub = hub_of(page)
        data = {
            "page": {
                "id": page.pk,
                "type": page._meta.label_lower,
                "title": page.title,
                "url": page_url(page, request),
                "comments_open": page.comments_are_open(hub=hub),
                "max_reply_depth": hub.max_reply_depth,
            },
            "total": threads.total,
            "number": number,
            "sort": sort,
            "next": next_url(request, threads.has_next, number),
            "threads": threads.threads,
        }
        return Response(ThreadPageSerializer(data).data)


class RepliesView(ApiView):
    """All replies of one thread, in order, fifty a page."""

    @extend_schema(
        operation_id="thread_replies",
        summary="Read a thread's replies",
        parameters=[OpenApiParameter("number", OpenApiTypes.INT, description="Page of replies, from 1.")],
        responses={200: RepliesSerializer, **problem_responses(400, 404)},
    )
    def get(self, request, comment_id):
        if not is_id(comment_id):
            raise exceptions.NotFound
        root = get_object_or_404(
            Comment.objects.published().only("pk", "thread_id", "page_id"), pk=comment_id, level=0
        )
        live_discussed_page(root.page_id)
        number = page_number(request)
        offset = (number - 1) * REPLIES_PER_PAGE
        replies = list(
            Comment.objects.select_related("feedback")
            .filter(thread.visible(), thread_id=root.thread_id, level__gt=0)
            .only(*thread.COLUMNS)
            .order_by("order")[offset : offset + REPLIES_PER_PAGE + 1]
        )
        if not replies and number > 1:
            raise exceptions.NotFound(_("There is no such page of replies."))
        data = {
            "thread": root.thread_id,
            "number": number,
            "next": next_url(request, len(replies) > REPLIES_PER_PAGE, number),
            "replies": replies[:REPLIES_PER_PAGE],
        }
        return Response(RepliesSerializer(data).data)


# ---------------------------------------------------------------------------
# Posting
# ---------------------------------------------------------------------------


class ChallengeView(ApiView):
    """A fresh proof-of-work challenge (ALTCHA): solve it and send the solution with a comment."""

    @extend_schema(
        operation_id="challenge_create",
        summary="Get an anti-spam challenge",
        responses={200: OpenApiResponse(OpenApiTypes.OBJECT, description="An ALTCHA challenge.")},
    )
    def get(self, request):
        response = Response(challenge.create())
        response["Cache-Control"] = "no-store"
        return response


class NewCommentSerializer(StrictSerializer):
    text = TextField(help_text="Plain text, as in the page's form.", trim_whitespace=False)
    reply_to = serializers.IntegerField(required=False, min_value=1, help_text="The comment answered, if any.")
    name = TextField(required=False, allow_blank=True, help_text="A guest's name (with no token).")
    email = TextField(
        required=False, allow_blank=True, help_text="A guest's e-mail: the confirmation link goes there, never shown."
    )
    followup = serializers.BooleanField(required=False, default=False, help_text="E-mail me replies.")
    altcha = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="A solved proof-of-work challenge (from the challenge endpoint); without one, the comment "
        "is held for a moderator.",
    )


class PostedSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=["published", "held", "confirmation_sent"],
        help_text="confirmation_sent: a guest's comment, stored once the link e-mailed to them is opened.",
    )
    comment = CommentSerializer(allow_null=True)
    unchallenged = serializers.BooleanField(help_text="Posted without a solved challenge: held for a moderator.")


# The form's field names, as the API calls them.
FORM_NAMES = {"comment": "text", "reply_to": "reply_to"}


class PostCommentView(ApiView):
    """Post a comment or reply: exactly what the page's form does."""

    @extend_schema(
        operation_id="comment_post",
        summary="Post a comment or reply",
        request=NewCommentSerializer,
        responses={
            201: OpenApiResponse(PostedSerializer, description="Stored: published, or held for a moderator."),
            202: OpenApiResponse(PostedSerializer, description="A guest's: a confirmation link was e-mailed."),
            **problem_responses(400, 401, 403, 404, 415, 429),
        },
    )
    def post(self, request, page_id):
        page = live_discussed_page(page_id)
        body = NewCommentSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        given = body.validated_data
        try:
            unbound = submission.comment_form(page, user=request.user)
        except submission.Closed:
            raise exceptions.PermissionDenied(_("Comments are closed on this page.")) from None
        # The form's security data is for forms a page hands out: here the server fills it in.
        data = {
            **unbound.generate_security_data(),
            "comment": given["text"],
            "reply_to": given.get("reply_to", 0),
            "name": given.get("name", ""),
            "email": given.get("email", ""),
            "altcha": given.get("altcha", ""),
        }
        if given["followup"]:
            data["followup"] = "on"
        form = submission.comment_form(page, user=request.user, data=data, hub=unbound.hub)
        if not form.is_valid() or not form.consume_solution():
            raise form_refusal(form, FORM_NAMES)
        try:
            submitted = submission.submit(request, page, form)
        except submission.TooMany as refusal:
            raise RateLimited(refusal.limited, refusal.limited.retry_after) from None
        comment = submitted.comment
        if comment is None:
            answer = {"status": "confirmation_sent", "comment": None, "unchallenged": submitted.unchallenged}
            return Response(PostedSerializer(answer).data, status=status.HTTP_202_ACCEPTED)
        answer = {
            "status": "published" if comment.is_published else "held",
            "comment": comment,
            "unchallenged": submitted.unchallenged,
        }
        return Response(PostedSerializer(answer).data, status=status.HTTP_201_CREATED)


# ---------------------------------------------------------------------------
# Liking and reporting
# ---------------------------------------------------------------------------


LikeSerializer = inline_serializer("Like", {"liked": serializers.BooleanField(), "likes": serializers.IntegerField()})


class LikeView(ApiView):
    """Like a published comment (PUT) or take the like back (DELETE): one like per person."""

    serializer_class = LikeSerializer  # for the schema: both methods answer a ``Like``

    def change(self, request, comment_id, liked):
        comment = public_comment(comment_id)
        page = live_discussed_page(comment.page_id)
        liked, likes = reactions.set_like(comment, page, visitor(request, session=False).key, liked=liked)
        return Response({"liked": liked, "likes": likes})

    @extend_schema(
        operation_id="comment_like",
        summary="Like a comment",
        responses={200: LikeSerializer, **problem_responses(404)},
    )
    def put(self, request, comment_id):
        return self.change(request, comment_id, True)

    @extend_schema(
        operation_id="comment_unlike",
        summary="Take back a like",
        request=None,
        responses={200: LikeSerializer, **problem_responses(404)},
    )
    def delete(self, request, comment_id):
        return self.change(request, comment_id, False)


class NewReportSerializer(StrictSerializer):
    reason = serializers.ChoiceField(
        choices=[choice for choice, _label in ReportForm.base_fields["reason"].choices],
        help_text='"illegal" files a notice of illegal content, which needs the notice fields.',
    )
    note = TextField(required=False, allow_blank=True, max_length=500)
    explanation = TextField(required=False, allow_blank=True, max_length=3000)
    location = TextField(required=False, allow_blank=True, max_length=500)
    reporter_name = TextField(required=False, allow_blank=True, max_length=100)
    reporter_email = TextField(required=False, allow_blank=True)
    good_faith = serializers.BooleanField(required=False, default=False)


ReportedSerializer = inline_serializer(
    "Reported",
    {
        "reported": serializers.BooleanField(),
        "first": serializers.BooleanField(help_text="False when this person had reported it already."),
        "notice": serializers.BooleanField(help_text="Filed as a notice of illegal content."),
    },
)


class ReportView(ApiView):
    """Report a published comment to its hub's moderators: once per person, rate limited."""

    @extend_schema(
        operation_id="comment_report",
        summary="Report a comment",
        request=NewReportSerializer,
        responses={201: ReportedSerializer, **problem_responses(400, 404, 415, 429)},
    )
    def post(self, request, comment_id):
        comment = public_comment(comment_id)
        live_discussed_page(comment.page_id)
        body = NewReportSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        form = ReportForm({name: value for name, value in body.validated_data.items() if value not in ("", False)})
        if not form.is_valid():
            raise form_refusal(form)
        reporter = visitor(request, session=False)
        limited = policy.check_report_rate_limit(visitor=reporter.key, address=reporter.address)
        if limited:
            raise RateLimited(limited, limited.retry_after)
        if form.is_notice():
            try:
                reactions.file_notice(comment, form.cleaned_data)
            except notices.NoticeRefused as refusal:
                error = exceptions.APIException(str(refusal))
                error.status_code = refusal.status
                raise error from None
            return Response({"reported": True, "first": True, "notice": True}, status=status.HTTP_201_CREATED)
        first = reactions.file_report(
            comment, reporter, reason=form.cleaned_data["reason"], note=form.cleaned_data["note"]
        )
        return Response({"reported": True, "first": first, "notice": False}, status=status.HTTP_201_CREATED)


urlpatterns = [
    path("challenge/", ChallengeView.as_view(), name="api-challenge"),
    path("discussions/<int:page_id>/", DiscussionView.as_view(), name="api-discussion"),
    path("discussions/<int:page_id>/comments/", PostCommentView.as_view(), name="api-comment-post"),
    path("comments/<int:comment_id>/replies/", RepliesView.as_view(), name="api-comment-replies"),
    path("comments/<int:comment_id>/like/", LikeView.as_view(), name="api-comment-like"),
    path("comments/<int:comment_id>/reports/", ReportView.as_view(), name="api-comment-report"),
]
