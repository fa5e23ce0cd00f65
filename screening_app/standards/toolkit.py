"""IOM's HTCDS 2.0 toolkit workbook ("HTCDS Excel Spreadsheet single select with
validation v2.0"; the multi-select template has the same columns): its column
layout and validation lists, as derived into resources/htcds/toolkit-excel-2.0.json,
and one case's row in it.

The workbook's lists hold the standard's value labels (Gender: the value names) in
the standard's order, a few spelled differently ("Follow up", "Debt bondage "), and
Citizenship takes English country names: `row()` writes the workbook's own entries,
chosen by the value's place in the standard's list, never by a guess at spelling.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from screening_app.standards import htcds

# Field names in the workbook's hidden first row that are not spelled as in the
# standard, and the column whose field name is missing (found by its label).
FIELD_FIXES = {"vic_TraffickinStatusDecisionMakingOrg": "vic_TraffickingStatusDecisionMakingOrg"}
LABEL_FIELDS = {"Reason for Outgoing Referral": "cas_ReasonForOutgoingReferral"}
DELIMITER = "; "          # the multi-select template's


@dataclass(frozen=True)
class Column:
    letter: str
    field: str                      # the HTCDS field (fixed as above)
    label: str
    list_name: str | None           # the validation list of the column, if any
    date: bool                      # a date-validated column


@dataclass(frozen=True)
class Layout:
    sheet: str
    first_data_row: int
    columns: tuple[Column, ...]
    lists: dict[str, list[Any]]     # list name -> its entries, in order
    list_columns: dict[str, str]    # list name -> column letter in the validation sheet
    validation_sheet: str
    raw: dict[str, Any]

    def column(self, field: str) -> Column | None:
        return next((c for c in self.columns if c.field == field), None)


@lru_cache(maxsize=1)
def layout() -> Layout:
    raw = json.loads(htcds.TOOLKIT_FILE.read_text(encoding="utf-8"))
    columns = []
    for c in raw["columns"]:
        name = c["field"] or LABEL_FIELDS.get(c["label"] or "")
        if not name:
            continue
        rule = c["validation"] or {}
        columns.append(Column(c["column"], FIELD_FIXES.get(name, name), c["label"] or "",
                              rule.get("list"), rule.get("type") == "date"))
    return Layout(raw["sheet"], int(raw["first_data_row"]), tuple(columns),
                  {k: list(v["values"]) for k, v in raw["lists"].items()},
                  {k: str(v["column"]) for k, v in raw["lists"].items()},
                  raw["validation_sheet"], raw)


def entry(field: str, value: str, list_name: str) -> str:
    """The workbook's list entry for a standard value of `field`."""
    lay = layout()
    entries = lay.lists[list_name]
    if list_name == "Country":         # codes and names are two parallel lists
        return str(entries[lay.lists["Country Code"].index(value)])
    return str(entries[htcds.standard().values(field).index(value)])


def row(fields: dict[str, Any], organisations: dict[str, str] | None = None) -> dict[str, Any]:
    """Column letter -> cell value of one case (`case_to_htcds(...).fields`): list
    entries as the workbook spells them, several values joined by "; " (the
    multi-select template's way), dates as dates, organisations by name."""
    names = organisations or {}
    out: dict[str, Any] = {}
    for col in layout().columns:
        value = fields.get(col.field)
        if value is None:
            continue
        values = value if isinstance(value, list) else [value]
        if col.list_name is not None:
            values = [entry(col.field, v, col.list_name) for v in values]
        elif col.date or htcds.standard().field(col.field).type.lower() == "date":
            values = [date.fromisoformat(v) for v in values]
        elif col.field in ("cas_ReferringOrganisation", "cas_ReferredOrganisation"):
            values = [names.get(v, v) for v in values]
        out[col.letter] = values[0] if len(values) == 1 else DELIMITER.join(map(str, values))
    return out
