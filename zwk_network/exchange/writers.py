"""Writers store checked rows of one kind; they raise RowInvalid for what only they can see."""

from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry
from sqlalchemy import func, select

from ..extensions import db
from ..geo.geojson import as_multipolygon, geometry_element, point_element
from ..municipalities.locator import Locator
from ..municipalities.models import GazetteerPlace, Region
from ..municipalities.services import rederive_regions
from ..needs.models import Need, NeedPriority, NeedStatus
from ..registry.models import Initiative, MeetingPlace
from ..registry.services import insert_listings, listing_row, record_tags
from ..taxonomy.models import VOCABULARY_MODELS
from .context import ImportContext, check_coordinates
from .problems import Problem, RowInvalid

CHUNK = 2000


class Writer:
    table_name = ""
    spatial_index: str | None = None

    def __init__(self, context: ImportContext, skip_existing: bool = False):
        self.context = context
        self.skip_existing = skip_existing
        self.created = self.updated = self.skipped = 0

    def counts(self) -> tuple[int, int, int]:
        return self.created, self.updated, self.skipped

    def duplicate_key(self, record: dict, geometry) -> tuple | None:
        return None

    def add(self, row: int, record: dict, geometry, store: bool) -> None:
        raise NotImplementedError

    def flush(self) -> None:
        """Store what is still buffered."""


class ListingWriter(Writer):
    """Initiatives and meeting places: bulk inserts in chunks inside the import's transaction."""

    model = None

    def __init__(self, context: ImportContext, skip_existing: bool = False):
        super().__init__(context, skip_existing)
        self._rows, self._tags = [], []
        self._existing = self._existing_keys() if skip_existing else set()

    def _existing_keys(self) -> set[tuple[str, int | None]]:
        rows = db.session.execute(select(func.lower(self.model.name), self.model.kommune_id))
        return {(name, kommune_id) for name, kommune_id in rows}

    def duplicate_key(self, record, geometry):
        if not isinstance(geometry, Point):
            return None
        return (record["name"].casefold(), round(geometry.x, 5), round(geometry.y, 5))

    def add(self, row, record, geometry, store):
        problems = []
        if not isinstance(geometry, Point):
            kind = "no geometry" if geometry is None else f"a {geometry.geom_type}"
            raise RowInvalid([Problem(row, "geometry", f"must be a Point, got {kind}")])
        lon, lat = geometry.x, geometry.y
        if not check_coordinates(row, lon, lat, problems):
            raise RowInvalid(problems)
        location = self.context.place_point(row, lon, lat, record, problems)
        if problems:
            raise RowInvalid(problems)
        if (record["name"].lower(), location.kommune_id) in self._existing:
            self.skipped += 1
            return
        self.created += 1
        if store:
            self._rows.append(listing_row(self.model, record, lon, lat, location))
            self._tags.append(record_tags(record))
            if len(self._rows) >= CHUNK:
                self.flush()

    def flush(self):
        insert_listings(self.model, self._rows, self._tags)
        self._rows, self._tags = [], []


class InitiativeWriter(ListingWriter):
    model = Initiative
    table_name = "initiatives"
    spatial_index = "idx_initiatives_location"


class MeetingPlaceWriter(ListingWriter):
    model = MeetingPlace
    table_name = "meeting_places"
    spatial_index = "idx_meeting_places_location"


class NeedWriter(Writer):
    """Needs: an area of their own (point or polygon), else their region or conference's."""

    table_name = "needs"

    def __init__(self, context, skip_existing=False):
        super().__init__(context, skip_existing)
        self._existing = set()
        if skip_existing:
            rows = db.session.execute(select(func.lower(Need.title), Need.conference_id))
            self._existing = {(title, conference_id) for title, conference_id in rows}

    def add(self, row, record, geometry, store):
        problems = []
        context = self.context
        conference = None
        if record["conference"] is not None:
            conference = context.conferences.get(record["conference"])
            if conference is None:
                problems.append(Problem(row, "conference", f"unknown conference {record['conference']!r}"))
        kommune_id = context.resolve_kommune(row, record["kommune"], problems)
        if kommune_id is None and conference is not None:
            kommune_id = conference[1]
        if kommune_id is None and not problems:
            problems.append(Problem(row, "kommune", "is required (property or --kommune)"))
        region_id = self._region(row, record, geometry, kommune_id, conference, problems)
        if problems:
            raise RowInvalid(problems)
        if (record["title"].lower(), conference[0] if conference else None) in self._existing:
            self.skipped += 1
            return
        self.created += 1
        if store:
            db.session.add(self._need(record, geometry, kommune_id, region_id, conference))

    def _region(self, row, record, geometry, kommune_id, conference, problems):
        if geometry is not None and geometry.geom_type not in ("Point", "Polygon", "MultiPolygon"):
            problems.append(Problem(row, "geometry", "must be a Point, Polygon or MultiPolygon"))
            return None
        if geometry is not None:
            anchor = geometry.representative_point()
            if not check_coordinates(row, anchor.x, anchor.y, problems):
                return None
        if record["region"] is not None:
            region_id = self.context.region_ids.get((kommune_id, record["region"]))
            if region_id is None:
                problems.append(Problem(row, "region", f"unknown region {record['region']!r}"))
            return region_id
        if geometry is not None:
            found = self.context.locator.region_at(anchor.x, anchor.y)
            return found[0] if found else None
        return conference[2] if conference else None

    def _need(self, record, geometry, kommune_id, region_id, conference) -> Need:
        return Need(
            kommune_id=kommune_id,
            title=record["title"],
            description=record["description"] or "",
            region_id=region_id,
            area=geometry_element(geometry) if geometry is not None else None,
            conference_id=conference[0] if conference else None,
            priority=record["priority"] or NeedPriority.MEDIUM.value,
            status=record["status"] or NeedStatus.OPEN.value,
            source=record["source"] or "",
            is_demo=bool(record["demo"]),
            **{
                key: [db.session.get(model, slug) for slug in record[key]]
                for key, model in VOCABULARY_MODELS.items()
            },
        )

    def duplicate_key(self, record, geometry):
        return (
            record["title"].casefold(),
            record["conference"],
            record["region"],
            geometry.wkb if geometry is not None else None,
        )


