"""gunicorn settings for zwk-network; gunicorn reads ./gunicorn.conf.py by itself.

Start it as in the README: gunicorn --workers 4 --bind 127.0.0.1:8000 wsgi:app
"""

import gunicorn.http.wsgi

# gunicorn names itself in the Server header of every answer and has no setting against it.
# Which software serves the site is nobody's business: the header names only the site.
gunicorn.http.wsgi.SERVER = "zwk-network"

# Proxy headers are the application's to judge (ZWK_PROXY_COUNT, werkzeug's ProxyFix), never
# gunicorn's: by default gunicorn believes X-Forwarded-Proto/-Ssl/-Protocol (https) and
# SCRIPT_NAME from 127.0.0.1 and from every Unix-socket peer, so that anyone reaching the port
# directly could claim HTTPS (and get HSTS, secure cookies) or another path prefix.
forwarded_allow_ips = ""
secure_scheme_headers = {}
forwarder_headers = ""


def worker_exit(_server, _worker):
    """Work queued after responses (zwk_network/deferred.py) is finished before the worker goes."""
    from zwk_network import deferred

    deferred.drain()
