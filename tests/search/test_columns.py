"""The value columns as compact arrays (search/columns.py): every value as Whoosh stores it, small
types, and the German name order over several segments, with deletions and without a name kept."""

import math

import numpy as np
import pytest
from whoosh import index as whoosh_index

from zwk_network.search.columns import COLUMN_TYPES, ColumnCache
from zwk_network.search.documents import SearchDocument
from zwk_network.search.whoosh_schema import build_schema, german_sort_key, to_fields

NAMES = [
    ["Ökogarten Westdorf", "Zukunftswerkstatt", "Ärztehaus am Markt", "apfelfest"],
    ["Öko-Laden", "Bürgerbus", "Ärztehaus am Markt", "Zebra-Club"],  # a name twice: ties by position
    ["Straßenfest", "Strassenbahnfreunde", "", "Ährenfeld"],
]


def document(number: int, name: str) -> SearchDocument:
    return SearchDocument(
        key=f"initiative:{number}",
        type="initiative" if number % 3 else "place",
        entry_id=number,
        name=name,
        kommune_id=number % 4 or None,
        region_id=number * 7,
        themes=["jugend"] if number % 2 else [],
        lon=None if number == 5 else 12.0 + number / 100,
        lat=None if number == 5 else 54.0 - number / 100,
        service_radius_km=number * 1.5 if number % 2 else None,
    )


@pytest.fixture
def searcher(tmp_path):
    """Three segments (no merging), one document deleted."""
    index = whoosh_index.create_in(str(tmp_path), build_schema())
    number = 0
    for batch in NAMES:
        writer = index.writer()
        for name in batch:
            number += 1
            writer.add_document(**to_fields(document(number, name)))
        writer.commit(merge=False)
    writer = index.writer()
    writer.delete_by_term("key", "initiative:2")
    writer.commit(merge=False)
    with index.searcher() as opened:
        assert len(opened.reader().leaf_readers()) == 3
        yield opened


def test_each_column_holds_the_stored_values_in_its_small_type(searcher):
    columns = ColumnCache().columns(searcher)
    for name, kind in COLUMN_TYPES.items():
        array = getattr(columns, name)
        assert array.dtype == kind and not array.flags.writeable
        expected = [
            value
            for reader, _base in searcher.reader().leaf_readers()
            for value in reader.column_reader(name)
        ]
        if name in ("lon", "lat"):
            assert [math.isnan(v) for v in array] == [math.isnan(v) for v in expected]
            assert np.array_equal(array[~np.isnan(array)], [v for v in expected if not math.isnan(v)])
        else:
            assert array.tolist() == pytest.approx(expected)
    assert columns.alive.tolist() == [number != 2 for number in range(1, 13)]


def test_name_order_is_german_over_all_segments(searcher):
    columns = ColumnCache().columns(searcher)
    names = [name for batch in NAMES for name in batch]
    expected = sorted(range(len(names)), key=lambda docnum: german_sort_key(names[docnum]))  # stable
    assert columns.name_rank.dtype == np.int32
    assert np.argsort(columns.name_rank).tolist() == expected


def test_one_segment_is_used_without_copies(tmp_path):
    index = whoosh_index.create_in(str(tmp_path), build_schema())
    with index.writer() as writer:
        for number, name in enumerate(NAMES[0], start=1):
            writer.add_document(**to_fields(document(number, name)))
    with index.searcher() as opened:
        cache = ColumnCache()
        columns = cache.columns(opened)
        assert cache.columns(opened) is columns  # combined once per index state
        segment = next(iter(cache._segments.values()))
        assert columns.entry_id is segment["entry_id"]
        assert np.argsort(columns.name_rank).tolist() == [3, 2, 0, 1]  # apfelfest, Ärztehaus, Öko…, Zukunft…
