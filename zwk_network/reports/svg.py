"""Charts and the needs map as inline SVG: no scripts, no tiles, printable and in the PDF."""

from collections.abc import Callable
from dataclasses import dataclass

from ..geo.geojson import point_coordinates, to_geometry
from ..municipalities.models import Kommune
from ..needs.location import need_geometry

MAP_WIDTH, MAP_HEIGHT = 640, 420
STATUS_ORDER = ["offen", "in_bearbeitung", "erledigt"]  # a spot shows its least advanced need
STATUS_COLOURS = {"offen": "#b01c1c", "in_bearbeitung": "#8a5a00", "erledigt": "#2b7a1f"}


@dataclass
class Bar:
    label: str
    value: float
    width: float  # 0 … 1 of the longest bar (a negative value draws none)
    text: str = ""  # the value as the chart writes it (default: as it is)

    @property
    def shown(self) -> str:
        return self.text or str(self.value)


def bars(values: dict[str, float], shown: dict[str, str] | None = None) -> list[Bar]:
    """Bars of these values, the longest as wide as the chart; `shown` writes the values (formats.py)."""
    top = max((value for value in values.values() if value > 0), default=0) or 1
    shown = shown or {}
    return [Bar(label, value, max(value, 0) / top, shown.get(label, "")) for label, value in values.items()]


@dataclass
class NeedsMap:
    regions: list[str]  # SVG path data
    points: list[tuple[float, float, str, str, int]]  # x, y, colour, title, how many needs
    region_labels: list[tuple[float, float, str]]  # x, y, name: at a point inside each region
    towns: list[tuple[float, float, str]]  # x, y, name: the Kommune's towns, for orientation
    height: float = MAP_HEIGHT + 20  # of the image: as tall as the Kommune's shape, with room for labels


@dataclass
class KommuneFrame:
    """A Kommune drawn to scale: its regions as SVG paths with their names, its towns, and the
    projection of (lon, lat) into the picture (the Zwischenbilanz's and the Wegweiser's maps)."""

    regions: list[str]  # SVG path data
    region_labels: list[tuple[float, float, str]]  # x, y, name: at a point inside each region
    towns: list[tuple[float, float, str]]  # x, y, name
    xy: Callable[[float, float], tuple[float, float]]
    height: float = MAP_HEIGHT + 20  # of the image: as tall as the Kommune's shape, with room for labels


def kommune_frame(kommune: Kommune, towns=()) -> KommuneFrame | None:
    """The frame of a Kommune's map; None when none of its regions has a boundary."""
    shapes = [to_geometry(region.boundary) for region in kommune.regions if region.boundary is not None]
    if not shapes:
        return None
    min_x = min(s.bounds[0] for s in shapes)
    min_y = min(s.bounds[1] for s in shapes)
    max_x = max(s.bounds[2] for s in shapes)
    max_y = max(s.bounds[3] for s in shapes)
    scale = min(MAP_WIDTH / (max_x - min_x), MAP_HEIGHT / (max_y - min_y)) * 0.95

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return round(10 + (lon - min_x) * scale, 1), round(10 + (max_y - lat) * scale, 1)

    paths = []
    for shape in shapes:
        for polygon in getattr(shape, "geoms", [shape]):
            ring = " L ".join(f"{x} {y}" for x, y in (xy(*c) for c in polygon.exterior.coords))
            paths.append(f"M {ring} Z")
    region_labels = []
    for region in kommune.regions:
        if region.boundary is not None:
            inside = to_geometry(region.boundary).representative_point()
            region_labels.append((*xy(inside.x, inside.y), region.name))
    town_points = [(*xy(*point_coordinates(to_geometry(town.location))), town.name) for town in towns]
    height = round(40 + (max_y - min_y) * scale)
    return KommuneFrame(paths, region_labels, town_points, xy, height)


def _empty_map(frame: KommuneFrame) -> NeedsMap:
    return NeedsMap(frame.regions, [], frame.region_labels, frame.towns, frame.height)


def needs_map(kommune: Kommune, needs, towns=()) -> NeedsMap | None:
    """The Kommune's regions with their names, its towns, and a spot per place of the needs."""
    frame = kommune_frame(kommune, towns)
    if frame is None:
        return None
    page_map, xy = _empty_map(frame), frame.xy
    spots: dict[tuple[float, float], list] = {}  # needs of one region stand on one spot
    for need in needs:
        geometry = need_geometry(need)
        if geometry is None:
            continue
        point = geometry if geometry.geom_type == "Point" else geometry.representative_point()
        spots.setdefault(xy(point.x, point.y), []).append(need)
    for (x, y), here in spots.items():
        worst = min(
            here, key=lambda need: STATUS_ORDER.index(need.status) if need.status in STATUS_ORDER else 0
        )
        titles = "; ".join(need.title for need in here)
        page_map.points.append((x, y, STATUS_COLOURS.get(worst.status, "#555555"), titles, len(here)))
    return page_map


#: The colours of the entries map: initiatives, meeting places, a spot holding both.
ENTRY_COLOURS = {"initiative": "#0b5394", "place": "#2b7a1f", "both": "#6a1b9a"}
#: Entries closer than this many pixels share a spot (with their number on it).
SPOT_GRID = 14


def entries_map(kommune: Kommune, initiatives, places, towns=()) -> NeedsMap | None:
    """The Kommune's regions and towns with a spot per place of its initiatives and meeting places:
    blue initiatives, green meeting places, purple a spot with both; near ones share a spot."""
    frame = kommune_frame(kommune, towns)
    if frame is None:
        return None
    page_map, xy = _empty_map(frame), frame.xy
    spots: dict[tuple[int, int], list] = {}
    for kind, entries in (("initiative", initiatives), ("place", places)):
        for entry in entries:
            x, y = xy(*point_coordinates(to_geometry(entry.location)))
            spots.setdefault((round(x / SPOT_GRID), round(y / SPOT_GRID)), []).append((kind, entry, x, y))
    for here in spots.values():
        kinds = {kind for kind, *_rest in here}
        colour = ENTRY_COLOURS[kinds.pop()] if len(kinds) == 1 else ENTRY_COLOURS["both"]
        x = round(sum(item[2] for item in here) / len(here), 1)
        y = round(sum(item[3] for item in here) / len(here), 1)
        titles = "; ".join(entry.name for _kind, entry, *_xy in here)
        page_map.points.append((x, y, colour, titles, len(here)))
    return page_map
