"""The place field in the browser: umlauts spelled out, postcodes, the list by keyboard, no JavaScript."""

from .conftest import RecordedPage


def offered(page) -> list[str]:
    page.wait_for_function("() => document.querySelectorAll('#s-near-places [role=option]').length > 0")
    return page.eval_on_selector_all("#s-near-places [role=option]", "els => els.map(e => e.dataset.value)")


def test_spelled_out_umlauts_and_postcodes_are_offered(page):
    page.goto("/suche")
    field = page.page.locator("#s-near")
    field.focus()
    page.page.keyboard.type("Guestr")
    assert "Güstrow" in offered(page.page)
    field.fill("")
    page.page.keyboard.type("18273")
    assert "Güstrow" in offered(page.page)


def test_a_typed_place_is_searched_with_the_keyboard(page):
    page.goto("/suche")
    page.page.locator("#s-q").fill("Jugend")
    page.page.locator("#s-near").focus()
    page.page.keyboard.type("gustrow")
    page.page.keyboard.press("Enter")
    page.page.wait_for_url("**near=gustrow**")
    main = page.page.inner_text("main")
    assert "km entfernt" in main and "kennen wir nicht" not in main
    assert not page.console_errors, page.console_errors


def test_an_unknown_place_is_said_and_the_form_kept(page):
    page.goto("/suche?q=Jugend&near=Nirgendwo")
    summary = page.page.locator("#error-summary")
    assert "kennen wir nicht" in summary.inner_text()
    assert page.page.input_value("#s-q") == "Jugend" and page.page.input_value("#s-near") == "Nirgendwo"


def test_registration_without_javascript_in_a_village(browser, live_server):
    context = browser.new_context(java_script_enabled=False, locale="de-DE")
    page = RecordedPage(context.new_page(), live_server.url)
    try:
        p = page.page
        page.goto("/eintragen/initiative")
        p.fill("#name", "Dorfchor Papendorf")
        p.fill("#summary", "Wir singen jeden Dienstag")
        p.check("input[name=themes][value=kultur]")
        p.fill("#town", "Papendorf")
        p.fill("#submitter_email", "chor@example.org")
        p.click("text=Weiter zur Prüfung")
        assert "Papendorf" in p.inner_text("main") and p.locator("#error-summary").count() == 0
        p.check("#consent")
        p.click("text=Eintrag absenden")
        p.wait_for_url("**/eintragen/danke")
    finally:
        context.close()
