"""PDFs made on request share one budget per client: each costs seconds of a worker's CPU, so a script
asking for many would starve the site. People get a plain message; other clients go on."""

from tests.factories import make_kommune
from zwk_network.extensions import db
from zwk_network.reports.pdf import PDF_LIMIT

DE = {"Accept-Language": "de"}
PER_MINUTE = int(PDF_LIMIT.split()[0])
PDF_ROUTES = ("profil.pdf", "zwischenbilanz.pdf", "wegweiser.pdf")


def test_pdf_routes_share_one_budget_per_client_with_a_plain_message(app, client):
    make_kommune()
    db.session.commit()
    # Unknown Kommunen answer 404 at once but count: the limit is checked before any work is done.
    for number in range(PER_MINUTE):
        route = PDF_ROUTES[number % len(PDF_ROUTES)]
        assert client.get(f"/kommunen/gibt-es-nicht/{route}", headers=DE).status_code == 404
    for route in PDF_ROUTES:  # every PDF route, for the real Kommune too: refused without making it
        response = client.get(f"/kommunen/testkreis/{route}", headers=DE)
        assert response.status_code == 429 and response.mimetype == "text/html"
        assert "viele PDF-Dateien angefordert" in response.get_data(as_text=True)
        assert int(response.headers["Retry-After"]) > 0
    assert client.get("/kommunen/testkreis/profil", headers=DE).status_code == 200  # the pages go on
    other = client.get("/kommunen/gibt-es-nicht/profil.pdf", environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert other.status_code == 404  # another client has its own budget
