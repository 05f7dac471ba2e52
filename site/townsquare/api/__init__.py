"""The API (docs/api.md), above every other app: it calls their services, none imports it.

- ``views``, ``fields``: the open read API for pages and images (Wagtail's API v2);
- ``comments``: reading a published thread, posting, liking and reporting (Django REST framework),
  through the same functions as the HTML forms;
- ``models``, ``authentication``, ``moderation``, ``account``: moderators' personal tokens and
  their queues, acting through the comments' lifecycle;
- ``problems``: every error as an ``application/problem+json`` document;
- ``urls``: the versioned URLs, the OpenAPI schema and its documentation page;
- ``webhooks``: signed outgoing notifications, retried, with a delivery log.
"""
