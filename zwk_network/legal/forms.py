"""The admin's forms for the legal texts, and the accessibility feedback form."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..email_address import EmailAddress
from .services import BODY_MAX, TITLE_MAX


class LegalTextForm(FlaskForm):
    title = StringField(_l("Überschrift"), validators=[Optional(), Length(max=TITLE_MAX)])
    body = TextAreaField(
        _l("Text (Markdown)"),
        description=_l(
            "Absätze durch eine Leerzeile trennen; „## Abschnitt“ für Zwischenüberschriften, "
            "„- “ für Listen, [Linktext](https://…) oder [E-Mail](mailto:…) für Links. "
            "HTML wird nicht ausgeführt, sondern als Text gezeigt."
        ),
        validators=[Optional(), Length(max=BODY_MAX)],
    )


class AccessibilityFeedbackForm(FlaskForm):
    """A barrier reported from the accessibility statement: stored nowhere, mailed to the contact."""

    where = StringField(
        _l("Auf welcher Seite oder bei welchem Inhalt? (optional)"), validators=[Optional(), Length(max=200)]
    )
    description = TextAreaField(
        _l("Welche Barriere ist Ihnen begegnet?"),
        description=_l("Was wollten Sie tun, und was hat nicht funktioniert? Womit nutzen Sie die Seite?"),
        validators=[DataRequired(_l("Bitte beschreiben Sie die Barriere.")), Length(max=5000)],
    )
    address = StringField(
        _l("Adresse der Seite (optional)"),
        description=_l("z. B. aus der Adresszeile des Browsers kopiert"),
        validators=[Optional(), Length(max=500)],
    )
    name = StringField(_l("Ihr Name (optional)"), validators=[Optional(), Length(max=200)])
    email = EmailField(
        _l("Ihre E-Mail-Adresse für eine Antwort (optional)"),
        validators=[Optional(), Length(max=254), EmailAddress()],
    )
    consent = BooleanField(
        _l(
            "Ich bin einverstanden, dass meine Angaben zur Bearbeitung per E-Mail "
            "an die zuständige Stelle gehen."
        ),
        validators=[DataRequired(_l("Ohne Ihre Zustimmung können wir die Meldung nicht weitergeben."))],
    )
    homepage = StringField("Homepage", validators=[Optional(), Length(max=500)])  # honeypot


class AccessibilityContactForm(FlaskForm):
    """An admin's settings of the statement: where feedback goes, which enforcement body it names."""

    feedback_email = EmailField(
        _l("E-Mail-Adresse für Rückmeldungen zur Barrierefreiheit"),
        description=_l("Leer: die Adresse der Installation (ohne sie: die Admins)."),
        validators=[Optional(), Length(max=254)],
    )
    enforcement_name = TextAreaField(
        _l("Durchsetzungs- bzw. Schlichtungsstelle: Name und Anschrift"),
        description=_l("Leer: die Angabe der Installation."),
        validators=[Optional(), Length(max=2000)],
    )
    enforcement_url = StringField(
        _l("Website der Schlichtungsstelle"), validators=[Optional(), Length(max=500)]
    )
