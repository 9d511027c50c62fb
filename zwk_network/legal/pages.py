"""The five pages: keys, addresses and titles (the chrome is translated; the texts are the operator's)."""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class LegalPage:
    key: str  # stored in legal_texts.page, and the address: /<key>, /kommunen/<slug>/<key>
    label: str  # the page's name in the footer and the staff list (translated)
    law: str  # what asks for it (shown to admins)


PAGES = {
    page.key: page
    for page in (
        LegalPage("impressum", _l("Impressum"), "§ 5 DDG"),
        LegalPage("datenschutz", _l("Datenschutzerklärung"), "Art. 13 und 14 DSGVO"),
        LegalPage("barrierefreiheit", _l("Erklärung zur Barrierefreiheit"), "§ 7 BITV 2.0"),
        LegalPage("leichte-sprache", _l("Leichte Sprache"), "§ 4 BITV 2.0"),
        LegalPage("gebaerdensprache", _l("Gebärdensprache"), "§ 4 BITV 2.0"),
    )
}

#: Languages a text can be written in: German (required for the installation), English (optional).
LANGUAGES = {"de": _l("Deutsch"), "en": _l("Englisch")}
