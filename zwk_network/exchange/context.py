"""What an import needs to know about the database: Kommunen, regions, conferences, locator."""

from dataclasses import dataclass

from sqlalchemy import select

from ..conferences.models import Conference
from ..extensions import db
from ..geo.germany import coordinates_problem
from ..municipalities.locator import Location, Locator
from ..municipalities.models import Kommune, Region
from .problems import Problem


@dataclass
class ImportContext:
    kommune_ids: dict[str, int]
    kommune_slugs: dict[int, str]
    region_ids: dict[tuple[int, str], int]
    region_slugs: dict[int, str]
    kommunen_with_regions: set[int]
    conferences: dict[str, tuple[int, int, int | None]]  # slug -> (id, kommune_id, region_id)
    locator: Locator
    forced_kommune_id: int | None = None

    @classmethod
    def load(cls, forced_kommune: str | None = None) -> "ImportContext":
        kommunen = db.session.execute(select(Kommune.id, Kommune.slug)).all()
        regions = db.session.execute(select(Region.id, Region.kommune_id, Region.slug)).all()
        conferences = db.session.execute(
            select(Conference.slug, Conference.id, Conference.kommune_id, Conference.region_id)
        ).all()
        context = cls(
            kommune_ids={slug: kommune_id for kommune_id, slug in kommunen},
            kommune_slugs=dict(kommunen),
            region_ids={(kommune_id, slug): rid for rid, kommune_id, slug in regions},
            region_slugs={rid: slug for rid, _, slug in regions},
            kommunen_with_regions={kommune_id for _, kommune_id, _ in regions},
            conferences={slug: (cid, kid, rid) for slug, cid, kid, rid in conferences},
            locator=Locator.from_database(),
        )
        if forced_kommune is not None:
            context.forced_kommune_id = context.kommune_ids.get(forced_kommune)
        return context

    def resolve_kommune(self, row: int, slug: str | None, problems: list) -> int | None:
        """The Kommune a row names (by its property or --kommune); None if it names none."""
        if slug is not None and slug not in self.kommune_ids:
            problems.append(Problem(row, "kommune", f"unknown Kommune {slug!r}"))
            return None
        named = self.kommune_ids.get(slug) if slug else None
        if named and self.forced_kommune_id and named != self.forced_kommune_id:
            forced = self.kommune_slugs[self.forced_kommune_id]
            problems.append(Problem(row, "kommune", f"{slug!r} differs from --kommune {forced}"))
        return named or self.forced_kommune_id

    def place_point(self, row: int, lon: float, lat: float, record: dict, problems: list):
        """Derive Kommune, region and town of a point and check them against what the row says."""
        kommune_id = self.resolve_kommune(row, record.get("kommune"), problems)
        location = self.locator.locate(lon, lat)
        if location.kommune_id and kommune_id and location.kommune_id != kommune_id:
            derived = self.kommune_slugs[location.kommune_id]
            problems.append(Problem(row, "kommune", f"the point lies in Kommune {derived!r}"))
        elif kommune_id in self.kommunen_with_regions and location.region_id is None:
            slug = self.kommune_slugs[kommune_id]
            problems.append(Problem(row, "geometry", f"the point lies outside Kommune {slug!r}"))
        region_slug = record.get("region")
        if region_slug is not None and location.region_id is not None:
            if self.region_slugs[location.region_id] != region_slug:
                derived = self.region_slugs[location.region_id]
                problems.append(
                    Problem(row, "region", f"the point lies in region {derived!r}, not {region_slug!r}")
                )
        elif region_slug is not None:
            problems.append(Problem(row, "region", f"the point lies in no region {region_slug!r}"))
        return Location(
            kommune_id=location.kommune_id or kommune_id,
            region_id=location.region_id,
            gazetteer_place_id=location.gazetteer_place_id,
        )


def check_coordinates(row: int, lon: float, lat: float, problems: list) -> bool:
    """Range and Germany checks for a point; appends problems and says whether it is usable."""
    reason = coordinates_problem(lon, lat)
    if reason is not None:
        problems.append(Problem(row, "geometry", reason))
    return reason is None
