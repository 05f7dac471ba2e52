"""WSGI entry point: ``gunicorn townsquare.wsgi`` from the repository root.

``make`` installs the project in editable mode, which puts ``site/`` and the
repository root on the import path of the virtual environment's Python.
"""

import os

from django.core.wsgi import get_wsgi_application

from townsquare import shared_state
from townsquare.settings.env import exit_on_settings_error

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "townsquare.settings.production")

with exit_on_settings_error():
    application = get_wsgi_application()
    # Before the first request: the shared cache answers (or a missing table is named).
    shared_state.check_cache_answers()
