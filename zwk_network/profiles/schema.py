"""The fields of a SWOT item and of a key figure, declared once (see fieldspec.py): the staff
forms show them, the services check them, the key figures' CSV import reads them.

A SWOT item's Kommune, region and linked needs, initiatives and measures are the planner's choices
(profiles/forms.py); their rule (all of the item's Kommune) is save_swot_item's. A key figure is one
value of one statistic („Bevölkerung nach Altersgruppen“, „unter 18 Jahre“, 2023), with its source;
figures of the same statistic, year, region and unit make one chart.
"""

from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import String

from .. import values
from ..fieldspec import Field, Schema, column
from ..taxonomy import THEMES


class SwotCategory(StrEnum):
    STRENGTH = "staerke"
    WEAKNESS = "schwaeche"
    OPPORTUNITY = "chance"
    THREAT = "risiko"


#: One item's kind (the form's choice) …
CATEGORY_LABELS = {
    SwotCategory.STRENGTH.value: _l("Stärke"),
    SwotCategory.WEAKNESS.value: _l("Schwäche"),
    SwotCategory.OPPORTUNITY.value: _l("Chance"),
    SwotCategory.THREAT.value: _l("Risiko"),
}
#: … and the heading of its quadrant.
CATEGORY_HEADINGS = {
    SwotCategory.STRENGTH.value: _l("Stärken"),
    SwotCategory.WEAKNESS.value: _l("Schwächen"),
    SwotCategory.OPPORTUNITY.value: _l("Chancen"),
    SwotCategory.THREAT.value: _l("Risiken"),
}
SWOT_TEXT_MAX = 2000

SWOT_ITEM = Schema(
    "swot_items",
    (
        column(
            "category",
            values.choice(tuple(CATEGORY_LABELS)),
            _l("Art"),
            required=True,
            required_message=_l("Bitte Stärke, Schwäche, Chance oder Risiko wählen."),
            widget="select",
            choices=tuple(CATEGORY_LABELS.items()),
            column_type=String(20),
            index=True,
        ),
        column(
            "text",
            values.text(SWOT_TEXT_MAX),
            _l("Text (öffentlich)"),
            required=True,
            required_message=_l("Bitte einen Text angeben."),
            widget="textarea",
            short_label=_l("Text"),
        ),
        column(
            "theme",
            values.choice(tuple(THEMES)),
            _l("Thema"),
            widget="select",
            choices=(("", _l("kein bestimmtes Thema")), *THEMES.items()),
            column_type=String(40),
        ),
    ),
    {"kommune_id": _l("Kommune"), "region_id": _l("Region")},
)

#: A value a statistic may have: far beyond any count of people or euros of a Kommune is a typing error.
VALUE_LIMIT = 1e12


def figure_value(value):
    """A number as planners write it: 1234, 12.5 or 12,5 (a German spreadsheet's decimal comma);
    no thousands separators (1.234 would be one point two three four)."""
    if isinstance(value, str) and value.count(",") == 1 and "." not in value:
        value = value.replace(",", ".")
    return _NUMBER(value)


_NUMBER = values.number(-VALUE_LIMIT, VALUE_LIMIT)
figure_value.minimum, figure_value.maximum, figure_value.integer = -VALUE_LIMIT, VALUE_LIMIT, False

KEY_FIGURE = Schema(
    "key_figures",
    (
        column(
            "indicator",
            values.text(200),
            _l("Kennzahl"),
            required=True,
            required_message=_l("Bitte die Kennzahl angeben."),
            help=_l(
                "Zum Beispiel „Bevölkerung nach Altersgruppen“. Werte derselben Kennzahl, desselben "
                "Jahres und derselben Region bilden ein Diagramm."
            ),
            rule="the statistic, ≤ 200 characters, e.g. `Bevölkerung nach Altersgruppen`",
        ),
        column(
            "label",
            values.text(200),
            _l("Merkmal"),
            required=True,
            required_message=_l("Bitte das Merkmal angeben."),
            help=_l("Zum Beispiel „unter 18 Jahre“: die Beschriftung des Balkens."),
            rule="what the value counts, ≤ 200 characters, e.g. `unter 18 Jahre`",
        ),
        column(
            "value",
            figure_value,
            _l("Wert"),
            required=True,
            required_message=_l("Bitte den Wert angeben."),
            widget="number",
            rule="a number, decimal point or comma, no thousands separators",
        ),
        column(
            "unit", values.text(40), _l("Einheit"), blank="", help=_l("Zum Beispiel „Personen“ oder „%“.")
        ),
        column(
            "year",
            values.number(1900, 2100, integer=True),
            _l("Jahr"),
            required=True,
            required_message=_l("Bitte das Jahr angeben."),
            widget="number",
        ),
        column(
            "source",
            values.text(500),
            _l("Quelle"),
            required=True,
            required_message=_l("Bitte die Quelle angeben (woher die Zahl stammt)."),
            help=_l("Zum Beispiel „Statistisches Amt Mecklenburg-Vorpommern, Bevölkerungsstand 31.12.2023“."),
        ),
        Field(
            "region",
            values.slug,
            _l("Region"),
            form=False,
            rule="slug of a region of the Kommune; empty: the whole Kommune",
        ),
        Field(
            "demo",
            values.boolean,
            _l("Beispieldaten"),
            form=False,
            attribute="is_demo",
            blank=False,
            rule="`true` marks invented demonstration figures",
        ),
    ),
    {"kommune_id": _l("Kommune"), "region_id": _l("Region")},
)
