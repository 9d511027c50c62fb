"""The staff's forms of the profile: a SWOT item, a key figure (their declared fields,
profiles/schema.py, and the planner's choices) and the key figures' CSV import."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField
from wtforms.validators import DataRequired, Optional

from ..forms import CheckboxList, declared_field
from .schema import KEY_FIGURE, SWOT_ITEM


class SwotForm(FlaskForm):
    category = declared_field(SWOT_ITEM["category"])
    text = declared_field(SWOT_ITEM["text"])
    kommune = SelectField(_l("Kommune"), validators=[DataRequired()])
    region = SelectField(_l("Region"), validators=[Optional()])
    theme = declared_field(SWOT_ITEM["theme"])
    needs = CheckboxList(_l("Betrifft diese Bedarfe"), validators=[Optional()])
    initiatives = CheckboxList(_l("Betrifft diese Initiativen"), validators=[Optional()])
    measures = CheckboxList(_l("Betrifft diese Maßnahmen"), validators=[Optional()])


class KeyFigureForm(FlaskForm):
    indicator = declared_field(KEY_FIGURE["indicator"])
    label = declared_field(KEY_FIGURE["label"])
    value = declared_field(KEY_FIGURE["value"])
    unit = declared_field(KEY_FIGURE["unit"])
    year = declared_field(KEY_FIGURE["year"])
    source = declared_field(KEY_FIGURE["source"])
    kommune = SelectField(_l("Kommune"), validators=[DataRequired()])
    region = SelectField(_l("Region"), validators=[Optional()])


class FigureImportForm(FlaskForm):
    kommune = SelectField(_l("Kommune"), validators=[DataRequired()])
    file = FileField(
        _l("CSV-Datei"),
        validators=[FileRequired(_l("Bitte eine CSV-Datei wählen."))],
        description=_l("UTF-8, Spalten durch Komma oder Semikolon getrennt; höchstens 1 MB."),
    )
