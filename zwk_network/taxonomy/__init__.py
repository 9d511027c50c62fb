"""The fixed vocabularies: themes, target groups and kinds of help, with their labels in the interface."""

import math
from dataclasses import dataclass

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


@dataclass(frozen=True)
class HelpKind:
    """A kind of help (Art der Hilfe): what an entry offers and a need asks for, and how far it may be.

    `reach_km`: how far people go to it (a meeting place, a shop: a few km); None when it comes to
    the people (a Fahrdienst, a Besuchsdienst): then the entry's service radius is its reach;
    infinite for an online offer. `bridged_by`: kinds that bring people to it where it is missing – a
    Fahrdienst takes them to the shop or the practice that closed in their village (a partial answer,
    matching/score.py). matching/score.py explains the choices.
    """

    label: object
    reach_km: float | None
    bridged_by: tuple[str, ...] = ()


#: Kinds of help, in the order shown. Kept small on purpose: a planner must tell them apart at a glance.
HELP_KINDS = {
    "treffpunkt": HelpKind(_l("Treffpunkt und Raum"), 5.0),
    "versorgung": HelpKind(_l("Versorgung (Laden, Praxis)"), 5.0, bridged_by=("fahrdienst",)),
    "freizeit": HelpKind(_l("Freizeit, Sport und Kultur"), 10.0),
    "engagement": HelpKind(_l("Beteiligung und Engagement"), 10.0),
    "bildung": HelpKind(_l("Kurs und Bildung"), 15.0),
    "beratung": HelpKind(_l("Beratung"), 25.0),
    "fahrdienst": HelpKind(_l("Fahrdienst und Mobilität"), None),
    "besuchsdienst": HelpKind(_l("Besuchsdienst und Nachbarschaftshilfe"), None),
    "online": HelpKind(_l("Online-Angebot"), math.inf),
}
HELP_KIND_LABELS = {slug: kind.label for slug, kind in HELP_KINDS.items()}
#: An online entry is within reach everywhere for its other kinds.
ONLINE = "online"

#: The vocabularies an entry or a need is tagged with: record key -> {slug: label}.
VOCABULARIES = {"themes": THEMES, "target_groups": TARGET_GROUPS, "help_kinds": HELP_KIND_LABELS}
#: What each vocabulary is called on pages (change lists, the audit log).
VOCABULARY_NAMES = {
    "themes": _l("Themen"),
    "target_groups": _l("Zielgruppen"),
    "help_kinds": _l("Art der Hilfe"),
}


def theme_label(slug: str) -> str:
    return str(THEMES.get(slug, slug))


def target_group_label(slug: str) -> str:
    return str(TARGET_GROUPS.get(slug, slug))


def help_kind_label(slug: str) -> str:
    kind = HELP_KINDS.get(slug)
    return str(kind.label) if kind else slug


def unknown_slugs(slugs, vocabulary) -> list[str]:
    """The slugs that are not in the vocabulary, in the order given."""
    return [slug for slug in slugs if slug not in vocabulary]
