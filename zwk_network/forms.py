"""Form pieces the whole site uses: choices, checkbox lists, and buttons that change something."""

from flask import abort
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectMultipleField
from wtforms.validators import ValidationError
from wtforms.widgets import CheckboxInput, ListWidget


def select_choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


class CheckboxList(SelectMultipleField):
    """Several choices as checkboxes (themes, target groups)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form) -> None:
        # WTForms' German catalog marks this message fuzzy, so it would show in English.
        allowed = {choice.value for choice in self.choices}
        unknown = [value for value in self.data or [] if value not in allowed]
        if unknown:
            raise ValidationError(_l("unbekannte Auswahl: %(values)s", values=", ".join(unknown)))


class ActionForm(FlaskForm):
    """A button that changes something: only the CSRF token."""


def require_action_token() -> None:
    """The CSRF token of a button's form, or 400."""
    if not ActionForm().validate_on_submit():
        abort(400)
