"""The planner's form for a conference (the next round, a kick-off …): its declared fields
(conferences/schema.py), checked by the declaration's rules, and the planner's Kommunen."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.validators import DataRequired

from ..forms import declared_field
from .schema import CONFERENCE


class ConferenceForm(FlaskForm):
    """What conferences/schema.py declares, then the Kommune (declared_fields adds them below)."""

    kommune = SelectField(_l("Kommune"), validators=[DataRequired()])

    def cleaned(self) -> dict:
        """The declared fields' clean values (after validate), as save_conference takes them."""
        return {spec.name: self[spec.name].clean for spec in CONFERENCE.form_fields()}


for _spec in CONFERENCE.form_fields():
    _default = {"default": _spec.blank} if _spec.blank not in (None, "") else {}
    setattr(ConferenceForm, _spec.name, declared_field(_spec, **_default))
