"""Entry point for gunicorn: gunicorn wsgi:app (settings in gunicorn.conf.py)

Each worker loads the search index's value columns before it serves (about a second at
100 000 entries), so no visitor waits for that on a first search or map view.

When start-up cannot go on (no database, a missing setting), the reason is printed as one
line and the worker exits with status 4, gunicorn's "App failed to load": gunicorn then
stops, instead of starting one failing worker after another. Loading the columns is only a
head start: when it fails (the index folder emptied at that moment …), the worker logs it and
serves; the first search loads them, and the index repairs itself (search/recovery.py).
"""

import logging
import sys

from zwk_network import create_app
from zwk_network.config import StartupError
from zwk_network.search.engine import search_backend

APP_LOAD_ERROR = 4

try:
    app = create_app()
except StartupError as error:
    print(error, file=sys.stderr, flush=True)
    raise SystemExit(APP_LOAD_ERROR) from None
with app.app_context():
    try:
        search_backend().warm_up()
    except Exception:  # never a reason not to serve
        logging.getLogger(__name__).exception("loading the search index before serving failed")
