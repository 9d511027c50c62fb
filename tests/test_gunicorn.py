"""The site under gunicorn (with the repository's gunicorn.conf.py): what a server run shows."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).with_name("gunicorn")

pytestmark = pytest.mark.skipif(not GUNICORN.exists(), reason="gunicorn is not installed")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def gunicorn(tmp_path, app: str, port: int, **environ) -> subprocess.Popen:
    command = [str(GUNICORN), "--workers", "1", "--bind", f"127.0.0.1:{port}",
               "--control-socket", str(tmp_path / "gunicorn.ctl"), app]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(ROOT), **environ}
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def answers(port: int, headers: dict[str, str] | None = None):
    """The answer to GET / once the server is up."""
    for _attempt in range(100):
        try:
            request = urllib.request.Request(f"http://127.0.0.1:{port}/", headers=headers or {})
            with urllib.request.urlopen(request) as answer:
                return answer.headers, answer.read().decode()
        except OSError:
            time.sleep(0.1)
    raise AssertionError("gunicorn did not start")


def test_the_server_header_names_no_software(tmp_path):
    port = free_port()
    server = gunicorn(tmp_path, "tests.gunicorn_probe:app", port)
    try:
        headers, _body = answers(port)
        server_header = headers.get("Server", "")
    finally:
        server.terminate()
        server.communicate(timeout=30)
    assert "gunicorn" not in server_header.lower() and not any(c.isdigit() for c in server_header)


SPOOFED = [{"X-Forwarded-Proto": "https"}, {"X-Forwarded-Ssl": "on"}, {"X-Forwarded-Protocol": "ssl"},
           {"X-Forwarded-Proto": "https", "Script-Name": "/anders"}]  # fmt: skip


def test_gunicorn_believes_no_proxy_header_even_from_localhost(tmp_path):
    """Which scheme a request came by is the application's to judge (ZWK_PROXY_COUNT, ProxyFix):
    gunicorn itself would take X-Forwarded-* from 127.0.0.1 and send HSTS for plain HTTP."""
    port = free_port()
    server = gunicorn(tmp_path, "tests.gunicorn_probe:app", port)
    try:
        seen = [answers(port, headers)[1] for headers in SPOOFED]
    finally:
        server.terminate()
        server.communicate(timeout=30)
    # The scheme stays http and there is no path prefix; the header itself reaches the application.
    assert seen == ["http  https", "http  ", "http  ", "http  https"]


def test_an_unreachable_database_stops_gunicorn_with_one_line(tmp_path):
    port = free_port()
    server = gunicorn(
        tmp_path, "wsgi:app", port, ZWK_DATABASE_URL="postgresql+psycopg://zwk:geheim@127.0.0.1:1/zwk"
    )
    try:
        _out, errors = server.communicate(timeout=120)
    finally:
        server.kill()
    assert server.returncode != 0  # gunicorn stopped instead of starting worker after worker
    assert "Traceback" not in errors, errors
    reasons = [line for line in errors.splitlines() if line.startswith("zwk-network:")]
    assert reasons and "cannot be reached" in reasons[0] and "geheim" not in errors


def test_the_connection_closes_before_work_after_the_response_runs(tmp_path):
    """A job queued after the response (the link request's look-up and mail) neither delays the
    closing of the connection nor is lost when the worker is stopped right after the answer."""
    port, done = free_port(), tmp_path / "done"
    server = gunicorn(tmp_path, "tests.gunicorn_probe:deferring_app()", port,
                      ZWK_PROBE_DONE=str(done), ZWK_PROBE_SECONDS="1.5")  # fmt: skip
    try:
        answers(port)  # up, and a first job queued
        assert _wait_for(done, 10)
        done.unlink()
        with socket.create_connection(("127.0.0.1", port)) as connection:
            started = time.monotonic()
            connection.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            received = b""
            while chunk := connection.recv(4096):  # until the server closes the connection
                received += chunk
            closed_after = time.monotonic() - started
        assert received.endswith(b"ok") and closed_after < 0.75, closed_after
        assert not done.exists()  # the job is still running
        server.terminate()  # an orderly stop: the queued job is finished first
        server.communicate(timeout=30)
    finally:
        server.kill()
    assert done.read_text() == "done"


def _wait_for(path: Path, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if path.exists():
            return True
        time.sleep(0.05)
    return False
