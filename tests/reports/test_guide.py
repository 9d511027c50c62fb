"""The Wegweiser (printed guide): its PDF read back with poppler (pages, embedded fonts, tags, text)
and its QR codes decoded from the rendered pages with zxing-cpp; what planners choose; what the
public may see (approved entries only, contact data only where consented)."""

import re
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest
import segno
import zxingcpp
from PIL import Image

from tests.factories import make_kommune, make_listing
from tests.submissions.helpers import login, make_staff
from zwk_network.extensions import db
from zwk_network.registry.models import Initiative, MeetingPlace
from zwk_network.reports.booklet import booklet_order

from .test_pdf_ua import catalog_language, objects

POPPLER = {name: shutil.which(name) for name in ("pdfinfo", "pdffonts", "pdftotext", "pdftoppm")}


def poppler(name: str, *args) -> str:
    if POPPLER[name] is None:
        pytest.fail(f"{name} is missing: scripts/setup-system.sh test installs poppler-utils")
    return subprocess.run(
        [POPPLER[name], *map(str, args)], capture_output=True, text=True, check=True, timeout=120
    ).stdout


def fixture():
    """A Kommune with entries in both regions, one of another theme, one pending, one to leave out."""
    kommune = make_kommune()
    treff = make_listing(
        Initiative,
        "Seniorentreff Westdorf",
        12.1,
        53.8,
        summary="Kaffee, Gespräche und Ausflüge",
        opening_times="dienstags 15–17 Uhr",
        street="Dorfstraße 3",
        postcode="18273",
        town="Westdorf",
        phone="03843 12345",
        email="geheim@example.org",
        publish=["phone"],  # the e-mail address was not agreed to be published
    )
    treff.last_confirmed_at = datetime(2026, 3, 14, 10, 0)
    treff.updated_at = datetime(2026, 2, 2, 9, 0)
    make_listing(MeetingPlace, "Dorfhaus Ostdorf", 12.3, 53.8, summary="Saal für 80 Personen", town="Ostdorf")
    make_listing(Initiative, "Sportgruppe West", 12.12, 53.81, themes=["sport"], town="Westdorf")
    make_listing(Initiative, "Weggelassener Verein", 12.13, 53.82, town="Westdorf")
    make_listing(Initiative, "Wartet ZZPENDING", 12.1, 53.8, status="pending", town="Westdorf")
    make_listing(Initiative, "Abgelehnt ZZREJECTED", 12.1, 53.8, status="rejected", town="Westdorf")
    db.session.commit()
    return kommune


def entry_id(model, name: str) -> int:
    return db.session.scalar(db.select(model.id).where(model.name == name))


def guide_pdf(client, tmp_path, query: str):
    response = client.get(f"/kommunen/testkreis/wegweiser.pdf?{query}")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    path = tmp_path / "wegweiser.pdf"
    path.write_bytes(response.data)
    return path, response.data


