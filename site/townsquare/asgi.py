"""ASGI entry point, for servers such as uvicorn; see ``wsgi.py`` for the import path."""

import os

from django.core.asgi import get_asgi_application

from townsquare import shared_state
from townsquare.settings.env import exit_on_settings_error

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "townsquare.settings.production")

with exit_on_settings_error():
    application = get_asgi_application()
    # Before the first request: the shared cache answers (or a missing table is named).
    shared_state.check_cache_answers()
