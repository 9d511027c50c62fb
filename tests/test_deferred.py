"""Work after the response runs in the background: the response is closed (and the server free)
before the job has run, the job still runs, one failure stops nothing else."""

import threading
import time

from flask import Flask

from zwk_network import deferred


def probe_app(*jobs):
    probe = Flask("probe")
    deferred.init_deferred(probe)

    @probe.get("/")
    def answer():
        for job in jobs:
            deferred.after_response(job)
        return "ok"

    return probe


def test_closing_the_response_does_not_wait_for_the_job():
    release, done = threading.Event(), []

    def slow():
        release.wait(10)
        done.append(threading.current_thread().name)

    response = probe_app(slow).test_client().get("/", buffered=False)
    assert response.get_data(as_text=True) == "ok"
    started = time.monotonic()
    response.close()  # what the server does once the answer is sent
    assert time.monotonic() - started < 0.5 and done == []
    assert not deferred.wait_idle(timeout=0.05)  # still running
    release.set()
    assert deferred.wait_idle(timeout=10)
    assert done == ["zwk-after-response"]


def test_nothing_runs_before_the_response_is_closed():
    done = []
    response = probe_app(lambda: done.append(1)).test_client().get("/", buffered=False)
    assert deferred.wait_idle(timeout=1) and done == []
    response.close()
    assert deferred.wait_idle(timeout=10) and done == [1]


def test_a_failing_job_is_logged_and_the_next_still_runs(caplog):
    done = []

    def failing():
        raise RuntimeError("kaputt")

    probe = probe_app(failing, lambda: done.append("second"))
    probe.config["SQLALCHEMY_DATABASE_URI"] = "sqlite://"
    from zwk_network.extensions import db

    db.init_app(probe)
    probe.test_client().get("/").close()
    assert deferred.wait_idle(timeout=10)
    assert done == ["second"] and "work after the response failed" in caplog.text
