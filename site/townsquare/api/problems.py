"""Every error of the API as a problem document (RFC 9457, ``application/problem+json``).

``{"type": "about:blank", "title": "Bad Request", "status": 400, "detail": "…"}``, with
``errors`` naming the fields that were refused (``{"email": ["Enter a valid email address."]}``).
A refused rate limit is a 429 with ``Retry-After``. Django REST framework calls
``exception_handler``; the Wagtail API viewsets call ``problem_response`` themselves.
"""

from http import HTTPStatus

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, serializers, status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import set_rollback

PROBLEM_CONTENT_TYPE = "application/problem+json"


class ProblemRenderer(JSONRenderer):
    """JSON, labelled as a problem document."""

    media_type = PROBLEM_CONTENT_TYPE
    format = "problem+json"


class RateLimited(exceptions.Throttled):
    """Too many attempts: ``detail`` says what to do, ``wait`` (seconds) goes into ``Retry-After``."""

    def __init__(self, detail, wait):
        super().__init__(wait=wait, detail=str(detail))


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("The request conflicts with the current state of the resource.")
    default_code = "conflict"


def problem(status_code, detail, errors=None, headers=None):
    """The problem document for ``status_code`` as a response."""
    body = {"type": "about:blank", "title": HTTPStatus(status_code).phrase, "status": status_code, "detail": detail}
    if errors:
        body["errors"] = errors
    response = Response(body, status=status_code, headers=headers, content_type=PROBLEM_CONTENT_TYPE)
    # Rendered as JSON whatever the client asked for: a problem is never content-negotiated away.
    response.accepted_renderer = ProblemRenderer()
    response.accepted_media_type = PROBLEM_CONTENT_TYPE
    response.renderer_context = {}
    return response


def field_errors(detail):
    """A serializer's ``{"field": [ErrorDetail, …]}`` as plain strings (nested ones flattened by path)."""
    if isinstance(detail, dict):
        return {str(name): field_errors(value) for name, value in detail.items()}
    if isinstance(detail, list):
        return [field_errors(item) for item in detail]
    return str(detail)


def exception_handler(exc, context):
    """Django REST framework's exception handler, answering problem documents."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) or None)
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    if not isinstance(exc, exceptions.APIException):
        return None  # a bug: Django's 500 page, logged
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None) is not None:
        headers["Retry-After"] = str(int(exc.wait))
    set_rollback()
    if isinstance(exc, exceptions.ValidationError):
        errors = field_errors(exc.detail)
        if isinstance(errors, list):
            errors = {"non_field_errors": errors}
        detail = next(iter(errors.get("non_field_errors", [])), None) or str(_("Some fields were not accepted."))
        return problem(exc.status_code, detail, errors, headers)
    return problem(exc.status_code, field_errors(exc.detail), headers=headers)


# ---------------------------------------------------------------------------
# The problem document in the OpenAPI schema
# ---------------------------------------------------------------------------


class ProblemSerializer(serializers.Serializer):
    """An error (RFC 9457)."""

    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    errors = serializers.DictField(required=False, help_text="The fields refused, each with its messages.")


def problem_responses(*status_codes):
    """``extend_schema(responses=…)`` entries describing these error statuses as problem documents."""
    return {
        (code, PROBLEM_CONTENT_TYPE): OpenApiResponse(ProblemSerializer, description=HTTPStatus(code).phrase)
        for code in status_codes
    }
