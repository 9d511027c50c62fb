"""Per region and theme: how many needs, how many with connections, how many gaps."""

from dataclasses import dataclass

from sqlalchemy import select

from ..extensions import db
from ..matching.services import candidate_snapshot, match_need
from ..municipalities.models import Kommune
from ..needs.models import Need
from ..taxonomy import theme_label
from .services import connected_need_ids

NO_THEME = "–"


@dataclass
class OverviewRow:
    kommune: str
    region: str
    theme: str
    needs: int = 0
    connected: int = 0
    gaps: int = 0


def overview_rows(kommunen: list[Kommune]) -> list[OverviewRow]:
    """One row per Kommune, region and theme (a need with two themes counts in both)."""
    needs = list(
        db.session.scalars(select(Need).where(Need.kommune_id.in_([k.id for k in kommunen] or [-1])))
    )
    connected = connected_need_ids([need.id for need in needs])
    snapshot = candidate_snapshot()
    rows: dict[tuple[str, str, str], OverviewRow] = {}
    for need in needs:
        gap = match_need(snapshot, need, limit=1).gap
        region = need.region.name if need.region else "(ganze Kommune)"
        for theme in need.theme_slugs or [None]:
            label = theme_label(theme) if theme else NO_THEME
            row = rows.setdefault(
                (need.kommune.name, region, label), OverviewRow(need.kommune.name, region, label)
            )
            row.needs += 1
            row.connected += need.id in connected
            row.gaps += gap
    return [rows[key] for key in sorted(rows)]
