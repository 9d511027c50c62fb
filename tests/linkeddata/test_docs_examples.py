"""The curl and Python examples of docs/api.md's data catalogue section, run against the site under
gunicorn (as tests/ogc/test_gdal.py runs the OGC API's)."""

import shlex
import subprocess
import sys

import pytest

from tests.factories import make_kommune, make_place
from tests.ogc.test_gdal import DOCS_BASE, ROOT, Site
from tests.test_gunicorn import GUNICORN

pytestmark = pytest.mark.skipif(not GUNICORN.exists(), reason="gunicorn is not installed")


def section() -> str:
    docs = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    return docs.split("## Data catalogue", 1)[1].split("\n## ", 1)[0]


@pytest.fixture
def site(app, tmp_path):
    make_kommune()
    make_place(name="Treff am Markt")
    server = Site(app, tmp_path)
    yield server
    server.stop()


def local(text: str, site: Site) -> str:
    return text.replace(DOCS_BASE, site.base).replace("landkreis-rostock", "testkreis")


def test_the_catalogue_examples_of_the_docs_answer(site):
    lines = [line for line in section().splitlines() if line.startswith("curl ")]
    assert len(lines) == 2
    for line in lines:
        command = shlex.split(local(line, site))
        result = subprocess.run(
            [command[0], "--fail", *command[1:]], capture_output=True, text=True, timeout=60, check=False
        )
        assert result.returncode == 0, (line, result.stderr)
        assert result.stdout.startswith("{"), line
    program = local(section().split("```python\n", 1)[1].split("```", 1)[0], site)
    result = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert f"{site.base}/daten/testkreis/places.csv" in result.stdout.split()
