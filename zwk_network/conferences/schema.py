"""The fields of a conference a planner writes, declared once (see fieldspec.py): the planner's form
(conferences/forms.py) shows them, save_conference checks them, in the order of the form.

The rules are the form's as they were (title ≤ 200, kind ≤ 80, round 1–20, description ≤ 5 000,
online places 1–10 000); save_conference now checks them too, so a service caller gets the same
plain-German reasons as the form.
"""

from flask_babel import lazy_gettext as _l

from .. import values
from ..fieldspec import Schema, column

DESCRIPTION_MAX = 5000

CONFERENCE = Schema(
    "conferences",
    (
        column(
            "title",
            values.text(200),
            _l("Titel"),
            required=True,
            required_message=_l("Bitte einen Titel angeben."),
            wide=True,
        ),
        column("kind", values.text(80), _l("Art"), required=True, blank="Regionalkonferenz"),
        column(
            "round", values.number(1, 20, integer=True), _l("Runde"), required=True, widget="number", blank=1
        ),
        column(
            "date",
            values.day,
            _l("Datum"),
            required=True,
            required_message=_l("Bitte ein Datum angeben."),
            widget="date",
            nullable=True,  # earlier rounds in the seed data are known by their year only
        ),
        column("starts_at", values.clock, _l("Beginn"), widget="time"),
        column("ends_at", values.clock, _l("Ende"), widget="time"),
        column("venue_name", values.text(200), _l("Veranstaltungsort")),
        column("venue_address", values.text(300), _l("Adresse")),
        column("town", values.text(200), _l("Ort")),
        column(
            "description",
            values.text(DESCRIPTION_MAX),
            _l("Programm und Beschreibung"),
            widget="textarea",
            blank="",
            wide=True,
        ),
        column(
            "capacity",
            values.number(1, 10_000, integer=True),
            _l("Plätze für die Online-Anmeldung (leer: unbegrenzt)"),
            widget="number",
            rule="places for online registration; empty: no limit",
        ),
    ),
)
