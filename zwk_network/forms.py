"""Form pieces the whole site uses: choices, checkbox lists, declared fields, buttons that change things."""

from flask import abort
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    Choice,
    DateField,
    EmailField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TelField,
    TextAreaField,
    TimeField,
    URLField,
)
from wtforms.validators import Optional, StopValidation, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget, NumberInput

from .fieldspec import Field
from .kind_labels import lazy_kind_label
from .taxonomy import HELP_KIND_LABELS, VOCABULARIES
from .values import Refused


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


class Declared:
    """Checks a form field by its declaration's rule – the one the import applies too – and keeps
    the clean value in `field.clean` (None when blank or refused)."""

    def __init__(self, spec: Field):
        self.spec = spec
        self.field_flags = {"required": True} if spec.required else {}

    def __call__(self, form, field) -> None:
        field.clean = None
        try:
            field.clean = self.spec.check(field.data)
        except Refused as error:
            # str(): a lazy string would count as markup in a template, and reasons may quote input.
            raise StopValidation(str(error.reason)) from None


class OpenSelectField(SelectField):
    """A select whose choices are suggestions: the declaration's rule decides what is valid, and a
    value that is not among them (an imported entry's own kind) is offered as well."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validate_choice", False)
        super().__init__(*args, **kwargs)

    def iter_choices(self):
        choices = super().iter_choices()
        if self.data and not any(choice.selected for choice in choices):
            choices = [Choice(self.data, self.data, True, {}), *choices]
        return choices


YES_NO_CHOICES = [("", _l("weiß nicht")), ("ja", _l("ja")), ("nein", _l("nein"))]
YES_NO_VALUES = {True: "ja", False: "nein", None: ""}
_FIELD_CLASSES = {
    "text": StringField,
    "textarea": TextAreaField,
    "email": EmailField,
    "url": URLField,
    "tel": TelField,
    "date": DateField,
    "time": TimeField,
}


def declared_field(spec: Field, **options):
    """The WTForms field of a declared field: its label, help text as description, and its rule."""
    options.setdefault("description", spec.help or "")
    render_kw = {"autocomplete": spec.autocomplete} if spec.autocomplete else {}
    if spec.widget == "textarea":
        render_kw["rows"] = 5 if (spec.max_length or 0) >= 5000 else 2
        if spec.max_length:  # said in the hint before sending, not only in the error after it
            render_kw["data-max-length"] = spec.max_length
    if render_kw:
        options.setdefault("render_kw", render_kw)
    validators = [Declared(spec)]
    if spec.widget == "checkboxes":
        if spec.name == "help_kinds":
            return HelpKindsField(spec.label, validators=validators, **options)
        choices = select_choices(VOCABULARIES[spec.name].items())
        return CheckboxList(spec.label, choices=choices, validators=validators, **options)
    if spec.widget == "select":
        # A kind is stored in German and offered in the interface language (kind_labels.py); the
        # label stays lazy, as forms are declared once, outside any request.
        pairs = [
            choice if isinstance(choice, tuple) else (choice, lazy_kind_label(choice))
            for choice in spec.choices
        ]
        if hasattr(spec.parse, "values"):  # a closed list: only its values are offered and taken
            return SelectField(
                spec.label,
                choices=select_choices(pairs),
                default=spec.blank,
                validators=validators,
                **options,
            )
        return OpenSelectField(
            spec.label, choices=select_choices(pairs), default=spec.blank, validators=validators, **options
        )
    if spec.widget == "yes_no":
        return SelectField(
            spec.label, choices=select_choices(YES_NO_CHOICES), default="", validators=validators, **options
        )
    if spec.widget == "number":
        step = "1" if getattr(spec.parse, "integer", False) else "any"
        return StringField(spec.label, widget=NumberInput(step=step), validators=validators, **options)
    return _FIELD_CLASSES[spec.widget](spec.label, validators=validators, **options)


def form_value(spec: Field, value):
    """A stored value as its form field shows it (an edit form's pre-filling)."""
    if spec.widget == "yes_no":
        return YES_NO_VALUES.get(value, "")
    return value
