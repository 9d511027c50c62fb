"""The smallest WSGI application, for tests/test_gunicorn.py: answers what the server adds."""


def app(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"ok"]
