"""The fields of a connection a planner writes, declared once (see fieldspec.py): the connection
form (network/forms.py) shows them, update_connection checks them. Need, entry and score come from
the confirmed candidate, not from a form.

The rules are the form's as they were: a state of a confirmed connection, notes ≤ 5 000 characters.
"""

from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import String

from .. import values
from ..fieldspec import Schema, column


class ConnectionStatus(StrEnum):
    PROPOSED = "vorgeschlagen"
    CONTACTED = "kontaktiert"
    COOPERATING = "in_zusammenarbeit"
    ENDED = "beendet"
    DISMISSED = "verworfen"  # a candidate the planner ruled out: no longer suggested for this need


#: The states of a confirmed connection, in their usual order.
ACTIVE_STATES = (
    ConnectionStatus.PROPOSED,
    ConnectionStatus.CONTACTED,
    ConnectionStatus.COOPERATING,
    ConnectionStatus.ENDED,
)

NOTES_MAX = 5000
#: What pages call each state of a connection.
CONNECTION_LABELS = {
    "vorgeschlagen": _l("vorgeschlagen"),
    "kontaktiert": _l("kontaktiert"),
    "in_zusammenarbeit": _l("in Zusammenarbeit"),
    "beendet": _l("beendet"),
}

CONNECTION = Schema(
    "connections",
    (
        column(
            "status",
            values.choice(tuple(state.value for state in ACTIVE_STATES)),
            _l("Stand"),
            required=True,
            widget="select",
            choices=tuple((state.value, CONNECTION_LABELS[state.value]) for state in ACTIVE_STATES),
            blank=ConnectionStatus.PROPOSED.value,
            column_type=String(30),
        ),
        column("notes", values.text(NOTES_MAX), _l("Notizen"), widget="textarea", blank=""),
        column("started_on", values.day, _l("Beginn"), widget="date"),
        column("ended_on", values.day, _l("Ende"), widget="date"),
    ),
)
