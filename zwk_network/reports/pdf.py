"""HTML to PDF with WeasyPrint (it lays out our own report page, charts and map included).

The document is self-contained; WeasyPrint is not allowed to fetch anything (no network, no files).
It is tagged PDF/UA-1 (WeasyPrint's `pdf_variant`): headings, tables and lists carry their structure for
screen readers; the document language comes from `<html lang>`, the title from `<title>`.
"""

import contextlib
import hashlib
import json
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _

from ..extensions import limiter

#: Accessible PDF (BITV 2.0 asks public bodies for it): tagged, with language and title.
PDF_VARIANT = "pdf/ua-1"


#: PDFs made on request, per client and shared by every PDF route: each takes seconds of a worker's CPU
#: (a large Wegweiser a minute), so a script asking for many at once would starve the site. Ten a minute
#: is more than a person prints.
PDF_LIMIT = "10 per minute; 60 per hour"


def _limit_message() -> str:
    return _(
        "Sie haben in kurzer Zeit viele PDF-Dateien angefordert. Bitte warten Sie eine Minute und versuchen "
        "Sie es dann noch einmal – oder drucken Sie die Seite aus."
    )


def limit_pdf(view):
    """Decorate a view that makes a PDF on request."""
    return limiter.shared_limit(PDF_LIMIT, scope="pdf", error_message=_limit_message)(view)


def _no_fetching(url: str, *args, **kwargs):
    raise ValueError(f"the PDF may not load {url[:80]}")


def html_to_pdf(html: str) -> bytes:
    # Imported here: WeasyPrint loads Pango when imported, which only the PDF needs.
    import weasyprint

    return weasyprint.HTML(string=html, url_fetcher=_no_fetching).write_pdf(pdf_variant=PDF_VARIANT)


#: How long a made PDF is kept (its key holds the day, so none is shown after its day anyway).
CACHE_SECONDS = 2 * 24 * 3600


def cached_pdf(name: str, key: list, make: Callable[[], bytes]) -> bytes:
    """The PDF for `key` (a list of JSON values that determine it: parameters, the data's versions,
    the day, the language), made by `make` once and kept in the instance folder. A large Wegweiser
    takes a minute of CPU (bench/run_guide_bench.py): it is made once a day, not per download."""
    digest = hashlib.sha256(json.dumps(key, sort_keys=True, default=str).encode()).hexdigest()
    folder = Path(current_app.instance_path) / "pdf-cache" / name
    path = folder / f"{digest}.pdf"
    if path.exists():
        return path.read_bytes()
    pdf = make()
    folder.mkdir(parents=True, exist_ok=True)
    _forget_old(folder)
    with tempfile.NamedTemporaryFile(dir=folder, suffix=".tmp", delete=False) as file:
        file.write(pdf)
    os.replace(file.name, path)  # whole or not at all, also with two workers writing the same
    return pdf


def _forget_old(folder: Path) -> None:
    limit = time.time() - CACHE_SECONDS
    for old in folder.glob("*"):
        with contextlib.suppress(FileNotFoundError):
            if old.stat().st_mtime < limit:
                old.unlink()
