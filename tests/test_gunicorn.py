"""The site under gunicorn (with the repository's gunicorn.conf.py): what a server run shows."""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.factories import make_kommune, make_listing
from tests.search.test_crash import child_env

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).with_name("gunicorn")

pytestmark = pytest.mark.skipif(not GUNICORN.exists(), reason="gunicorn is not installed")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def gunicorn(tmp_path, app: str, port: int, workers=1, output=subprocess.PIPE, **environ) -> subprocess.Popen:
    command = [
        str(GUNICORN),
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--control-socket",
        str(tmp_path / "gunicorn.ctl"),
        app,
    ]
    # The site's address is where it listens: the Host check admits that port only.
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ZWK_BASE_URL": f"http://127.0.0.1:{port}", **environ}
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=output, text=True)


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


SPOOFED = [
    {"X-Forwarded-Proto": "https"},
    {"X-Forwarded-Ssl": "on"},
    {"X-Forwarded-Protocol": "ssl"},
    {"X-Forwarded-Proto": "https", "Script-Name": "/anders"},
]


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
    server = gunicorn(
        tmp_path,
        "tests.gunicorn_probe:deferring_app()",
        port,
        ZWK_PROBE_DONE=str(done),
        ZWK_PROBE_SECONDS="1.5",
    )
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


def get_json(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:
            return answer.status, json.load(answer)
    except urllib.error.HTTPError as error:
        return error.code, {}


def serving(server: subprocess.Popen, port: int, log: Path) -> str:
    base = f"http://127.0.0.1:{port}"
    for _attempt in range(600):
        assert server.poll() is None, log.read_text()  # gunicorn went on (no "Worker failed to boot")
        try:
            get_json(base + "/api/")
            return base
        except OSError:
            time.sleep(0.1)
    raise AssertionError("gunicorn did not start: " + log.read_text())


def until_all_are_back(server, base: str, count: int, log: Path) -> None:
    """Search and map until they show every entry and no notice: never anything but a 200."""
    deadline = time.monotonic() + 120
    while True:
        search_status, search = get_json(base + "/api/search?q=Nachbarschaftscafe&per_page=1")
        map_status, on_map = get_json(base + "/api/map?bbox=11,53,14.5,54.8&zoom=8")
        assert (search_status, map_status) == (200, 200), log.read_text()
        if search["total"] == on_map["total"] == count and not search["notices"] + on_map.get("notices", []):
            return
        assert server.poll() is None and time.monotonic() < deadline, log.read_text()
        time.sleep(0.1)


def some_entries(count: int) -> None:
    make_kommune()
    for number in range(count):
        make_listing(name=f"Nachbarschaftscafe {number}", lon=12.0 + number / 100, lat=53.8)


def test_running_workers_refill_an_emptied_index_folder_without_a_500(app, tmp_path):
    some_entries(40)
    log = tmp_path / "gunicorn.log"
    port = free_port()
    with open(log, "w") as output:
        server = gunicorn(tmp_path, "wsgi:app", port, workers=2, output=output, **child_env(app))
    try:
        base = serving(server, port, log)
        until_all_are_back(server, base, 40, log)
        for path in Path(app.config["SEARCH_DIR"]).iterdir():  # rm -rf $ZWK_SEARCH_DIR/*
            shutil.rmtree(path) if path.is_dir() else path.unlink()
        until_all_are_back(server, base, 40, log)
        assert server.poll() is None
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert "Traceback" not in log.read_text()


def test_a_worker_whose_index_folder_is_emptied_while_it_boots_starts_and_refills_it(app, tmp_path):
    some_entries(25)
    log = tmp_path / "gunicorn.log"
    port = free_port()
    with open(log, "w") as output:
        server = gunicorn(tmp_path, "tests.gunicorn_emptied_index:app", port, output=output, **child_env(app))
    try:
        until_all_are_back(server, serving(server, port, log), 25, log)
    finally:
        server.terminate()
        server.wait(timeout=30)
