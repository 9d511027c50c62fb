"""A need's states and priorities, and what the interface calls them."""

from enum import StrEnum

from flask_babel import lazy_gettext as _l


class NeedStatus(StrEnum):
    OPEN = "offen"
    IN_PROGRESS = "in_bearbeitung"
    DONE = "erledigt"


class NeedPriority(StrEnum):
    HIGH = "hoch"
    MEDIUM = "mittel"
    LOW = "niedrig"


STATUS_LABELS = {"offen": _l("offen"), "in_bearbeitung": _l("in Bearbeitung"), "erledigt": _l("erledigt")}
PRIORITY_LABELS = {"hoch": _l("hoch"), "mittel": _l("mittel"), "niedrig": _l("niedrig")}


def need_status_label(value: str) -> str:
    return str(STATUS_LABELS.get(value, value))


def need_priority_label(value: str) -> str:
    return str(PRIORITY_LABELS.get(value, value))
