"""Local development: debug on, e-mail printed to the console."""

from .base import *  # noqa: F403
from .base import env

DEBUG = True
# A fixed key is fine here: dev settings never serve real users.
SECRET_KEY = env.get("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
EMAIL_BACKEND = env.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# Background tasks run inline, so `make run` needs no worker: e-mails appear in the console at once.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
