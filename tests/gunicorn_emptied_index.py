"""wsgi.py for tests/test_gunicorn.py, with the index folder emptied after create_app's repair
and before wsgi.py loads the index: what `rm -rf $ZWK_SEARCH_DIR/*` does at the worst moment."""

import shutil
from pathlib import Path

import zwk_network

create_app = zwk_network.create_app


def create_app_then_empty_the_index(*args, **kwargs):
    app = create_app(*args, **kwargs)
    for path in Path(app.config["SEARCH_DIR"]).iterdir():
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    return app


zwk_network.create_app = create_app_then_empty_the_index
from wsgi import app  # noqa: E402  (after the patch: wsgi.py builds its app with it)

__all__ = ["app"]
