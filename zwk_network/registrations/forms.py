"""The registration form of a conference."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..email_address import EmailAddress


class RegistrationForm(FlaskForm):
    name = StringField(
        _l("Name"), validators=[DataRequired(_l("Bitte Ihren Namen angeben.")), Length(max=200)]
    )
    email = EmailField(
        _l("E-Mail-Adresse"),
        validators=[
            DataRequired(_l("Bitte eine E-Mail-Adresse angeben.")),
            Length(max=254),
            EmailAddress(),
        ],
    )
    organisation = StringField(
        _l("Verein, Initiative oder Einrichtung (optional)"), validators=[Optional(), Length(max=200)]
    )
    accessibility_needs = TextAreaField(
        _l(
            "Was brauchen Sie, um gut teilnehmen zu können? "
            "(optional, z. B. stufenloser Zugang, Gebärdensprache)"
        ),
        validators=[Optional(), Length(max=2000)],
    )
    consent = BooleanField(
        _l("Ich bin einverstanden, dass das Sozialamt meine Angaben für diese Veranstaltung speichert."),
        validators=[DataRequired(_l("Ohne Ihre Zustimmung können wir die Anmeldung nicht speichern."))],
    )
    homepage = StringField("Homepage", validators=[Optional(), Length(max=500)])  # honeypot