def test_the_guide_pdf_is_tagged_large_print_with_embedded_fonts(app, client, tmp_path):
    fixture()
    left_out = entry_id(Initiative, "Weggelassener Verein")
    path, data = guide_pdf(client, tmp_path, f"thema=begegnung&ohne=initiative-{left_out}")
    info = dict(line.split(":", 1) for line in poppler("pdfinfo", path).splitlines() if ":" in line)
    info = {key.strip(): value.strip() for key, value in info.items()}
    assert info["Tagged"] == "yes" and info["Title"] == "Wegweiser: Testkreis"
    assert info["Page size"].startswith("595.") and "A4" in info["Page size"]
    assert 2 <= int(info["Pages"]) <= 6
    assert catalog_language(data) == "de" and 'pdfuaid:part="1"' in poppler("pdfinfo", "-meta", path)
    fonts = poppler("pdffonts", path).splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts)  # the "emb" column: every font embedded
    text = poppler("pdftotext", "-layout", path, "-")
    flat = " ".join(text.split())
    assert "Seniorentreff Westdorf" in flat and "Dorfhaus Ostdorf" in flat
    assert "Kaffee, Gespräche und Ausflüge" in flat and "dienstags 15–17 Uhr" in flat
    assert "Dorfstraße 3, 18273 Westdorf" in flat and "03843 12345" in flat
    assert "Stand: 2. Februar 2026" in flat and "zuletzt bestätigt am 14. März 2026" in flat
    assert "Stand: " in flat and "Orte in diesem Wegweiser" in flat
    for absent in (
        "geheim@example.org",
        "Sportgruppe West",
        "Weggelassener Verein",
        "ZZPENDING",
        "ZZREJECTED",
    ):
        assert absent not in flat, absent
    # Grouped by town (alphabetically), the index names each town with the page it starts on.
    assert flat.index("Ostdorf") < flat.index("Westdorf")
    assert re.search(r"Ostdorf \(1\)[ .]*\d", flat) and re.search(r"Westdorf \(1\)[ .]*\d", flat)
    # Large print: no text below 14 pt (pdftotext's bounding boxes give each word's height).
    boxes = poppler("pdftotext", "-bbox", path, "-")
    heights = [
        float(b) - float(a) for a, b in re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', boxes)
    ]
    words = re.findall(r">([^<]+)</word>", boxes)
    body = [h for h, w in zip(heights, words, strict=True) if len(w) > 3]
    assert body and sorted(body)[len(body) // 20] >= 14 * 0.95  # the map's labels and QR aside
    # Every figure (the overview map, a QR code per entry) has its alternative text.
    structure = b"".join(objects(data))
    figures = len(re.findall(rb"/S\s*/Figure", structure))
    assert figures == 3 and len(re.findall(rb"/Alt\s*[(<]", structure)) == figures


def test_the_qr_codes_decode_to_the_entries_pages(app, client, tmp_path):
    fixture()
    path, _data = guide_pdf(client, tmp_path, "region=west&thema=begegnung")
    poppler("pdftoppm", "-r", "200", "-png", path, tmp_path / "page")
    found = set()
    for page in sorted(tmp_path.glob("page*.png")):
        found |= {
            code.text for code in zxingcpp.read_barcodes(Image.open(page)) if code.format.name == "QRCode"
        }
    base = app.config["BASE_URL"].rstrip("/")
    treff, verein = (
        entry_id(Initiative, "Seniorentreff Westdorf"),
        entry_id(Initiative, "Weggelassener Verein"),
    )
    assert found == {f"{base}/initiativen/{treff}", f"{base}/initiativen/{verein}"}


def test_the_qr_payload_is_the_entry_url(app, client):
    """The same check without a decoder: the SVG on the page is segno's encoding of the entry's URL."""
    fixture()
    page = client.get("/kommunen/testkreis/wegweiser?region=ost").get_data(as_text=True)
    place = entry_id(MeetingPlace, "Dorfhaus Ostdorf")
    url = app.config["BASE_URL"].rstrip("/") + f"/orte/{place}"
    expected = re.search(r' d="([^"]+)"', segno.make(url, error="m").svg_inline(scale=3, border=2)).group(1)
    assert f' d="{expected}"' in page and url in page


def test_a5_is_a_booklet_page(app, client, tmp_path):
    fixture()
    path, _data = guide_pdf(client, tmp_path, "format=a5")
    info = poppler("pdfinfo", path)
    assert re.search(r"Page size:\s+419\.\d+ x 595\.\d+ pts", info)  # 148 × 210 mm
    text = " ".join(poppler("pdftotext", path, "-").split())
    assert "Weggelassener Verein" in text and "Sportgruppe West" in text  # nothing left out


def test_the_print_page_shows_the_same_and_nothing_hidden(app, client):
    fixture()
    response = client.get("/kommunen/testkreis/wegweiser?zielgruppe=senioren")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Seniorentreff Westdorf" in page and "zuletzt bestätigt am 14. März 2026" in page
    assert "ZZPENDING" not in page and "ZZREJECTED" not in page and "geheim@example.org" not in page
    assert 'class="qr"' in page and "/kommunen/testkreis/wegweiser.pdf?zielgruppe=senioren" in page


@pytest.mark.parametrize(
    "query", ["thema=gibtsnicht", "zielgruppe=<b>", "format=a3", "ohne=alles", "region=x%00y"]
)
def test_bad_parameters_are_said_not_a_500(app, client, query):
    fixture()
    for path in ("/kommunen/testkreis/wegweiser", "/kommunen/testkreis/wegweiser.pdf"):
        response = client.get(f"{path}?{query}")
        assert response.status_code == 400, (path, query)
        assert "<b>" not in response.get_data(as_text=True)
    assert client.get("/kommunen/gibtsnicht/wegweiser").status_code == 404


def test_planners_choose_what_goes_in(app, client):
    kommune = fixture()
    assert client.get("/intern/kommunen/testkreis/wegweiser").status_code == 302  # to the sign-in
    make_staff("planung@example.org", kommunen=[kommune.slug])
    make_staff("fremd@example.org", kommunen=[make_kommune("anderswo", "Anderswo").slug])
    login(client, "fremd@example.org")
    assert client.get("/intern/kommunen/testkreis/wegweiser").status_code == 404
    client = app.test_client()
    login(client, "planung@example.org")
    left_out = entry_id(Initiative, "Weggelassener Verein")
    page = client.get(f"/intern/kommunen/testkreis/wegweiser?thema=begegnung&ohne=initiative-{left_out}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert f'value="initiative-{left_out}" checked' in html  # kept as chosen
    assert "Sportgruppe West" not in html and "ZZPENDING" not in html
    assert "Im Wegweiser: 2 Einträge." in html
    assert 'formaction="/kommunen/testkreis/wegweiser.pdf"' in html


def test_the_cli_writes_the_same_guide(app, runner, tmp_path):
    fixture()
    path = tmp_path / "druck.pdf"
    result = runner.invoke(
        args=["wegweiser", "pdf", "testkreis", str(path), "--region", "ost", "--format", "a5"]
    )
    assert result.exit_code == 0, result.output
    assert "wrote 1 entries" in result.output
    text = " ".join(poppler("pdftotext", path, "-").split())
    assert "Dorfhaus Ostdorf" in text and "Seniorentreff Westdorf" not in text
    bad = runner.invoke(args=["wegweiser", "pdf", "testkreis", str(path), "--thema", "gibtsnicht"])
    assert bad.exit_code != 0 and "gibtsnicht" in bad.output
    assert "unknown Kommune" in runner.invoke(args=["wegweiser", "pdf", "nirgends", str(path)]).output


def test_a_pdf_is_made_once_per_state_of_its_entries(app, client, tmp_path):
    fixture()
    folder = Path(app.instance_path) / "pdf-cache" / "wegweiser"
    before = set(folder.glob("*.pdf")) if folder.exists() else set()
    _path, first = guide_pdf(client, tmp_path, "region=ost")
    made = set(folder.glob("*.pdf")) - before
    assert len(made) == 1 and made.pop().read_bytes() == first
    _path, again = guide_pdf(client, tmp_path, "region=ost")
    assert again == first and len(set(folder.glob("*.pdf")) - before) == 1
    place = db.session.get(MeetingPlace, entry_id(MeetingPlace, "Dorfhaus Ostdorf"))
    place.summary = "Saal für 120 Personen"
    db.session.commit()
    path, changed = guide_pdf(client, tmp_path, "region=ost")
    assert changed != first
    assert len(set(folder.glob("*.pdf")) - before) == 2
    assert "Saal für 120 Personen" in " ".join(poppler("pdftotext", path, "-").split())
    place.status = "rejected"  # no longer public: no longer in the guide, whatever was made before
    db.session.commit()
    path, _data = guide_pdf(client, tmp_path, "region=ost")
    assert "Dorfhaus Ostdorf" not in " ".join(poppler("pdftotext", path, "-").split())


def test_booklet_order_folds_to_reading_order():
    assert booklet_order(8) == [(7, 0), (1, 6), (5, 2), (3, 4)]
    assert booklet_order(5) == [(None, 0), (1, None), (None, 2), (3, 4)]
    sides = booklet_order(6)  # two empty pages at the end
    assert sides == [(None, 0), (1, None), (5, 2), (3, 4)]
    seen = sorted(index for side in booklet_order(13) for index in side if index is not None)
    assert seen == list(range(13)) and len(booklet_order(13)) == 8


def test_the_cli_imposes_an_a5_booklet(app, runner, tmp_path):
    fixture()
    single, booklet = tmp_path / "a5.pdf", tmp_path / "heft.pdf"
    assert runner.invoke(args=["wegweiser", "pdf", "testkreis", str(single), "--format", "a5"]).exit_code == 0
    result = runner.invoke(args=["wegweiser", "pdf", "testkreis", str(booklet), "--booklet"])
    assert result.exit_code == 0 and "as a booklet" in result.output
    pages = int(re.search(r"Pages:\s+(\d+)", poppler("pdfinfo", single)).group(1))
    info = poppler("pdfinfo", booklet)
    assert int(re.search(r"Pages:\s+(\d+)", info).group(1)) == 2 * -(-pages // 4)
    assert re.search(r"Page size:\s+83[89]\.\d+ x 595\.\d+ pts", info)  # A4 landscape: two A5 side by side
    first_side = " ".join(poppler("pdftotext", "-f", "1", "-l", "1", booklet, "-").split())
    assert "Wegweiser: Testkreis" in first_side  # the cover (page 1) is on the first sheet's front


def test_a_pdf_too_large_for_a_request_is_said(app, client):
    fixture()
    app.config["GUIDE_PDF_MAX_ENTRIES"] = 2
    try:
        response = client.get("/kommunen/testkreis/wegweiser.pdf?thema=begegnung")
        page = response.get_data(as_text=True)
        assert response.status_code == 400 and response.mimetype == "text/html"
        assert "hätte 3 Einträge" in page and "höchstens 2" in page
        assert '<option value="begegnung" selected>' in page  # the choice kept, to narrow it
        assert client.get("/kommunen/testkreis/wegweiser.pdf?region=ost").mimetype == "application/pdf"
    finally:
        app.config["GUIDE_PDF_MAX_ENTRIES"] = 300
