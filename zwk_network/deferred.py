"""Work done after the response has been sent, so that the answer's timing cannot reveal it.

The WSGI server closes the response once it is sent; then the jobs run, each in its own
application context (and database session). A failed job is logged; the answer has gone."""

import logging
from collections.abc import Callable

from flask import Flask, current_app, request

from .extensions import db

log = logging.getLogger(__name__)
_JOBS = "zwk.after_response"


def after_response(job: Callable[[], None]) -> None:
    """Run job() once this request's response has been sent."""
    request.environ.setdefault(_JOBS, []).append(job)


def init_deferred(app: Flask) -> None:
    """Register first: after-request functions run in reverse order, so this one sees the
    response that is actually sent."""

    @app.after_request
    def run_jobs_when_sent(response):
        jobs = request.environ.pop(_JOBS, None)
        if jobs:
            application = current_app._get_current_object()
            response.call_on_close(lambda: _run(application, jobs))
        return response


def _run(app: Flask, jobs: list[Callable[[], None]]) -> None:
    with app.app_context():
        for job in jobs:
            try:
                job()
            except Exception:
                db.session.rollback()
                log.exception("work after the response failed")
