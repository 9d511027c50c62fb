"""The Zwischenbilanz PDF is tagged PDF/UA with its language and title (checked with poppler's pdfinfo)."""

import re
import shutil
import subprocess
import zlib

import pytest

from .test_interim import fixture

PDFINFO = shutil.which("pdfinfo")


def pdfinfo(path, *options) -> str:
    return subprocess.run(
        [PDFINFO, *options, str(path)], capture_output=True, text=True, check=True, timeout=60
    ).stdout


def objects(data: bytes) -> list[bytes]:
    """The file and each of its streams decompressed: WeasyPrint puts objects into compressed object streams."""
    parts = [data]
    for stream in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            parts.append(zlib.decompress(stream.group(1)))
        except zlib.error:
            continue
    return parts


def catalog_language(data: bytes) -> str | None:
    """/Lang of the document catalog."""
    for part in objects(data):
        found = re.search(rb"/Lang\s*\(([^)]*)\)", part)
        if found:
            return found.group(1).decode("latin-1")
    return None


def test_the_pdf_is_tagged_with_language_and_title(app, client, tmp_path):
    if PDFINFO is None:
        pytest.fail("pdfinfo is missing: scripts/setup-system.sh test installs poppler-utils")
    fixture()
    response = client.get("/kommunen/testkreis/zwischenbilanz.pdf?von=2026-01-01&bis=2026-12-31")
    assert response.status_code == 200
    path = tmp_path / "zwischenbilanz.pdf"
    path.write_bytes(response.data)
    info = {
        key.strip(): value.strip()
        for key, _sep, value in (line.partition(":") for line in pdfinfo(path).splitlines())
    }
    assert info["Tagged"] == "yes"
    assert info["Title"] == "Zwischenbilanz: Testkreis"
    assert catalog_language(response.data) == "de"
    assert 'pdfuaid:part="1"' in pdfinfo(path, "-meta")  # the XMP metadata claims PDF/UA-1
    # Every figure (the three charts – needs, measures, residents' ideas – and the map) carries its
    # alternative text (the SVG's <title>).
    structure = b"".join(objects(response.data))
    figures = len(re.findall(rb"/S\s*/Figure", structure))
    assert figures == 4 and len(re.findall(rb"/Alt\s*[(<]", structure)) == figures
