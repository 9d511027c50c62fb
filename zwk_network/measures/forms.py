"""The planner's measure form (its declared fields, measures/schema.py, and the planner's choices)
and the progress-note form."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, SelectMultipleField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..forms import CheckboxList, declared_field
from .schema import MEASURE, NOTE_MAX


class MeasureForm(FlaskForm):
    title = declared_field(MEASURE["title"])
    description = declared_field(MEASURE["description"])
    kommune = SelectField(_l("Kommune"), validators=[DataRequired()])
    status = declared_field(MEASURE["status"])
    starts_on = declared_field(MEASURE["starts_on"])
    ends_on = declared_field(MEASURE["ends_on"])
    needs = CheckboxList(_l("Für diese Bedarfe"), validators=[Optional()])
    responsible = SelectField(_l("Verantwortlich"), validators=[Optional()])
    partners = SelectMultipleField(_l("Partner"), validators=[Optional()])


class NoteForm(FlaskForm):
    noted_on = DateField(_l("Datum"), validators=[DataRequired(_l("Bitte ein Datum angeben."))])
    text = TextAreaField(
        _l("Fortschritt (intern)"),
        validators=[DataRequired(_l("Bitte einen Text angeben.")), Length(max=NOTE_MAX)],
    )
