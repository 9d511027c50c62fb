"""The planner's workspace in the browser: dismissing a suggestion asks once and can be taken back."""

from sqlalchemy import select

from zwk_network.extensions import db
from zwk_network.needs.models import Need
from zwk_network.network.models import Connection

from .test_registration import sign_in_as_admin


def test_dismiss_asks_once_and_can_be_taken_back(page, live_server):
    sign_in_as_admin(page, live_server, "verwerfen@example.org")
    with live_server.app.app_context():
        need_id = db.session.scalar(select(Need.id).order_by(Need.id))
    p = page.page
    page.goto(f"/intern/bedarfe/{need_id}")
    first = p.locator("#candidates-heading ~ ol li.card").first
    name = first.locator("h3").first.inner_text().strip()
    first.locator("button", has_text="Verwerfen").click()
    p.wait_for_load_state("load")
    assert "Vorschlag verwerfen?" in p.inner_text("h1")
    p.click("text=Ja, verwerfen")
    p.wait_for_url(f"**/intern/bedarfe/{need_id}")
    dismissed = p.locator("#dismissed-heading ~ ul")
    assert name in dismissed.inner_text() and "verworfen von" in dismissed.inner_text()
    dismissed.locator("button", has_text="Zurücknehmen").first.click()
    p.wait_for_url(f"**/intern/bedarfe/{need_id}")
    assert p.locator("#dismissed-heading").count() == 0
    with live_server.app.app_context():
        assert db.session.scalar(select(Connection).where(Connection.need_id == need_id)) is None
    assert not [e for e in page.console_errors if "status of 4" not in e], page.console_errors
