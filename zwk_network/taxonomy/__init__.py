"""The fixed vocabularies: themes and target groups, with their labels in the interface."""

from flask_babel import lazy_gettext as _l

#: Theme slugs are fixed; the order is the order shown in the interface.
THEMES = {
    "begegnung": _l("Begegnung"),
    "mobilitaet": _l("Mobilität"),
    "jugend": _l("Jugend"),
    "senioren": _l("Senioren"),
    "familie": _l("Familie"),
    "gesundheit": _l("Gesundheit"),
    "bildung": _l("Bildung"),
    "kultur": _l("Kultur"),
    "sport": _l("Sport"),
    "ehrenamt": _l("Ehrenamt"),
    "nahversorgung": _l("Nahversorgung"),
    "digitales": _l("Digitales"),
    "wohnen": _l("Wohnen"),
    "umwelt": _l("Umwelt"),
    "arbeit": _l("Arbeit"),
    "integration": _l("Integration"),
}

TARGET_GROUPS = {
    "kinder": _l("Kinder"),
    "jugendliche": _l("Jugendliche"),
    "familien": _l("Familien"),
    "erwachsene": _l("Erwachsene"),
    "senioren": _l("Senioren"),
    "alle-generationen": _l("Alle Generationen"),
    "menschen-mit-behinderung": _l("Menschen mit Behinderung"),
    "zugewanderte": _l("Zugewanderte"),
}


def theme_label(slug: str) -> str:
    return str(THEMES.get(slug, slug))


def target_group_label(slug: str) -> str:
    return str(TARGET_GROUPS.get(slug, slug))


def unknown_slugs(slugs, vocabulary) -> list[str]:
    """The slugs that are not in the vocabulary, in the order given."""
    return [slug for slug in slugs if slug not in vocabulary]
