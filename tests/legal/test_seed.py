"""The seed's legal texts: every page has an honest template, loaded once, never over an admin's text."""

from zwk_network.extensions import db
from zwk_network.legal.models import LegalText
from zwk_network.legal.pages import PAGES
from zwk_network.legal.seed import load_legal_texts
from zwk_network.municipalities.services import get_kommune
from zwk_network.seed import SEED_DIR

from .helpers import write_text

MUSTER = "Muster – vom Betreiber zu ergänzen"


def test_every_page_has_a_template_that_says_it_is_one(seeded_client):
    for key in PAGES:
        html = seeded_client.get(f"/{key}").get_data(as_text=True)
        assert MUSTER in html, key
    rostock = seeded_client.get("/kommunen/landkreis-rostock/impressum").get_data(as_text=True)
    assert (
        MUSTER in rostock and "Landkreis Rostock" in rostock and 'href="mailto:wiralle@lkros.de"' in rostock
    )
    assert "[Straße und Hausnummer]" in rostock  # the seed knows no address: a placeholder, not an invention
    goeltzschtal = seeded_client.get("/kommunen/goeltzschtal/impressum").get_data(as_text=True)
    assert "keinen eigenen Text" in goeltzschtal


def test_the_privacy_template_has_what_article_13_asks_for(seeded_client):
    html = seeded_client.get("/datenschutz").get_data(as_text=True)
    for part in (
        "Verantwortlicher",
        "Datenschutzbeauftragte",
        "Rechtsgrundlage",
        "Empfänger",
        "speichern",
        "Ihre Rechte",
        "Aufsichtsbehörde",
        "Kartenserver",
        "tile.openstreetmap.org",
    ):
        assert part in html, part
    accessibility = seeded_client.get("/barrierefreiheit").get_data(as_text=True)
    for part in ("Stand der Vereinbarkeit", "Nicht barrierefreie Inhalte", "Barrieren melden", "Schlichtung"):
        assert part in accessibility, part
    assert "noch nicht" in seeded_client.get("/gebaerdensprache").get_data(as_text=True)


def test_seeding_again_adds_nothing_and_keeps_an_admins_text(seeded):
    kommune = get_kommune("landkreis-rostock")
    write_text("impressum", kommune=kommune, title="Impressum", body="Vom Landkreis geschrieben")
    assert load_legal_texts(SEED_DIR / "legal") == 0
    text = db.session.scalar(db.select(LegalText).filter_by(page="impressum", kommune_id=kommune.id))
    assert text.body == "Vom Landkreis geschrieben"
    assert db.session.scalar(db.select(db.func.count()).select_from(LegalText)) == len(PAGES) + 1
