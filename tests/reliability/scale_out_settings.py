"""Settings of the scale-out suite's app servers and task workers (tests/reliability/test_scale_out.py).

The test settings, with what production shares between processes: the cache (Redis with
``REDIS_URL``, else the database cache: ``SHARED_CACHES``), the whole-page cache on, and tasks
queued in the database for ``db_worker``. E-mail is written to files in ``SCALE_OUT_MAIL_DIR``,
so that the test counts what every worker sent.
"""

from townsquare.settings.base import SHARED_CACHES, env
from townsquare.settings.test import *  # noqa: F403

CACHES = SHARED_CACHES
REQUIRE_SHARED_CACHE = True
PUBLIC_PAGE_CACHE_SECONDS = 600
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = env.get("SCALE_OUT_MAIL_DIR", "var/scale-out-mail")
