"""Interoperability with IOM's HTCDS 2.0 toolkit: cases exported by this program fill
the single-select toolkit workbook's layout with openpyxl, and every cell passes the
workbook's own validation lists when read back.

The workbook is IOM's and is not in this repository: its layout and lists are the
derived facts in resources/htcds/toolkit-excel-2.0.json (source commit inside).
When the workbook itself is at hand (HTCDS_TOOLKIT_XLSX=path), the facts are
derived again from it and must be what is committed."""

from __future__ import annotations

import json
import os
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.utils import column_index_from_string
from openpyxl.worksheet.datavalidation import DataValidation
from standards_cases import cases

from screening_app.exchange.htcds_record import case_to_htcds
from screening_app.standards import htcds, toolkit

STD = htcds.standard()


def build_workbook(rows: list[dict[str, Any]], path: Path) -> None:
    """The toolkit workbook's layout (hidden field-name row, label row, validation
    sheet, list validations on the columns), filled with `rows`."""
    lay = toolkit.layout()
    wb = Workbook()
    sheet = wb.active
    assert sheet is not None
    sheet.title = lay.sheet
    lists = wb.create_sheet(lay.validation_sheet)
    for name, entries in lay.lists.items():
        col = column_index_from_string(lay.list_columns[name])
        lists.cell(3, col, name)
        for n, value in enumerate(entries, start=4):
            lists.cell(n, col, value)
    for raw in lay.raw["columns"]:
        col = column_index_from_string(raw["column"])
        sheet.cell(1, col, raw["field"])
        sheet.cell(2, col, raw["label"])
    sheet.row_dimensions[1].hidden = True
    last = lay.first_data_row + lay.raw["data_rows_validated"] - 1
    for c in lay.columns:
        if c.list_name is None:
            continue
        letter = lay.list_columns[c.list_name]
        end = 3 + len(lay.lists[c.list_name])
        dv = DataValidation(type="list", allow_blank=True, showErrorMessage=True,
                            formula1=f"{lay.validation_sheet}!${letter}$4:${letter}${end}")
        dv.add(f"{c.letter}{lay.first_data_row}:{c.letter}{last}")
        sheet.add_data_validation(dv)
    for n, values in enumerate(rows, start=lay.first_data_row):
        for letter, value in values.items():
            cell = sheet.cell(n, column_index_from_string(letter), value)
            if isinstance(value, date):
                cell.number_format = "mm-dd-yy"
    wb.save(path)


def _list_of(wb: Any, formula: str) -> list[Any]:
    sheet_name, ref = formula.split("!")
    start, end = ref.replace("$", "").split(":")
    sheet = wb[sheet_name]
    return [c.value for row in sheet[start:end] for c in row]


def test_the_committed_layout_is_the_toolkits() -> None:
    lay = toolkit.layout()
    assert lay.raw["source"]["commit"] == "3c2f6537cd76c3305975aa5eef7a1bf26fe20a30"
    assert "CC BY 4.0" in lay.raw["source"]["attribution"]
    for c in lay.columns:
        assert STD.has(c.field), c.field
        if c.list_name is None or c.list_name == "Country":
            continue
        # the workbook's lists are the standard's values (Gender) or labels, in its order
        entries, f = lay.lists[c.list_name], STD.field(c.field)
        assert len(entries) == len(f.values), c.field
        for entry, value, label in zip(entries, f.values, f.value_labels, strict=True):
            assert " ".join(str(entry).split()).lower() in (value.lower(), label.lower())
    assert lay.lists["Country Code"] and len(lay.lists["Country Code"]) == len(
        lay.lists["Country"]) == len(STD.countries)


@pytest.mark.skipif(not os.environ.get("HTCDS_TOOLKIT_XLSX"),
                    reason="IOM's toolkit workbook is not at hand (HTCDS_TOOLKIT_XLSX)")
def test_the_committed_layout_is_derived_from_the_workbook() -> None:
    from derive_toolkit import derive

    raw = toolkit.layout().raw
    again = derive(Path(os.environ["HTCDS_TOOLKIT_XLSX"]), raw["source"]["commit"],
                   raw["source"]["blob"])
    assert json.loads(json.dumps(again)) == raw


def test_exported_cases_fill_the_toolkit_workbook_and_pass_its_validation(
        tmp_path: Path) -> None:
    lay = toolkit.layout()
    rows, organisations = [], {}
    for case, sender, recipient, _reason in cases():
        organisations.update({sender.id: sender.name, recipient.id: recipient.name})
        rows.append(toolkit.row(case_to_htcds(case).fields, organisations))
    path = tmp_path / "htcds-toolkit.xlsx"
    build_workbook(rows, path)

    wb = load_workbook(path)
    sheet = wb[lay.sheet]
    assert sheet.row_dimensions[1].hidden
    header = [sheet.cell(1, c).value for c in range(1, sheet.max_column + 1)]
    assert [f for f in header if f] == [c["field"] for c in lay.raw["columns"] if c["field"]]
    rules = {}
    for dv in sheet.data_validations.dataValidation:
        for ref in str(dv.sqref).split():
            rules[ref.split(":")[0].rstrip("0123456789")] = _list_of(wb, dv.formula1)
    assert set(rules) == {c.letter for c in lay.columns if c.list_name}
    checked = 0
    filled: set[str] = set()
    for r in range(lay.first_data_row, lay.first_data_row + len(rows)):
        for c in lay.columns:
            value = sheet[f"{c.letter}{r}"].value
            if value is None:
                continue
            filled.add(c.field)
            if c.letter in rules:
                # Only multi-select fields are joined: two industry labels hold "; " too.
                multiple = STD.field(c.field).multiple
                parts = str(value).split(toolkit.DELIMITER) if multiple else [value]
                for part in parts:
                    assert part in rules[c.letter], (c.field, part)
                    checked += 1
            if c.date or STD.field(c.field).type == "Date":
                assert isinstance(value, datetime) and 1900 <= value.year <= 2100, c.field
    assert checked > 100
    # the core fields this program has a value for are all in the workbook (no option of
    # form 1.0 says which kind of sexual exploitation: vic_TypeOfSexExploitation stays empty)
    assert {"prs_FirstName", "prs_SecondName", "prs_Birthdate", "prs_Gender",
            "prs_Citizenship", "prs_MobilePhone", "con_Consent", "vic_TraffickingStatus",
            "vic_TraffickingStatusDecisionMakingOrg", "vic_MethodOfRecruitment",
            "vic_MethodsOfControl", "vic_TypeOfExploitation", "vic_ForcedLabourIndustry",
            "vic_LocationOfRecruitment", "vic_LocationOfExploitation", "cas_Status",
            "cas_ReferredOrganisation", "cas_OutgoingReferralDate", "cas_ReferringOrganisation",
            "cas_IncomingReferralDate", "cas_ReasonForIncomingReferral",
            "cas_IncomingReferralDetails", "cas_ReasonForOutgoingReferral",
            "cas_OutgoingReferralDetails"} <= filled
