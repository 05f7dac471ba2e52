"""The API (docs/api.md), above every other app: it calls their services, none imports it.

- ``views``, ``fields``: the open read API for pages and images (Wagtail's API v2);
- ``comments``: reading a published thread, posting, liking and reporting (Django REST framework),
  through the same functions as the HTML forms;
- ``authentication``, ``account``: moderators' personal tokens (Wagtail's ``APIToken``), made
  and revoked in the admin's account settings;
- ``moderation``: their queues, and acting through the comments' lifecycle;
- ``base``: what those endpoints share (JSON only, the token, strict request bodies);
- ``problems``: every error as an ``application/problem+json`` document;
- ``urls``: the versioned URLs, the OpenAPI schema and its documentation page;
- ``webhooks``: signed outgoing notifications, retried, with a delivery log.
"""
