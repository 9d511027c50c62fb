"""Forms of the planner workspace: a need, and a connection's state."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, FloatField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..forms import declared_field, select_choices
from ..needs.schema import NEED
from .models import ACTIVE_STATES

CONNECTION_LABELS = {
    "vorgeschlagen": _l("vorgeschlagen"),
    "kontaktiert": _l("kontaktiert"),
    "in_zusammenarbeit": _l("in Zusammenarbeit"),
    "beendet": _l("beendet"),
}


class NeedForm(FlaskForm):
    """A need: its declared fields (needs/schema.py), and where it is and who named it, as the
    planner's Kommunen, regions and conferences offer."""

    title = declared_field(NEED["title"])
    description = declared_field(
        NEED["description"],
        description=_l(
            "Öffentlich sichtbar: erscheint sofort auf der Seite des Bedarfs, in Listen und in der Suche."
        ),
    )
    themes = declared_field(NEED["themes"])
    target_groups = declared_field(NEED["target_groups"])
    help_kinds = declared_field(NEED["help_kinds"], description=_l("Welche Art von Hilfe wird gebraucht?"))
    kommune = SelectField(NEED["kommune"].label, validators=[DataRequired()])
    region = SelectField(NEED["region"].label, validators=[Optional()])
    conference = SelectField(NEED["conference"].label, validators=[Optional()])
    priority = declared_field(NEED["priority"])
    status = declared_field(NEED["status"])
    internal_note = declared_field(NEED["internal_note"])
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
