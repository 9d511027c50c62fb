"""The words for kinds of things, as the interface language says them.

Kinds are stored in German as they were entered or imported („Verein“, „Begegnungsstätte“,
„Landkreis“, „Regionalkonferenz“): the data and its exchange formats keep them so. Pages show
them through `kind_label`, which translates the kinds the site knows and leaves any other kind
(an imported entry's own) as it was written."""

from flask_babel import lazy_gettext as _l

#: Every kind the site offers or seeds: of initiatives (organisations), meeting places, Kommunen,
#: conferences and gazetteer places.
KIND_LABELS = {
    # initiatives: kinds of organisation (registry.models.INITIATIVE_KINDS)
    "Verein": _l("Verein"),
    "Initiative": _l("Initiative"),
    "Kirchengemeinde": _l("Kirchengemeinde"),
    "Öffentliche Einrichtung": _l("Öffentliche Einrichtung"),
    "Unternehmen": _l("Unternehmen"),
    "Stiftung": _l("Stiftung"),
    "Netzwerk": _l("Netzwerk"),
    # meeting places (registry.models.MEETING_PLACE_KINDS)
    "Mehrgenerationenhaus": _l("Mehrgenerationenhaus"),
    "Begegnungsstätte": _l("Begegnungsstätte"),
    "Begegnungszentrum": _l("Begegnungszentrum"),
    "Dorfgemeinschaftshaus": _l("Dorfgemeinschaftshaus"),
    "Jugendclub": _l("Jugendclub"),
    "Bibliothek": _l("Bibliothek"),
    "Gemeindehaus": _l("Gemeindehaus"),
    "Café": _l("Café"),
    # Kommunen
    "Landkreis": _l("Landkreis"),
    "Städteverbund": _l("Städteverbund"),
    # conferences
    "Regionalkonferenz": _l("Regionalkonferenz"),
    "Auftaktveranstaltung": _l("Auftaktveranstaltung"),
    # gazetteer places and regions
    "Stadt": _l("Stadt"),
    "Gemeinde": _l("Gemeinde"),
    "Ortsteil": _l("Ortsteil"),
    "Region": _l("Region"),
}


def lazy_kind_label(kind: str):
    """A kind's label translated when it is shown (a form's choice, declared outside any request)."""
    return KIND_LABELS.get(kind, kind)


def kind_label(kind: str | None) -> str:
    """A stored kind in the interface language; a kind the site does not know, as written."""
    if not kind:
        return ""
    label = KIND_LABELS.get(kind)
    return str(label) if label is not None else kind
