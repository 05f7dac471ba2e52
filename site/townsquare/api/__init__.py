"""The open read API: Wagtail's API v2 at ``/api/v2/`` (see docs/api.md).

``fields`` holds the serializer fields the page models name in their ``api_fields`` (it imports no
model, so model modules may import it); ``views`` the endpoints and their router."""
