"""The fields of a connection a planner writes, declared once (see fieldspec.py): the connection
form (network/forms.py) shows them, update_connection checks them. Need, entry and score come from
the confirmed candidate, not from a form.

The rules are the form's as they were: a state of a confirmed connection, notes ≤ 5 000 characters.
"""

from flask_babel import lazy_gettext as _l

from .. import values
from ..fieldspec import Schema, column
from .models import ACTIVE_STATES

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
        ),
        column("notes", values.text(NOTES_MAX), _l("Notizen"), widget="textarea", blank=""),
        column("started_on", values.day, _l("Beginn"), widget="date"),
        column("ended_on", values.day, _l("Ende"), widget="date"),
    ),
)