class RegionWriter(Writer):
    """Regions replace the boundary of the region with the same slug, or are added."""

    table_name = "regions"

    def __init__(self, context, skip_existing=False):
        super().__init__(context, skip_existing)
        self._kommunen: set[int] = set()

    def duplicate_key(self, record, geometry):
        return (record["kommune"], record["slug"])

    def add(self, row, record, geometry, store):
        problems = []
        kommune_id = self.context.resolve_kommune(row, record["kommune"], problems)
        if kommune_id is None and not problems:
            problems.append(Problem(row, "kommune", "is required (property or --kommune)"))
        if record["slug"] is None:
            problems.append(Problem(row, "slug", "is required"))
        boundary = self._boundary(row, geometry, problems)
        if problems:
            raise RowInvalid(problems)
        existing = db.session.scalar(
            select(Region).where(Region.kommune_id == kommune_id, Region.slug == record["slug"])
        )
        if existing is not None and self.skip_existing:
            self.skipped += 1
            return
        if existing is None:
            self.created += 1
            existing = Region(kommune_id=kommune_id, slug=record["slug"])
        else:
            self.updated += 1
        if store:
            existing.name = record["name"]
            existing.boundary = geometry_element(boundary)
            existing.boundary_is_approximate = bool(record["approximate"])
            existing.boundary_source = record["source"] or ""
            db.session.add(existing)
            self._kommunen.add(kommune_id)

    @staticmethod
    def _boundary(row, geometry: BaseGeometry | None, problems):
        if geometry is None:
            problems.append(Problem(row, "geometry", "a Polygon or MultiPolygon is required"))
            return None
        try:
            boundary = as_multipolygon(geometry)
        except ValueError as error:
            problems.append(Problem(row, "geometry", str(error)))
            return None
        min_lon, min_lat, max_lon, max_lat = boundary.bounds
        check_coordinates(row, min_lon, min_lat, problems)
        check_coordinates(row, max_lon, max_lat, problems)
        return boundary

    def flush(self):
        db.session.flush()
        if self._kommunen:
            rederive_regions()


class GazetteerWriter(Writer):
    """Places of the gazetteer: the same name in the same Gemeinde and Kommune is updated, else added.

    A place may lie outside every Kommune (a neighbouring city people name): then it has none."""

    table_name = "gazetteer_places"

    def __init__(self, context, skip_existing=False):
        super().__init__(context, skip_existing)
        self._locator = Locator.from_database()

    def duplicate_key(self, record, geometry):
        return (record["name"].casefold(), (record["gemeinde"] or "").casefold(), record["kommune"])

    def add(self, row, record, geometry, store):
        problems = []
        kommune_id = self.context.resolve_kommune(row, record["kommune"], problems)
        if not isinstance(geometry, Point):
            problems.append(Problem(row, "lat/lon", "a point is required"))
        else:
            check_coordinates(row, geometry.x, geometry.y, problems)
        if problems:
            raise RowInvalid(problems)
        query = select(GazetteerPlace).where(
            GazetteerPlace.name == record["name"], GazetteerPlace.kommune_id == kommune_id
        )
        gemeinde = record["gemeinde"] or ""
        existing = next((p for p in db.session.scalars(query) if (p.gemeinde or "") == gemeinde), None)
        if existing is not None and self.skip_existing:
            self.skipped += 1
            return
        if existing is None:
            self.created += 1
            existing = GazetteerPlace(name=record["name"], kommune_id=kommune_id)
        else:
            self.updated += 1
        if store:
            codes = list(dict.fromkeys(filter(None, [record["postcode"], *record["postcodes"]])))
            region = self._locator.region_at(geometry.x, geometry.y)
            existing.kind = record["kind"] or "Gemeinde"
            existing.gemeinde = record["gemeinde"]
            existing.postcode = codes[0] if codes else None
            existing.postcodes = " ".join(codes)
            existing.location = point_element(geometry.x, geometry.y)
            existing.location_is_approximate = True
            existing.source = record["source"] or ""
            existing.region_id = region[0] if region else None
            db.session.add(existing)


WRITERS = {
    "initiatives": InitiativeWriter,
    "places": MeetingPlaceWriter,
    "needs": NeedWriter,
    "gazetteer": GazetteerWriter,
    "regions": RegionWriter,
}
