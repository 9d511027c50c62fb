"""Subscribing in a real browser, on a desktop and a phone: from the search to the confirmation mail's
link and the private manage page; axe on every page of the journey, nothing scrolls sideways."""

import re
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest

from .test_registration import serious_violations

CONFIRM = re.compile(r"https?://\S+(/benachrichtigen/bestaetigen/[A-Za-z0-9_.-]+)")
SHOTS = Path("/tmp/mitmachen_shots")


def confirmation_path(app, address: str) -> str:
    for path in sorted(Path(app.config["MAIL_OUTBOX"]).glob("*.eml")):
        message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
        if address in message["To"]:
            found = CONFIRM.search(message.get_body(("plain",)).get_content())
            if found:
                return found.group(1)
    raise AssertionError(f"no confirmation mail to {address}")


def looked_at(page, name: str, width: int) -> None:
    """Nothing serious for axe, no sideways scrolling; a screenshot to look at."""
    p = page.page
    assert serious_violations(p) == [], p.url
    assert p.evaluate("document.scrollingElement.scrollWidth <= innerWidth"), p.url
    SHOTS.mkdir(exist_ok=True)
    p.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)


@pytest.mark.parametrize("width", [1280, 390])
def test_subscribe_confirm_and_manage(page, live_server, width):
    p = page.page
    p.set_viewport_size({"width": width, "height": 900})
    address = f"leserin-{width}@example.org"
    page.goto("/suche?theme=senioren")
    p.click("text=Benachrichtigen, wenn hier Neues erscheint")
    p.wait_for_url("**/benachrichtigen?theme=senioren")
    assert "Senioren" in p.inner_text("dl.facts")
    looked_at(page, "subscribe", width)
    p.click('button:has-text("Benachrichtigung einrichten")')  # nothing filled in: the errors are announced
    summary = p.locator("#error-summary")
    assert summary.get_attribute("role") == "alert" and "E-Mail" in summary.inner_text()
    looked_at(page, "subscribe-errors", width)
    p.fill("#email", address)
    p.check("input[name=frequency][value=woechentlich]")
    p.check("#consent")
    p.click('button:has-text("Benachrichtigung einrichten")')
    p.wait_for_url("**/benachrichtigen/gesendet")
    looked_at(page, "sent", width)
    page.goto(confirmation_path(live_server.app, address))
    assert "Senioren" in p.inner_text("main") and "wöchentlich" in p.inner_text("main")
    looked_at(page, "confirm", width)
    p.click('button:has-text("Ja, benachrichtigen")')
    p.wait_for_url(re.compile(r".*/benachrichtigung/[^?]+\?confirmed=1$"))
    assert "Die Benachrichtigung ist bestätigt" in p.inner_text("p.notice[role=status]")
    looked_at(page, "manage", width)
    p.check("input[name=frequency][value=taeglich]")
    p.click('button:has-text("Speichern")')
    p.wait_for_url("**saved=1")
    assert p.is_checked("input[name=frequency][value=taeglich]")
    p.click('button:has-text("Abbestellen und Adresse löschen")')
    assert "gelöscht" in p.inner_text("main")
    looked_at(page, "ended", width)
    # The form with errors came with status 400, which Chromium logs; nothing else may appear.
    assert [e for e in page.console_errors if "status of 400" not in e] == []
