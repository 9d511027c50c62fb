"""Entry point for gunicorn: gunicorn wsgi:app

Each worker loads the search index's value columns before it serves (about a second at
100 000 entries), so no visitor waits for that on a first search or map view.
"""

from zwk_network import create_app
from zwk_network.search.engine import search_backend

app = create_app()
with app.app_context():
    search_backend().warm_up()
