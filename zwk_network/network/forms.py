"""Forms of the planner workspace: a need, and a connection's state."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, FloatField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..forms import declared_field
from ..needs.schema import NEED
from .schema import CONNECTION
from .services import SUBJECT_MAX, TEXT_MAX


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
    """A connection's state, notes and dates: its declared fields (network/schema.py)."""

    status = declared_field(CONNECTION["status"])
    notes = declared_field(CONNECTION["notes"])
    started_on = declared_field(CONNECTION["started_on"])
    ended_on = declared_field(CONNECTION["ended_on"])


class IntroductionForm(FlaskForm):
    """The introduction e-mail as the planner sends it (the service checks the limits again)."""

    subject = StringField(_l("Betreff"), validators=[DataRequired(), Length(max=SUBJECT_MAX)])
    text = TextAreaField(_l("Text der E-Mail"), validators=[DataRequired(), Length(max=TEXT_MAX)])
    again = BooleanField(_l("Ja, noch einmal senden"))
