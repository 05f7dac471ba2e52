"""What the OpenAPI schema (``/api/v2/schema/``) describes: the comments and moderation
endpoints under ``/api/v2/`` (Django REST framework), not the admin's internal JSON views, nor
the schema and its documentation page. The pages and images endpoints are Wagtail's API v2,
whose own documentation describes them (docs/api.md)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension

SCHEMA_VIEWS = ("/api/v2/schema/", "/api/v2/docs/")


def api_endpoints_only(endpoints, **kwargs):
    """drf-spectacular's preprocessing hook: keep the endpoints under ``/api/v2/``."""
    return [
        endpoint
        for endpoint in endpoints
        if endpoint[0].startswith("/api/v2/") and not endpoint[0].startswith(SCHEMA_VIEWS)
    ]


class PersonalTokenScheme(OpenApiAuthenticationExtension):
    """A moderator's personal token in the schema: ``Authorization: Bearer <token>``."""

    target_class = "townsquare.api.authentication.PersonalTokenAuthentication"
    name = "personalToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A moderator's personal token, created in the admin's account settings.",
        }
