"""Reads GeoJSON and CSV files into raw rows: (row number, properties, geometry).

Only the file's structure is checked here (size, encoding, syntax, header, geometry syntax,
nesting depth, field length); the values are checked by fields.py. Whatever the bytes, the
result is rows or problems, never an exception other than FileInvalid.
"""

import codecs
import csv
import json
import os
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from ..geo.geojson import MAX_JSON_DEPTH, geometry_from_geojson, load_json, nested_deeper_than
from ..spreadsheet import restored_cell
from ..values import shown, shown_list
from .fields import GEOMETRY_RULE, LONGEST_TEXT, NAME_FIELD, field_names
from .problems import FileInvalid, Problem

COORDINATE_COLUMNS = ("lat", "lon")
BLOCK = 1 << 20  # bytes read at a time when checking a CSV file's encoding


@dataclass
class RawRow:
    number: int
    properties: dict
    geometry: BaseGeometry | None
    problems: list[Problem]
    unreadable: bool = False  # its problems say why it has no properties to check


def _unreadable(number: int, reason: str) -> RawRow:
    return RawRow(number, {}, None, [Problem(number, None, reason)], unreadable=True)


def detect_format(path: str, explicit: str | None = None) -> str:
    if explicit:
        return explicit
    lowered = path.lower()
    if lowered.endswith((".geojson", ".json")):
        return "geojson"
    if lowered.endswith(".csv"):
        return "csv"
    raise FileInvalid("unknown file type: use a .geojson, .json or .csv file")


def read_rows(path: str, kind: str, max_bytes: int) -> Iterator[RawRow]:
    """Yield the rows of a file, or raise FileInvalid for a problem with the whole file."""
    try:
        size = os.path.getsize(path)
    except OSError as error:
        raise FileInvalid(f"cannot read the file: {error.strerror}") from None
    if size > max_bytes:
        raise FileInvalid(f"the file is too large: {size} bytes, at most {max_bytes} allowed")
    if detect_format(path) == "geojson":
        return _geojson_rows(_decoded(path), kind)
    if GEOMETRY_RULE[kind] == "polygon":
        raise FileInvalid("regions can only be imported from GeoJSON (they need polygons)")
    _check_utf8(path)
    return _csv_rows(path, kind)


def _decoded(path: str) -> str:
    with open(path, "rb") as handle:
        data = handle.read()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise FileInvalid(
            f"the file is not valid UTF-8 (line {line}, byte {error.start}): save it as UTF-8 and try again"
        ) from None


