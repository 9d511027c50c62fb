"""Work done after the response has been sent, so that the answer's timing cannot reveal it.

A view calls after_response(job). Once the WSGI server has sent the response and closes it, the
jobs are handed to this process's background worker (one thread, one queue) and the server goes
on at once: it closes the connection and takes the next request while the job runs. Running the
job in the server's own close call (call_on_close alone) would not do: gunicorn's sync worker
closes the client's socket only after that call returns, so the connection would close later
for a known address than for an unknown one, and the worker would be busy meanwhile.

Each job runs in its own application context (and database session); a failed job is logged,
the answer has gone. Jobs run one after another, in the order they came.

Nothing queued is lost when the process stops in an orderly way: drain() waits for the queue
(gunicorn.conf.py calls it as each worker exits, and it is registered with atexit), for at most
DRAIN_SECONDS. A process that is killed loses what was still queued.

Tests wait for the queue with wait_idle() (tests/conftest.py does so after every request).
"""

import atexit
import logging
import os
import queue
import threading
import time
from collections.abc import Callable

from flask import Flask, current_app, request

from .extensions import db

log = logging.getLogger(__name__)
_JOBS = "zwk.after_response"
#: How long drain() waits at exit; below gunicorn's graceful timeout (30 s by default).
DRAIN_SECONDS = 20.0

_lock = threading.Lock()
_queue: "queue.Queue[tuple[Flask, list[Callable[[], None]]]]" = queue.Queue()
_worker: threading.Thread | None = None
_worker_pid: int | None = None


def after_response(job: Callable[[], None]) -> None:
    """Run job() once this request's response has been sent."""
    request.environ.setdefault(_JOBS, []).append(job)


def init_deferred(app: Flask) -> None:
    """Register first: after-request functions run in reverse order, so this one sees the
    response that is actually sent."""

    @app.after_request
    def queue_jobs_when_sent(response):
        jobs = request.environ.pop(_JOBS, None)
        if jobs:
            application = current_app._get_current_object()
            response.call_on_close(lambda: _enqueue(application, jobs))
        return response


def wait_idle(timeout: float = 30.0) -> bool:
    """Wait until every queued job has run; False if they had not after timeout seconds."""
    deadline = time.monotonic() + timeout
    with _queue.all_tasks_done:
        while _queue.unfinished_tasks:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            _queue.all_tasks_done.wait(remaining)
    return True


def drain() -> None:
    """At exit: let the queued jobs run (best effort, at most DRAIN_SECONDS)."""
    if _worker is not None and _worker_pid == os.getpid() and not wait_idle(DRAIN_SECONDS):
        log.error("work after the response still queued at exit: %d job lists lost", _queue.unfinished_tasks)


def _enqueue(app: Flask, jobs: list[Callable[[], None]]) -> None:
    _ensure_worker()
    _queue.put((app, jobs))


def _ensure_worker() -> None:
    """One worker thread per process, started on first use (also in a process forked after it)."""
    global _queue, _worker, _worker_pid
    with _lock:
        if _worker is not None and _worker_pid == os.getpid() and _worker.is_alive():
            return
        if _worker_pid != os.getpid():
            _queue = queue.Queue()  # a forked child has the parent's queue but not its thread
            if _worker_pid is None:
                atexit.register(drain)
        _worker_pid = os.getpid()
        _worker = threading.Thread(target=_work, name="zwk-after-response", daemon=True)
        _worker.start()


def _work() -> None:
    while True:
        app, jobs = _queue.get()
        try:
            _run(app, jobs)
        finally:
            _queue.task_done()


def _run(app: Flask, jobs: list[Callable[[], None]]) -> None:
    with app.app_context():
        for job in jobs:
            try:
                job()
            except Exception:
                db.session.rollback()
                log.exception("work after the response failed")
