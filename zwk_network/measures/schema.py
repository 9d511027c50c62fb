"""The fields of a measure a planner writes, declared once (see fieldspec.py): the measure form
shows them, save_measure checks them. The Kommune, needs and actors are the planner's choices
(measures/forms.py); their rule (all of one of the planner's Kommunen) is save_measure's.

The rules are the form's as they were: title ≤ 200, description ≤ 5 000 characters.
"""

from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import String

from .. import values
from ..fieldspec import Schema, column


class MeasureStatus(StrEnum):
    IDEA = "idee"
    PLANNED = "geplant"
    RUNNING = "in_umsetzung"
    DONE = "abgeschlossen"
    DROPPED = "verworfen"


DESCRIPTION_MAX = 5000
NOTE_MAX = 5000

STATUS_LABELS = {
    MeasureStatus.IDEA.value: _l("Idee"),
    MeasureStatus.PLANNED.value: _l("geplant"),
    MeasureStatus.RUNNING.value: _l("in Umsetzung"),
    MeasureStatus.DONE.value: _l("abgeschlossen"),
    MeasureStatus.DROPPED.value: _l("verworfen"),
}

MEASURE = Schema(
    "measures",
    (
        column(
            "title",
            values.text(200),
            _l("Titel"),
            required=True,
            required_message=_l("Bitte einen Titel angeben."),
        ),
        column(
            "description",
            values.text(DESCRIPTION_MAX),
            _l("Beschreibung (öffentlich)"),
            widget="textarea",
            blank="",
        ),
        column(
            "status",
            values.choice(tuple(STATUS_LABELS)),
            _l("Status"),
            required=True,
            widget="select",
            choices=tuple(STATUS_LABELS.items()),
            blank=MeasureStatus.IDEA.value,
            column_type=String(20),
            index=True,
        ),
        column("starts_on", values.day, _l("Beginn"), widget="date"),
        column("ends_on", values.day, _l("Ende"), widget="date"),
    ),
)
