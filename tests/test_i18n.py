"""Every interface text has an English translation."""

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
METHOD_MAP = [("zwk_network/**.py", "python"), ("zwk_network/templates/**.html", "jinja2")]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None}


def test_english_catalog_is_complete():
    with open(ROOT / "zwk_network/translations/en/LC_MESSAGES/messages.po", "rb") as handle:
        catalog = read_po(handle, locale="en")
    extracted = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        str(ROOT), METHOD_MAP, keywords=KEYWORDS
    ):
        extracted.add(message[0] if isinstance(message, tuple) else message)
    missing = []
    for msgid in sorted(extracted):
        entry = catalog.get(msgid)
        translated = entry is not None and (
            all(entry.string) if isinstance(entry.string, tuple) else entry.string
        )
        if not translated or (entry and entry.fuzzy):
            missing.append(msgid)
    assert extracted and not missing, f"untranslated: {missing}"
