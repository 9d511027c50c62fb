"""The planner's form for a conference (the next round, a kick-off …)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField, StringField, TextAreaField, TimeField
from wtforms.validators import DataRequired, Length, NumberRange, Optional


class ConferenceForm(FlaskForm):
    title = StringField(
        _l("Titel"), validators=[DataRequired(_l("Bitte einen Titel angeben.")), Length(max=200)]
    )
    kind = StringField(_l("Art"), default="Regionalkonferenz", validators=[DataRequired(), Length(max=80)])
    kommune = SelectField(_l("Kommune"), validators=[DataRequired()])
    round = IntegerField(_l("Runde"), default=1, validators=[DataRequired(), NumberRange(min=1, max=20)])
    date = DateField(_l("Datum"), validators=[DataRequired(_l("Bitte ein Datum angeben."))])
    starts_at = TimeField(_l("Beginn"), validators=[Optional()])
    ends_at = TimeField(_l("Ende"), validators=[Optional()])
    venue_name = StringField(_l("Veranstaltungsort"), validators=[Optional(), Length(max=200)])
    venue_address = StringField(_l("Adresse"), validators=[Optional(), Length(max=300)])
    town = StringField(_l("Ort"), validators=[Optional(), Length(max=200)])
    description = TextAreaField(_l("Programm und Beschreibung"), validators=[Optional(), Length(max=5000)])
    capacity = IntegerField(
        _l("Plätze für die Online-Anmeldung (leer: unbegrenzt)"),
        validators=[Optional(), NumberRange(min=1, max=10_000)],
    )
