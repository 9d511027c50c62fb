"""The fields of a need, declared once (see fieldspec.py).

The planner's need form and the import disagreed on the description (5 000 vs 10 000 characters);
the import's 10 000 is kept, so that an imported need can be saved by the form.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import String

from .. import values
from ..fieldspec import (
    DESCRIPTION_MAX,
    Field,
    Schema,
    column,
    id_field,
    provenance_fields,
    reference_fields,
    vocabulary_fields,
)
from .labels import PRIORITY_LABELS, STATUS_LABELS, NeedPriority, NeedStatus

NEED = Schema(
    "needs",
    (
        id_field(),
        column(
            "title",
            values.text(200),
            _l("Titel"),
            required=True,
            required_message=_l("Bitte einen Titel angeben."),
            page="own",
        ),
        column(
            "description",
            values.text(DESCRIPTION_MAX),
            _l("Beschreibung"),
            widget="textarea",
            blank="",
            page="own",
        ),
        *vocabulary_fields(),
        *reference_fields(),
        Field(
            "conference",
            values.slug,
            _l("Genannt bei"),
            form=False,
            read=lambda need: need.conference.slug if need.conference else None,
            rule="slug of a conference, e.g. `2022-luechow`, `2023-nord-ost`",
            page="own",
        ),
        column(
            "priority",
            values.choice(tuple(p.value for p in NeedPriority)),
            _l("Priorität"),
            widget="select",
            choices=tuple(PRIORITY_LABELS.items()),
            blank=NeedPriority.MEDIUM.value,
            column_type=String(20),
        ),
        column(
            "status",
            values.choice(tuple(s.value for s in NeedStatus)),
            _l("Status"),
            widget="select",
            choices=tuple(STATUS_LABELS.items()),
            blank=NeedStatus.OPEN.value,
            column_type=String(20),
            index=True,
        ),
        *provenance_fields(),
        column(
            "internal_note",
            values.text(5000),
            _l("Interne Notiz (nur für das Sozialamt)"),
            widget="textarea",
            blank="",
            private=True,
            exchange=False,  # never public: no page, API, export, search index, feed or matching reason
            short_label=_l("Interne Notiz"),
            help=_l("Wird nie veröffentlicht: für Absprachen, Kontakte und Zwischenstände."),
        ),
    ),
    {
        "kommune_id": _l("Kommune"),
        "region_id": _l("Region"),
        "conference_id": _l("Genannt bei"),
        "area": _l("Fläche"),
    },
)
