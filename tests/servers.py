"""Servers the tests start for themselves, on free loopback ports, and stop at will."""

import shutil
import socket
import subprocess
import time

import pytest


class PrivateRedis:
    """Debian's redis-server on a free loopback port, for this test alone: it can be stopped."""

    def __init__(self, directory):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        server = shutil.which("redis-server") or pytest.fail("redis-server is missing: `make check-redis` installs it")
        self.process = subprocess.Popen(  # noqa: S603 - Debian's server, arguments built here
            [server, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            cwd=directory,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        self.stop()
        pytest.fail("redis-server did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)
