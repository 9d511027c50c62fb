"""The fields of a resident's contribution („Mitmachen“), declared once (see fieldspec.py).

What the resident wrote is public only after a planner published it; the name, the address and
how to reach a volunteer are never public (private)."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import String

from .. import values
from ..fieldspec import Field, Schema, column
from ..taxonomy import TARGET_GROUPS, THEMES
from .labels import KIND_LABELS, STATUS_LABELS, ContributionKind, ContributionStatus

CONTRIBUTION = Schema(
    "contributions",
    (
        column(
            "kind",
            values.choice(tuple(kind.value for kind in ContributionKind)),
            _l("Was möchten Sie uns sagen?"),
            required=True,
            required_message=_l("Bitte wählen Sie, worum es geht."),
            widget="select",
            choices=tuple(KIND_LABELS.items()),
            column_type=String(20),
        ),
        column(
            "text",
            values.text(3000),
            _l("Ihre Nachricht"),
            required=True,
            required_message=_l("Bitte schreiben Sie, was Sie uns mitteilen möchten."),
            widget="textarea",
            help=_l("Zum Beispiel: Was fehlt? Wo? Für wen? Was wäre eine gute Lösung?"),
        ),
        column(
            "theme",
            values.choice(tuple(THEMES)),
            _l("Thema (wenn Sie mögen)"),
            widget="select",
            choices=(("", _l("– kein bestimmtes –")), *THEMES.items()),
            column_type=String(40),
            short_label=_l("Thema"),
        ),
        column(
            "target_group",
            values.choice(tuple(TARGET_GROUPS)),
            _l("Für wen? (wenn Sie mögen)"),
            widget="select",
            choices=(("", _l("– alle –")), *TARGET_GROUPS.items()),
            column_type=String(40),
            short_label=_l("Zielgruppe"),
        ),
        column("town", values.text(120), _l("Ort (wenn Sie mögen)"), short_label=_l("Ort")),
        column(
            "name",
            values.text(200),
            _l("Ihr Name (freiwillig)"),
            private=True,
            autocomplete="name",
            section="owner",
            short_label=_l("Name"),
        ),
        column(
            "email",
            values.email,
            _l("Ihre E-Mail-Adresse (freiwillig; nötig, wenn Sie eine Antwort möchten)"),
            private=True,
            widget="email",
            autocomplete="email",
            section="owner",
            short_label=_l("E-Mail-Adresse"),
        ),
        column(
            "contact",
            values.text(500),
            _l("Wie erreichen wir Sie? (Telefon, Zeiten – nur wenn Sie mitmachen möchten)"),
            private=True,
            section="owner",
            short_label=_l("Erreichbar"),
        ),
        column(
            "status",
            values.choice(tuple(status.value for status in ContributionStatus)),
            _l("Stand"),
            form=False,
            blank=ContributionStatus.PENDING.value,
            column_type=String(20),
            index=True,
            choices=tuple(STATUS_LABELS.items()),
        ),
        column("reply", values.text(5000), _l("Antwort oder Begründung"), form=False, blank="", private=True),
    ),
    {"kommune_id": _l("Kommune"), "region_id": _l("Region"), "need_id": _l("Bedarf")},
)

FORM_FIELDS = ("kind", "text", "theme", "target_group", "town", "name", "email", "contact")
__all__ = ["CONTRIBUTION", "FORM_FIELDS", "Field"]
