"""A gunicorn entry for run_query_bench.py: the app on the bench's data, rate limits on or off."""

import os

from zwk_network import create_app
from zwk_network.search.engine import search_backend

app = create_app({"RATELIMIT_ENABLED": os.environ.get("BENCH_RATE_LIMITS", "on") == "on"})
with app.app_context():
    search_backend().warm_up()
