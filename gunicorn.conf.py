"""gunicorn settings for zwk-network; gunicorn reads ./gunicorn.conf.py by itself.

Start it as in the README: gunicorn --workers 4 --bind 127.0.0.1:8000 wsgi:app
"""

import gunicorn.http.wsgi

# gunicorn names itself in the Server header of every answer and has no setting against it.
# Which software serves the site is nobody's business: the header names only the site.
gunicorn.http.wsgi.SERVER = "zwk-network"
