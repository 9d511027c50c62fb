"""The words for a registration's state, as the planners' list and its CSV show them."""

from flask_babel import lazy_gettext as _l

STATUS_LABELS = {
    "bestaetigt": _l("angemeldet"),
    "warteliste": _l("auf der Warteliste"),
    "storniert": _l("abgemeldet"),
}


def status_label(status: str) -> str:
    return str(STATUS_LABELS.get(status, status))
