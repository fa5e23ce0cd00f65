"""A statistics report: the protected tables of one request, and its CSV and JSON.

Only what `protect` left shown is ever written as a number: a cell under k is
written "<k", a cell hidden to protect another "x". CSV and JSON hold category
codes (stable, for machines) beside their words in the report's language, and
counts in ASCII digits (spreadsheets read them); the PDF and the screen use the
language's own digits.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from screening_app.i18n import translate
from screening_app.statistics import labels
from screening_app.statistics.request import StatisticsRequest
from screening_app.statistics.suppression import Protection, Status, protect
from screening_app.statistics.tables import Table, TableSet, build
from screening_app.statistics.variables import TOTAL, YES, Facts, Var

FORMAT = "screening-app-statistics"
FORMAT_VERSION = 1
CSV_COLUMNS = ("table", "title", "row_variable", "row_code", "row_label", "column_variable",
               "column_code", "column_label", "value", "status")


@dataclass(frozen=True)
class Cell:
    """One number of a table as it may be shown: `value` is None unless shown."""

    index: int
    value: int | None
    status: Status

    def text(self, k: int, lang: str, native: bool | None = None) -> str:
        if self.status is Status.BELOW_K:
            return labels.below_k(k, lang, native)
        if self.status is Status.HIDDEN or self.value is None:
            return labels.HIDDEN_MARK
        return labels.number(self.value, lang, native)

    def plain(self, k: int) -> str:
        """ASCII for CSV and JSON: the count, "<k" or "x" (no grouping, no locale)."""
        if self.status is Status.BELOW_K:
            return f"<{k}"
        if self.status is Status.HIDDEN or self.value is None:
            return labels.HIDDEN_MARK
        return str(self.value)


@dataclass
class StatisticsReport:
    request: StatisticsRequest
    tables: TableSet
    protection: Protection
    generated: date
    forms: tuple[str, ...] = ()
    rule_sets: tuple[str, ...] = ()
    program_version: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def k(self) -> int:
        return self.request.k

    def cell(self, index: int) -> Cell:
        status = self.protection.status[index]
        value = self.tables.values[index] if status is Status.SHOWN else None
        return Cell(index, value, status)

    def total(self) -> Cell:
        return self.cell(self.tables.table(Var.OUTCOME).total)

    def table(self, table_id: str) -> Table:
        return self.tables.table(table_id)

    def at(self, table_id: str, row: str, column: str | None = None) -> Cell:
        """The cell of `table_id` at `row` (TOTAL for the total) and `column`."""
        t = self.table(table_id)
        if t.columns is None:
            return self.cell(t.total if row == TOTAL else t.grid[(row, None)])
        if row == TOTAL:
            return self.cell(t.total if column in (None, TOTAL) else t.column_totals[str(column)])
        if column in (None, TOTAL):
            return self.cell(t.row_totals[row])
        return self.cell(t.grid[(row, column)])

    def dimension_tables(self) -> list[Table]:
        return [t for t in self.tables.tables if t.id.startswith(Var.DIMENSION + ":")]

    def summary(self) -> dict[str, Any]:
        """What the audit log and the methods page say about the suppression."""
        return {"cells_below_k": self.protection.below_k,
                "cells_hidden": self.protection.hidden}

    # --- writers -----------------------------------------------------------------
    def rows(self, lang: str) -> Iterator[dict[str, str]]:
        """Every cell of every table, totals included, as CSV rows."""
        words: dict[tuple[str, str], str] = {}

        def category(var: str, code: str) -> str:      # each label made once
            key = (var, code)
            if key not in words:
                words[key] = labels.category(var, code, lang, native=False)
            return words[key]

        for t in self.tables.tables:
            name = labels.title(t.id, lang)
            row_var = t.rows.split(":")[0] if t.rows.startswith(Var.DIMENSION) else t.rows
            columns: list[str | None] = [None] if t.columns is None else [*t.column_codes, TOTAL]
            for r in (*t.row_codes, TOTAL):
                for c in columns:
                    cell = self.at(t.id, r, c)
                    yield {
                        "table": t.id, "title": name, "row_variable": row_var, "row_code": r,
                        "row_label": category(t.rows, r),
                        "column_variable": t.columns or "",
                        "column_code": "" if c is None else c,
                        "column_label": "" if c is None or t.columns is None
                        else category(t.columns, c),
                        "value": cell.plain(self.k), "status": cell.status.value,
                    }

    def about(self) -> dict[str, Any]:
        return {"format": FORMAT, "version": FORMAT_VERSION,
                "generated": self.generated.isoformat(), "program": self.program_version,
                "k": self.k, "period": {"from": self.request.to_dict()["from"],
                                        "to": self.request.to_dict()["to"]},
                "filters": {key: value for key, value in self.request.to_dict().items()
                            if key in ("agency", "nationality", "exploitation")},
                "suppression": self.summary(), "forms": list(self.forms),
                "rule_sets": list(self.rule_sets),
                "marks": {f"<{self.k}": "fewer than k cases",
                          labels.HIDDEN_MARK: "hidden so that no count under k can be "
                                              "worked out from the others"}}

    def to_csv(self, lang: str) -> str:
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
        writer.writeheader()
        for row in self.rows(lang):
            writer.writerow(row)
        return out.getvalue()

    def to_json(self, lang: str) -> str:
        tables = []
        by_table: dict[str, list[dict[str, str]]] = {}
        for row in self.rows(lang):
            by_table.setdefault(row["table"], []).append(row)
        for t in self.tables.tables:
            rows = [{"code": r, "label": labels.category(t.rows, r, lang, native=False)}
                    for r in t.row_codes]
            entry: dict[str, Any] = {"id": t.id, "title": labels.title(t.id, lang),
                                     "rows": rows, "row_variable": t.rows,
                                     "column_variable": t.columns}
            if t.columns is not None:
                entry["columns"] = [{"code": c, "label": labels.category(t.columns, c, lang,
                                                                         native=False)}
                                    for c in t.column_codes]
            entry["cells"] = [{"row": row["row_code"], "column": row["column_code"] or None,
                               "value": _json_value(row["value"]), "status": row["status"]}
                              for row in by_table.get(t.id, [])]
            tables.append(entry)
        body = {**self.about(), "language": lang, "tables": tables}
        return json.dumps(body, ensure_ascii=False, indent=1) + "\n"


def _json_value(text: str) -> int | str:
    return int(text) if text.isdigit() else text


def make_report(facts: Facts, request: StatisticsRequest, generated: date, *,
                forms: tuple[str, ...] = (), rule_sets: tuple[str, ...] = (),
                program_version: str = "") -> StatisticsReport:
    """Build the tables of `facts` and protect them (statistics.suppression)."""
    tables = build(facts, request.k)
    return StatisticsReport(request, tables, protect(tables, request.k), generated,
                            forms, rule_sets, program_version)


def found(report: StatisticsReport, table: Table) -> Cell:
    """A dimension table's "found" cell."""
    return report.cell(table.grid[(YES, None)])


def plain_title(table_id: str, lang: str) -> str:
    return translate(labels.TITLES.get(table_id, table_id), lang)
