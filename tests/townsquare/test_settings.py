"""Configuration errors name the variable and fit on one line, without a traceback."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from townsquare.settings import env

REPO = Path(__file__).resolve().parents[2]


def run_manage(*args, **environ):
    clean = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SECRET_KEY", "DJANGO_SETTINGS_MODULE")}
    clean.update(environ)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=REPO, env=clean, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    "url",
    ["not a url", "mysql://root@localhost/db", "postgres://user@host:port/db", "postgres://user@localhost"],
)
def test_malformed_database_url_is_one_clear_line(url):
    result = run_manage("check", DATABASE_URL=url)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "DATABASE_URL" in lines[0]
    assert "Traceback" not in result.stderr


def test_production_without_secret_key_names_the_variable():
    result = run_manage("check", DJANGO_SETTINGS_MODULE="townsquare.settings.production", ALLOWED_HOSTS="example.org")
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_starts_with_its_variables(tmp_path):
    result = run_manage(
        "check",
        DJANGO_SETTINGS_MODULE="townsquare.settings.production",
        SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    assert result.returncode == 0, result.stderr


def test_database_url_parsing(monkeypatch):
    monkeypatch.delenv("TS_TEST_DB", raising=False)
    assert env.database("TS_TEST_DB", default="sqlite:////tmp/x.sqlite3")["ENGINE"] == "django.db.backends.sqlite3"
    monkeypatch.setenv("TS_TEST_DB", "postgres://postgres@127.0.0.1:5432/townsquare")
    config = env.database("TS_TEST_DB")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("127.0.0.1", 5432, "townsquare")


@pytest.mark.parametrize("value,expected", [("1", True), ("off", False), ("Yes", True)])
def test_flags(monkeypatch, value, expected):
    monkeypatch.setenv("TS_TEST_FLAG", value)
    assert env.flag("TS_TEST_FLAG") is expected


def test_bad_flag_and_integer_are_named(monkeypatch):
    monkeypatch.setenv("TS_TEST_FLAG", "maybe")
    monkeypatch.setenv("TS_TEST_INT", "ten")
    with pytest.raises(env.SettingsError, match="TS_TEST_FLAG"):
        env.flag("TS_TEST_FLAG")
    with pytest.raises(env.SettingsError, match="TS_TEST_INT"):
        env.integer("TS_TEST_INT", 1)


def test_the_wsgi_application_loads_from_any_folder(tmp_path):
    # gunicorn and uwsgi may start elsewhere than the repository: every app of the project must
    # come from the editable install, not from the current folder.
    from importlib import metadata

    try:
        metadata.distribution("townsquare")
    except metadata.PackageNotFoundError:
        pytest.skip("the project is not installed in this environment (make installs it in editable mode)")
    clean = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "PYTHONPATH")}
    clean["DJANGO_SETTINGS_MODULE"] = "townsquare.settings.test"
    result = subprocess.run(
        [sys.executable, "-c", "from townsquare.wsgi import application; print(type(application).__name__)"],
        cwd=tmp_path,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "WSGIHandler"
