"""The subscribe form and the manage form."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, RadioField, StringField
from wtforms.validators import DataRequired, Length, Optional

from ..email_address import EmailAddress
from ..forms import select_choices
from .models import Frequency

FREQUENCY_CHOICES = select_choices(
    [
        (Frequency.IMMEDIATE.value, _l("sofort, wenn es Neues gibt (höchstens eine E-Mail am Tag)")),
        (Frequency.DAILY.value, _l("täglich, als Zusammenfassung")),
        (Frequency.WEEKLY.value, _l("wöchentlich, als Zusammenfassung")),
    ]
)


class FrequencyForm(FlaskForm):
    frequency = RadioField(
        _l("Wie oft?"),
        choices=FREQUENCY_CHOICES,
        default=Frequency.DAILY.value,
        validators=[DataRequired(_l("Bitte wählen Sie, wie oft Sie Nachricht möchten."))],
    )


class SubscribeForm(FrequencyForm):
    email = EmailField(
        _l("E-Mail-Adresse"),
        validators=[
            DataRequired(_l("Bitte eine E-Mail-Adresse angeben.")),
            Length(max=254),
            EmailAddress(),
        ],
    )
    consent = BooleanField(
        _l(
            "Ich bin einverstanden, dass meine E-Mail-Adresse und dieser Filter gespeichert werden, "
            "um mir Benachrichtigungen zu senden. Ich kann sie jederzeit abbestellen."
        ),
        validators=[DataRequired(_l("Ohne Ihre Zustimmung können wir keine Benachrichtigung einrichten."))],
    )
    homepage = StringField("Homepage", validators=[Optional(), Length(max=500)])  # honeypot
