"""The development secret key: random, made once per checkout in a git-ignored file, never the repository's.

Each run is ``manage.py`` in a fresh process with the dev settings (what ``make run`` uses), with
``SECRET_KEY_FILE`` pointing into the test's own directory.
"""

import stat

from django.conf import settings

from tests.townsquare.test_settings import REPO, run_manage

PRINT_KEY = ["shell", "-c", "from django.conf import settings; print(settings.SECRET_KEY)"]


def dev_key(key_file, **environ):
    result = run_manage(
        *PRINT_KEY, DJANGO_SETTINGS_MODULE="townsquare.settings.dev", SECRET_KEY_FILE=str(key_file), **environ
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_dev_settings_make_a_random_key_once_and_reuse_it(tmp_path):
    key_file = tmp_path / ".secret_key"
    first = dev_key(key_file)
    assert key_file.read_text().strip() == first
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(first) >= 50
    assert first not in (REPO / "site" / "townsquare" / "settings" / "dev.py").read_text()
    assert dev_key(key_file) == first  # the same key next time: sessions and links keep working

    other_checkout = tmp_path / "other" / ".secret_key"
    other_checkout.parent.mkdir()
    assert dev_key(other_checkout) != first


def test_an_empty_key_file_is_filled(tmp_path):
    key_file = tmp_path / ".secret_key"
    key_file.write_text("\n")
    key = dev_key(key_file)
    assert len(key) >= 50
    assert key_file.read_text().strip() == key


def test_secret_key_from_the_environment_wins(tmp_path):
    key_file = tmp_path / ".secret_key"
    assert dev_key(key_file, SECRET_KEY="from-the-environment-" + "x" * 40) == "from-the-environment-" + "x" * 40
    assert not key_file.exists()


def test_the_key_file_is_ignored_by_git():
    assert "/.secret_key" in (REPO / ".gitignore").read_text().splitlines()


def test_test_settings_keep_their_fixed_key():
    assert settings.SECRET_KEY == "test-only-insecure-key"
