"""Local development: debug on, e-mail printed to the console.

The secret key is made once per checkout: a random key written to ``.secret_key`` at the
repository's root (git-ignored, readable by its owner only) the first time these settings are
read, by ``make run`` or any ``manage.py`` command, and read from there afterwards. No key is
written in the repository, so nobody who read it can sign a confirmation link for this site.
``SECRET_KEY`` in the environment still wins; ``SECRET_KEY_FILE`` names another file.
"""

import os
import secrets
from pathlib import Path

from .base import *  # noqa: F403
from .base import REPO_DIR, env

# SECRET_KEY_FILE in the environment puts the file elsewhere (another checkout's, or a test's).
SECRET_KEY_FILE = Path(env.get("SECRET_KEY_FILE", str(REPO_DIR / ".secret_key")))


def checkout_secret_key(path=SECRET_KEY_FILE):
    """The key in ``path``, made (random, mode 600) when the file is missing or empty."""
    try:
        key = path.read_text().strip()
    except FileNotFoundError:
        key = ""
    if key:
        return key
    key = secrets.token_urlsafe(50)
    # O_EXCL: two processes starting at once (runserver's reloader) keep the first one's key.
    flags = os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if path.exists() else os.O_EXCL)
    try:
        descriptor = os.open(path, flags, 0o600)
    except FileExistsError:
        return path.read_text().strip() or key
    os.chmod(path, 0o600)  # an empty file someone made may have looser permissions
    with os.fdopen(descriptor, "w") as file:
        file.write(key + "\n")
    return key


DEBUG = True
SECRET_KEY = env.get("SECRET_KEY") or checkout_secret_key()
EMAIL_BACKEND = env.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# Background tasks run inline, so `make run` needs no worker: e-mails appear in the console at once.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
