"""Derive resources/htcds/toolkit-excel-2.0.json from IOM's HTCDS 2.0 toolkit workbook.

The workbook itself is not in this repository (it is IOM's; CC BY 4.0); the
facts the interoperability test needs are: which column holds which field, and
the lists its Excel validation accepts. Re-run after a new toolkit release:

    python -m tests.standards.derive_toolkit \
        "HTCDS Excel Spreadsheet single select with validation v2.0.xlsx" \
        --commit <commit of UNMigration/HTCDS> --blob <git blob id of the file> \
        > resources/htcds/toolkit-excel-2.0.json

openpyxl reads cells; the column validations are Excel 2010 extensions
(x14:dataValidation) that openpyxl drops, so they are read from the sheet XML.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import openpyxl
from openpyxl.utils import column_index_from_string, get_column_letter

SOURCE_FILE = "Toolkit/Excel/HTCDS Excel Spreadsheet single select with validation v2.0.xlsx"
MULTI_SELECT_FILE = "Toolkit/Excel/HTCDS Excel Spreadsheet multi select with validation v2.0.xlsm"
ATTRIBUTION = ("Derived from the Human Trafficking Case Data Standard (HTCDS) toolkit by IOM, "
               "licensed under CC BY 4.0 (http://creativecommons.org/licenses/by/4.0/). "
               "No endorsement by IOM is suggested.")
_NS = {"main": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
       "x14": "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main",
       "xm": "http://schemas.microsoft.com/office/excel/2006/main"}
_RANGE = re.compile(r"^validation!\$([A-Z]+)\$(\d+):\$([A-Z]+)\$(\d+)$")


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.date().isoformat() if isinstance(value, datetime) else value.isoformat()
    return value


def _sheet_xml(path: Path, sheet_index: int) -> ElementTree.Element:
    with zipfile.ZipFile(path) as z:
        return ElementTree.fromstring(z.read(f"xl/worksheets/sheet{sheet_index}.xml"))


def _validations(root: ElementTree.Element) -> list[dict[str, Any]]:
    found = []
    for dv in root.iter(f"{{{_NS['x14']}}}dataValidation"):
        f1 = dv.find("x14:formula1/xm:f", _NS)
        f2 = dv.find("x14:formula2/xm:f", _NS)
        sqref = dv.find("xm:sqref", _NS)
        found.append({"type": dv.get("type"), "formula1": None if f1 is None else f1.text,
                      "formula2": None if f2 is None else f2.text,
                      "ranges": (sqref.text or "").split() if sqref is not None else []})
    return found


def derive(path: Path, commit: str, blob: str) -> dict[str, Any]:
    wb = openpyxl.load_workbook(path)
    sheet, lists_sheet = wb["Case Sheet"], wb["validation"]
    lists: dict[str, dict[str, Any]] = {}
    by_column: dict[str, str] = {}
    for c in range(1, lists_sheet.max_column + 1):
        header = lists_sheet.cell(3, c).value
        if header is None:
            continue
        values = [_plain(lists_sheet.cell(r, c).value) for r in range(4, lists_sheet.max_row + 1)]
        while values and values[-1] is None:
            values.pop()
        letter = get_column_letter(c)
        lists[str(header)] = {"column": letter, "first_row": 4, "values": values}
        by_column[letter] = str(header)

    column_validation: dict[str, dict[str, Any]] = {}
    for dv in _validations(_sheet_xml(path, 1)):
        rule: dict[str, Any] = {"type": dv["type"]}
        match = _RANGE.match(dv["formula1"] or "")
        if dv["type"] == "list" and match:
            rule["list"] = by_column[match.group(1)]
        else:
            rule["formula1"], rule["formula2"] = dv["formula1"], dv["formula2"]
        for ref in dv["ranges"]:
            column_validation[re.sub(r"\d+", "", ref.split(":")[0])] = rule

    columns = []
    for c in range(1, sheet.max_column + 1):
        field, label = sheet.cell(1, c).value, sheet.cell(2, c).value
        if field is None and label is None:
            continue
        letter = get_column_letter(c)
        columns.append({"column": letter, "field": field, "label": label,
                        "validation": column_validation.get(letter)})
    return {
        "source": {
            "repository": "github.com/UNMigration/HTCDS",
            "commit": commit,
            "file": SOURCE_FILE,
            "blob": blob,
            "attribution": ATTRIBUTION,
        },
        "sheet": sheet.title,
        "field_row": 1,
        "field_row_hidden": bool(sheet.row_dimensions[1].hidden),
        "label_row": 2,
        "first_data_row": 3,
        "data_rows_validated": 500,
        "columns": columns,
        "validation_sheet": lists_sheet.title,
        "lists": lists,
        "multi_select": {
            "file": MULTI_SELECT_FILE,
            "same_columns": True,
            "delimiter": "; ",
            "note": "The multi-select template has the same columns and lists; its VBA "
                    "joins the chosen values with '; '.",
        },
        "notes": [
            "Row 1 (hidden) holds the field names and is the mapping key; the labels of "
            "row 2 are shifted in columns N-R (e.g. N is prs_MailingCity but labelled "
            "'Mailing Street').",
            "Column T spells vic_TraffickinStatusDecisionMakingOrg (HTCDS: "
            "vic_TraffickingStatusDecisionMakingOrg); column AJ (Reason for Outgoing "
            "Referral) has no field name: it is cas_ReasonForOutgoingReferral.",
            "The lists hold the standard's value labels in the standard's order (Gender: "
            "the value names); 'Debt bondage ' has a trailing space, 'Follow up' and "
            "'Migration Or Change Of Location' differ in case from the standard's labels.",
            "Citizenship (column I) is validated against the 'Country' list (English "
            "country names), not the 'Country Code' list.",
            "The date validation of AD and AK points at validation!F4 and F6 (cells of the "
            "'Method of Recruitment' list), evidently meant for the 'Date Start' and 'Date "
            "Finish' cells C4 and C6 (1900-01-01 to 2100-01-01).",
        ],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("workbook", type=Path)
    parser.add_argument("--commit", required=True)
    parser.add_argument("--blob", required=True)
    args = parser.parse_args(argv)
    facts = derive(args.workbook, args.commit, args.blob)
    json.dump(facts, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    return 0


__all__ = ["column_index_from_string", "derive"]

if __name__ == "__main__":
    raise SystemExit(main())
