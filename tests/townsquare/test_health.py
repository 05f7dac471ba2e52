"""/healthz answers 200 when the database answers, 503 (JSON, no traceback) when it does not."""

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

# Runs the health view in a separate process whose database really is unreachable.
PROBE = """
import sys
sys.path[:0] = ["site", "."]
import django, json
django.setup()
from django.test import Client
response = Client().get("/healthz")
print(json.dumps({"status": response.status_code, "body": response.json()}))
"""


def test_healthz_ok(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_refuses_post(client, db):
    assert client.post("/healthz").status_code == 405


def probe_health(database_url):
    environ = dict(os.environ, DATABASE_URL=database_url, DJANGO_SETTINGS_MODULE="townsquare.settings.test")
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=REPO, env=environ, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_healthz_503_when_sqlite_file_cannot_be_opened(tmp_path):
    answer = probe_health(f"sqlite:///{tmp_path / 'missing-dir' / 'db.sqlite3'}")
    assert answer == {"status": 503, "body": {"status": "unavailable", "database": "unavailable"}}


def test_healthz_503_when_postgresql_does_not_answer():
    # Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
    answer = probe_health("postgres://postgres@127.0.0.1:9/townsquare")
    assert answer["status"] == 503
