"""The admin's form for one legal text."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import Length, Optional

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
