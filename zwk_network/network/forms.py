"""Forms of the planner workspace: a need, and a connection's state."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, FloatField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..forms import CheckboxList, HelpKindsField, select_choices
from ..needs.labels import PRIORITY_LABELS, STATUS_LABELS
from ..taxonomy import TARGET_GROUPS, THEMES
from .models import ACTIVE_STATES

CONNECTION_LABELS = {"vorgeschlagen": _l("vorgeschlagen"), "kontaktiert": _l("kontaktiert"),
                     "in_zusammenarbeit": _l("in Zusammenarbeit"), "beendet": _l("beendet")}  # fmt: skip


class NeedForm(FlaskForm):
    title = StringField(
        _l("Titel"), validators=[DataRequired(_l("Bitte einen Titel angeben.")), Length(max=200)]
    )
    description = TextAreaField(_l("Beschreibung"), validators=[Optional(), Length(max=5000)])
    themes = CheckboxList(_l("Themen"), choices=select_choices(THEMES.items()), validators=[Optional()])
    target_groups = CheckboxList(
        _l("Zielgruppen"), choices=select_choices(TARGET_GROUPS.items()), validators=[Optional()]
    )
    help_kinds = HelpKindsField(description=_l("Welche Art von Hilfe wird gebraucht?"))
    kommune = SelectField(_l("Kommune"), validators=[DataRequired()])
    region = SelectField(_l("Region"), validators=[Optional()])
    conference = SelectField(_l("Genannt bei"), validators=[Optional()])
    priority = SelectField(_l("Priorität"), choices=select_choices(PRIORITY_LABELS.items()), default="mittel")
    status = SelectField(_l("Status"), choices=select_choices(STATUS_LABELS.items()), default="offen")
    lat = FloatField(_l("Breitengrad"), validators=[Optional()])
    lon = FloatField(_l("Längengrad"), validators=[Optional()])
    area = TextAreaField(_l("Fläche"), validators=[Optional(), Length(max=200_000)])


class ConnectionForm(FlaskForm):
    status = SelectField(
        _l("Stand"), choices=select_choices((s.value, CONNECTION_LABELS[s.value]) for s in ACTIVE_STATES)
    )
    notes = TextAreaField(_l("Notizen"), validators=[Optional(), Length(max=5000)])
    started_on = DateField(_l("Beginn"), validators=[Optional()])
    ended_on = DateField(_l("Ende"), validators=[Optional()])
