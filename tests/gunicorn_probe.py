"""The smallest WSGI application, for tests/test_gunicorn.py: answers what the server adds."""


def app(environ, start_response):
    """The scheme and path prefix gunicorn set, and the proxy header as it arrived."""
    start_response("200 OK", [("Content-Type", "text/plain")])
    seen = (
        environ["wsgi.url_scheme"],
        environ.get("SCRIPT_NAME", ""),
        environ.get("HTTP_X_FORWARDED_PROTO", ""),
    )
    return [" ".join(seen).encode()]


def deferring_app():
    """A Flask application whose answer queues a slow job (deferred.after_response) that writes
    the file named by ZWK_PROBE_DONE: tests/test_gunicorn.py times when the connection closes."""
    import os
    import time
    from pathlib import Path

    from flask import Flask

    from zwk_network.deferred import after_response, init_deferred

    probe = Flask("deferring_probe")
    init_deferred(probe)

    def slow_job():
        time.sleep(float(os.environ.get("ZWK_PROBE_SECONDS", "1")))
        Path(os.environ["ZWK_PROBE_DONE"]).write_text("done")

    @probe.get("/")
    def answer():
        after_response(slow_job)
        return "ok"

    return probe
