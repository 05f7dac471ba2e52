"""Settings of the task workers of tests/reliability/test_killed_worker.py: the test settings,
with tasks queued in the database and e-mail sent over SMTP to the test's own server
(``WORKER_SMTP_PORT``)."""

from townsquare.settings.base import env
from townsquare.settings.test import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = int(env.get("WORKER_SMTP_PORT", "25"))
EMAIL_TIMEOUT = 120  # longer than the test waits: the worker is killed while the server hangs
