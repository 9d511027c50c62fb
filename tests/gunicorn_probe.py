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
