"""The load benchmark cannot pass on nothing (``benchmarks.load.run_phase``): a phase whose URL
does not answer as expected, whose answers turn bad, or that measures too few answers fails, and
``make bench`` with it. Real wrk against a real HTTP server on loopback."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from benchmarks.load import LoadPhaseError, phase_problems, run_phase, wrk_path

BODY = "honeypot="
HEADERS = {"Content-Type": "application/x-www-form-urlencoded"}


class Answers(BaseHTTPRequestHandler):
    """204 at /ok/; at /flaky/, 204 to the first request and 404 after; 404 elsewhere."""

    protocol_version = "HTTP/1.1"  # keep-alive, as wrk expects
    flaky_answered = 0

    def do_POST(self):  # noqa: N802 - the handler's protocol
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        status = 404
        if self.path == "/ok/":
            status = 204
        elif self.path == "/flaky/":
            status = 204 if Answers.flaky_answered == 0 else 404
            Answers.flaky_answered += 1
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def url():
    if wrk_path() is None:
        pytest.fail("wrk is missing: `make test` installs Debian's wrk.")
    server = ThreadingHTTPServer(("127.0.0.1", 0), Answers)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def phase(url, path, min_requests=1):
    return run_phase("test phase", url, path, BODY, HEADERS, 1, 2, expect=204, min_requests=min_requests)


def test_a_phase_pointed_at_a_page_that_answers_404_fails_before_it_is_timed(url):
    with pytest.raises(LoadPhaseError, match=r"POST /missing/ answered 404, not 204: nothing to measure"):
        phase(url, "/missing/")


def test_a_phase_whose_answers_turn_to_404_fails(url):
    Answers.flaky_answered = 0
    with pytest.raises(LoadPhaseError, match=r"\d+ answers outside 2xx/3xx"):
        phase(url, "/flaky/")


def test_a_phase_under_its_floor_fails(url):
    with pytest.raises(LoadPhaseError, match=r"\d+ requests answered \(at least 100000000 expected\)"):
        phase(url, "/ok/", min_requests=100_000_000)


def test_a_good_phase_passes_and_says_what_it_measured(url):
    summary = phase(url, "/ok/", min_requests=10)
    assert summary["requests"] >= 10 and summary["rps"] > 0
    assert phase_problems(summary, 10) == []


def test_socket_errors_and_timeouts_fail_a_phase():
    summary = {"requests": 500, "status_errors": 0, "connect": 0, "read": 3, "write": 0, "timeout": 2}
    assert phase_problems(summary) == ["3 read errors", "2 timeout errors"]