def _check_utf8(path: str) -> None:
    """_decoded's check, read in blocks: a CSV file is then read row by row, never whole (the text
    of a 1 000 000-row file held as bytes, text and a copy for the reader took ~2 GB)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset = lines = 0  # bytes and line breaks before the block
    with open(path, "rb") as handle:
        while block := handle.read(BLOCK):
            pending = len(decoder.getstate()[0])  # an unfinished character of the block before
            try:
                decoder.decode(block)
            except UnicodeDecodeError as error:  # error.object: those pending bytes + this block
                line = lines + error.object[: error.start].count(b"\n") + 1
                _not_utf8(line, offset - pending + error.start)
            offset += len(block)
            lines += block.count(b"\n")
    pending = len(decoder.getstate()[0])
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:  # the file ends inside a character
        _not_utf8(lines + 1, offset - pending)


def _not_utf8(line: int, byte: int):
    raise FileInvalid(
        f"the file is not valid UTF-8 (line {line}, byte {byte}): save it as UTF-8 and try again"
    ) from None


def _geojson_rows(content: str, kind: str) -> Iterator[RawRow]:
    try:
        document = load_json(content, max_depth=None)
    except json.JSONDecodeError as error:
        raise FileInvalid(
            f"malformed JSON at line {error.lineno}, column {error.colno}: {error.msg}"
        ) from None
    except ValueError as error:
        raise FileInvalid(str(error)) from None
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise FileInvalid("the file must be a GeoJSON FeatureCollection")
    features = document.get("features")
    if not isinstance(features, list):
        raise FileInvalid("the FeatureCollection has no 'features' list")
    members = [value for key, value in document.items() if key != "features"]
    if nested_deeper_than(members, MAX_JSON_DEPTH):  # the list counts for the collection's own level
        raise FileInvalid(f"the JSON is nested more than {MAX_JSON_DEPTH} levels deep")
    known = set(field_names(kind))
    for number, item in enumerate(features, start=1):
        if nested_deeper_than(item, MAX_JSON_DEPTH - 2):
            yield _unreadable(number, f"is nested more than {MAX_JSON_DEPTH} levels deep")
            continue
        yield _geojson_row(number, item, kind, known)


def _geojson_row(number: int, item, kind: str, known: set[str]) -> RawRow:
    problems = []
    if not isinstance(item, dict) or item.get("type") != "Feature":
        return _unreadable(number, "is not a GeoJSON Feature")
    properties = item.get("properties") or {}
    if not isinstance(properties, dict):
        problems.append(Problem(number, "properties", "must be an object"))
        properties = {}
    for name in sorted(set(properties) - known):
        problems.append(Problem(number, shown(name), "unknown property"))
    geometry = None
    raw_geometry = item.get("geometry")
    if raw_geometry is not None:
        try:
            geometry = geometry_from_geojson(raw_geometry)
        except ValueError as error:
            problems.append(Problem(number, "geometry", str(error)))
    return RawRow(number, properties, geometry, problems)


def _csv_rows(path: str, kind: str) -> Iterator[RawRow]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        first_line = handle.readline().split("\n", 1)[0]
        handle.seek(0)
        yield from _csv_reader_rows(csv.reader(handle, delimiter=_delimiter(first_line)), kind)


def _delimiter(first_line: str) -> str:
    return ";" if first_line.count(";") > first_line.count(",") else ","


def _csv_reader_rows(reader, kind: str) -> Iterator[RawRow]:
    try:
        header = [column.strip() for column in next(reader)]
    except StopIteration:
        raise FileInvalid("the CSV file is empty") from None
    except csv.Error as error:
        raise FileInvalid(_csv_error(error), "header") from None
    _check_header(header, kind)
    while True:
        number = reader.line_num + 1  # the line the row begins on (a quoted field may span lines)
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as error:  # the reader cannot find where the broken row ends: stop here
            yield _unreadable(number, _csv_error(error))
            return
        if not any(value.strip() for value in values):
            continue
        if len(values) != len(header):
            yield _unreadable(number, f"has {len(values)} fields, the header {len(header)}")
            continue
        record = dict(zip(header, map(restored_cell, values), strict=True))
        yield _csv_row(number, record)


def _csv_error(error: csv.Error) -> str:
    if "field limit" in str(error):
        return (
            f"has a field longer than {csv.field_size_limit()} characters (the longest allowed has "
            f"{LONGEST_TEXT}); the rest of the file was not read"
        )
    return f"cannot be read as CSV ({error}); the rest of the file was not read"


def _check_header(header: list[str], kind: str) -> None:
    known = set(field_names(kind)) | set(COORDINATE_COLUMNS)
    unknown = [column for column in header if column not in known]
    if unknown:
        raise FileInvalid(f"unknown column(s) in the CSV header: {shown_list(unknown)}", "header")
    duplicates = sorted(column for column, count in Counter(header).items() if count > 1)
    if duplicates:
        raise FileInvalid(f"duplicate column(s) in the header: {shown_list(duplicates)}", "header")
    required = [NAME_FIELD[kind]]
    if GEOMETRY_RULE[kind] == "point":
        required += list(COORDINATE_COLUMNS)
    missing = [column for column in required if column not in header]
    if missing:
        raise FileInvalid(f"missing column(s) in the CSV header: {', '.join(missing)}", "header")


def _csv_row(number: int, record: dict) -> RawRow:
    lat_text = record.pop("lat", "").strip()
    lon_text = record.pop("lon", "").strip()
    problems, geometry = [], None
    if lat_text or lon_text:
        try:
            lat, lon = float(lat_text.replace(",", ".")), float(lon_text.replace(",", "."))
        except ValueError:
            problems.append(Problem(number, "lat/lon", "must be decimal numbers"))
        else:
            geometry = Point(lon, lat)
    return RawRow(number, record, geometry, problems)
