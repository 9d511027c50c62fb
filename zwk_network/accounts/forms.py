"""The sign-in form, the password forms, and the admins' form of a staff account."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Optional

from ..forms import CheckboxList, select_choices
from .services import MAX_PASSWORD_LENGTH

ROLE_LABELS = {"planner": _l("Planerin / Planer (eigene Kommunen)"), "admin": _l("Admin (alle Kommunen)")}


class LoginForm(FlaskForm):
    email = EmailField(_l("E-Mail-Adresse"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Passwort"), validators=[DataRequired(), Length(max=500)])


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("E-Mail-Adresse"), validators=[DataRequired(), Length(max=254)])


class NewPasswordForm(FlaskForm):
    password = PasswordField(
        _l("Neues Passwort"),
        validators=[DataRequired(), Length(max=MAX_PASSWORD_LENGTH)],
        description=_l("Mindestens 12 Zeichen; ein Satz aus mehreren Wörtern ist gut zu merken."),
    )
    again = PasswordField(
        _l("Neues Passwort wiederholen"),
        validators=[DataRequired(), EqualTo("password", message=_l("stimmt nicht mit dem ersten überein"))],
    )


class StaffForm(FlaskForm):
    """A staff account as admins manage it (the address only when it is created)."""

    email = EmailField(_l("E-Mail-Adresse"), validators=[Optional(), Length(max=254)])
    name = StringField(_l("Name"), validators=[Optional(), Length(max=200)])
    role = SelectField(_l("Rolle"), choices=select_choices(ROLE_LABELS.items()))
    kommunen = CheckboxList(
        _l("Kommunen"), description=_l("Für Planerinnen und Planer: die Kommunen, für die sie arbeiten.")
    )
    active = BooleanField(_l("Konto aktiv (kann sich anmelden)"))
