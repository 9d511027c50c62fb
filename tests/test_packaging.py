"""A wheel installed outside the checkout runs (issue 14): templates, static files, migrations, seed data,
the lexicon and the translations ship inside the package."""

import os
import shutil
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

#: Run from a directory outside the checkout, importing only the installed wheel.
SMOKE = textwrap.dedent(
    """
    import sys
    import zwk_network
    assert zwk_network.__file__.startswith(sys.argv[1]), zwk_network.__file__
    app = zwk_network.create_app()
    client = app.test_client()
    pages = [
        ("/", "Zukunftswerkstatt"),
        ("/suche?q=Jugendclub", "Jugendclub"),
        ("/karte", "Karte"),
        ("/kommunen/landkreis-rostock/luecken", "Bedarf"),
        ("/impressum", "Impressum"),
    ]
    for path, text in pages:
        response = client.get(path, follow_redirects=True)
        assert response.status_code == 200 and text in response.get_data(as_text=True), (path, response.status)
    assert client.get("/static/css/site.css").status_code == 200
    english = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert 'lang="en"' in english and ">Search<" in english, english[:600]
    print("ok", zwk_network.__file__)
    """
)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    # Built from a copy, so that setuptools' build/ folder neither lands in the checkout nor carries stale files.
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(
        ROOT / "zwk_network", source / "zwk_network", ignore=shutil.ignore_patterns("__pycache__")
    )
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            str(source),
            "-w",
            str(out),
        ],
        check=True,
        capture_output=True,
        cwd=out,
    )
    (path,) = out.glob("zwk_network-*.whl")
    return path


def test_the_wheel_holds_every_file_the_package_tracks(wheel):
    tracked = subprocess.run(
        ["git", "ls-files", "zwk_network"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    if not tracked:
        pytest.skip("not a git checkout")
    names = set(zipfile.ZipFile(wheel).namelist())
    # The catalogs' sources are not read at run time; their compiled .mo files ship instead.
    missing = [name for name in tracked if name not in names and not name.endswith((".po", ".pot"))]
    assert missing == []
    assert "zwk_network/translations/en/LC_MESSAGES/messages.mo" in names


def test_an_installed_wheel_migrates_seeds_and_serves_pages_outside_the_checkout(wheel, tmp_path):
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(site), str(wheel)],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {
        **os.environ,
        "PYTHONPATH": str(site),
        "ZWK_DATABASE_URL": "sqlite:///" + str(tmp_path / "zwk.sqlite"),
        "ZWK_SEARCH_DIR": str(tmp_path / "index"),
        "ZWK_MAIL_OUTBOX": str(tmp_path / "outbox"),
    }
    env.pop("ZWK_LEXICON_FILE", None)
    flask = [sys.executable, "-m", "flask", "--app", "zwk_network"]
    for command in (["db", "upgrade"], ["seed"]):
        done = subprocess.run(flask + command, cwd=elsewhere, env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr[-2000:]
    done = subprocess.run(
        [sys.executable, "-c", SMOKE, str(site)], cwd=elsewhere, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.startswith("ok " + str(site))
