"""The planner's measure form and the progress-note form."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..forms import CheckboxList, select_choices
from .services import STATUS_LABELS


class MeasureForm(FlaskForm):
    title = StringField(
        _l("Titel"), validators=[DataRequired(_l("Bitte einen Titel angeben.")), Length(max=200)]
    )
    description = TextAreaField(_l("Beschreibung (öffentlich)"), validators=[Optional(), Length(max=5000)])
    kommune = SelectField(_l("Kommune"), validators=[DataRequired()])
    status = SelectField(_l("Status"), choices=select_choices(STATUS_LABELS.items()), default="idee")
    starts_on = DateField(_l("Beginn"), validators=[Optional()])
    ends_on = DateField(_l("Ende"), validators=[Optional()])
    needs = CheckboxList(_l("Für diese Bedarfe"), validators=[Optional()])
    responsible = SelectField(_l("Verantwortlich"), validators=[Optional()])
    partners = SelectMultipleField(_l("Partner"), validators=[Optional()])


class NoteForm(FlaskForm):
    noted_on = DateField(_l("Datum"), validators=[DataRequired(_l("Bitte ein Datum angeben."))])
    text = TextAreaField(
        _l("Fortschritt (intern)"),
        validators=[DataRequired(_l("Bitte einen Text angeben.")), Length(max=5000)],
    )
