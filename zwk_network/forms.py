"""Form pieces the whole site uses: choices, checkbox lists, and buttons that change something."""

from flask import abort
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectMultipleField
from wtforms.validators import Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from .taxonomy import HELP_KIND_LABELS


def select_choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


class CheckboxList(SelectMultipleField):
    """Several choices as checkboxes (themes, target groups)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form) -> None:
        # WTForms' German catalog marks this message fuzzy, so it would show in English. Not lazy:
        # a lazy string counts as markup in a template (__html__), and the values are what was posted.
        allowed = {choice.value for choice in self.choices}
        unknown = [value[:60] for value in self.data or [] if value not in allowed]
        if unknown:
            raise ValidationError(_("unbekannte Auswahl: %(values)s", values=", ".join(unknown[:5])))


class HelpKindsField(CheckboxList):
    """The kinds of help (Art der Hilfe) as checkboxes. In an edit form of something without kinds,
    `fill` checks the ones its text suggests and sets `suggested`, so the page can say so."""

    def __init__(self, label=None, **kwargs):
        kwargs.setdefault("choices", select_choices(HELP_KIND_LABELS.items()))
        kwargs.setdefault("validators", [Optional()])
        super().__init__(label or _l("Art der Hilfe"), **kwargs)
        self.suggested = False

    def fill(self, stored, suggest) -> None:
        """Show the stored kinds; when there are none, the suggested ones (`suggest()`), marked."""
        self.data = list(stored or [])
        if not self.data:
            self.data = list(suggest())
            self.suggested = bool(self.data)


class ActionForm(FlaskForm):
    """A button that changes something: only the CSRF token."""


def require_action_token() -> None:
    """The CSRF token of a button's form, or 400."""
    if not ActionForm().validate_on_submit():
        abort(400)
