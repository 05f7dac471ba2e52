"""Search test fixtures: the three tiers every search flow runs on.

* ``database``: Wagtail's database search (SQLite FTS5 or PostgreSQL full-text, whichever the
  suite runs on);
* ``emulator``: an Elasticsearch-API-compatible server, ``noida-db`` (a binary from PyPI that answers
  as Elasticsearch 8.15), started here on a free loopback port. It proves that our requests, index
  mappings, alias switches and response handling work with the real client; it does not prove
  Lucene's scoring, and it ignores ``copy_to``, which Townsquare does not use;
* ``elasticsearch``: a real cluster, only when ``ELASTICSEARCH_URL`` is set in the environment.
"""

import os
import socket
import subprocess
import time
import urllib.request
from importlib.resources import files

import pytest

from search import backends

REAL_ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL")


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_answering(url, process, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the Elasticsearch emulator exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=1) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"the Elasticsearch emulator did not answer at {url} within {seconds} s")


@pytest.fixture(scope="session")
def emulator_url(tmp_path_factory):
    """The URL of a noida-db server (Elasticsearch API) running for this test session."""
    binary = files("noida_db").joinpath("noida-db")
    os.chmod(str(binary), 0o755)  # noqa: S103 - the wheel may install it without the execute bit
    port = _free_port()
    data_dir = tmp_path_factory.mktemp("noida")
    log = open(data_dir / "server.log", "wb")  # noqa: SIM115 - closed at the end of the session
    process = subprocess.Popen(
        [
            str(binary),
            "start",
            "--only",
            "elasticsearch",
            "--elasticsearch-port",
            str(port),
            "--data-dir",
            str(data_dir),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_answering(url, process)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def use_backend(settings, url):
    """Point the search service at ``url`` (Elasticsearch) or, with None, at the database."""
    settings.ELASTICSEARCH_URL = url
    backends._backends.clear()
    return backends.get_backend()


@pytest.fixture(
    params=[
        "database",
        pytest.param("emulator", id="elasticsearch-emulator"),
        pytest.param("elasticsearch", id="elasticsearch-real"),
    ]
)
def search_backend(request, settings, db):
    """Each search flow runs on the database, on the emulator, and on a real cluster when one is set."""
    if request.param == "database":
        yield use_backend(settings, None)
        backends._backends.clear()
        return
    if request.param == "elasticsearch" and not REAL_ELASTICSEARCH_URL:
        pytest.skip("set ELASTICSEARCH_URL to run the search flows on a real Elasticsearch cluster")
    url = request.getfixturevalue("emulator_url") if request.param == "emulator" else REAL_ELASTICSEARCH_URL
    backend = use_backend(settings, url)
    backend.clear()
    yield backend
    backend.clear()
    backends._backends.clear()


@pytest.fixture
def emulator_backend(settings, db, emulator_url):
    backend = use_backend(settings, emulator_url)
    backend.clear()
    yield backend
    backend.clear()
    backends._backends.clear()


@pytest.fixture
def database_backend(settings, db):
    yield use_backend(settings, None)
    backends._backends.clear()


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Publish a page the way an editor does: a revision, then the page_published signal."""

    def publish(page):
        with django_capture_on_commit_callbacks(execute=True):
            page.save_revision().publish()
        return page

    return publish


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a block and the work it leaves for after the commit (index updates)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
