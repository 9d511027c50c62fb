"""The /mitmachen form (its fields from the declaration) and the planners' small forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..forms import CheckboxList, Declared, declared_field, select_choices
from .labels import KIND_LABELS
from .schema import CONTRIBUTION


class ContributionForm(FlaskForm):
    kind = RadioField(
        CONTRIBUTION["kind"].label,
        choices=select_choices(KIND_LABELS.items()),
        validate_choice=False,  # the declaration's rule decides (one message, not two)
        validators=[Declared(CONTRIBUTION["kind"])],
    )
    text = declared_field(CONTRIBUTION["text"])
    theme = declared_field(CONTRIBUTION["theme"])
    target_group = declared_field(CONTRIBUTION["target_group"])
    kommune = SelectField(_l("Kommune"), choices=[], validate_choice=False)
    town = declared_field(CONTRIBUTION["town"], description=_l("Ortsname oder Postleitzahl"))
    lat = HiddenField()
    lon = HiddenField()
    name = declared_field(CONTRIBUTION["name"])
    email = declared_field(CONTRIBUTION["email"])
    wants_answer = BooleanField(_l("Ich möchte eine Antwort per E-Mail."))
    contact = declared_field(CONTRIBUTION["contact"])
    consent = BooleanField(
        _l(
            "Ich bin einverstanden, dass das Sozialamt meine Angaben speichert, um meinen Beitrag zu "
            "prüfen und mir gegebenenfalls zu antworten. Name und Kontakt werden nie veröffentlicht."
        ),
        validators=[DataRequired(_l("Ohne Ihre Zustimmung können wir Ihren Beitrag nicht speichern."))],
    )
    homepage = StringField("Homepage", validators=[Optional(), Length(max=500)])  # honeypot


class ReasonForm(FlaskForm):
    reason = TextAreaField(_l("Begründung (geht an die Person, wenn sie eine Adresse angab)"))


class AnswerForm(FlaskForm):
    answer = TextAreaField(_l("Ihre Antwort"))
    step = HiddenField(default="preview")


class MergeForm(FlaskForm):
    need = SelectField(_l("Zu welchem Bedarf gehört es?"), choices=[], validate_choice=False)


class LinksForm(FlaskForm):
    """The needs an idea answers, the measures that take it up, the conference where it was raised."""

    needs = CheckboxList(_l("Beantwortet diese Bedarfe"), validators=[Optional()])
    measures = CheckboxList(_l("Aufgegriffen in diesen Maßnahmen"), validators=[Optional()])
    conference = SelectField(_l("Eingebracht bei der Konferenz"), choices=[], validate_choice=False)
