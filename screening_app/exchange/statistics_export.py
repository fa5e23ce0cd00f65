"""The case-level statistics export: one row per case in HTCDS 2.0 names and values,
for a national database, k-anonymous (statistics.anonymise).

Each case goes through the one HTCDS mapping of the program
(`exchange.htcds_record.case_to_htcds(case, personal=False)`), then only the
fields of EXPORTED leave: closed lists of the standard (picklists, yes/no) and
ISO country codes, each value checked against HTCDS 2.0. Never a name, a phone
number, an address, an id, an agency, a date or any free text. The period and the
age leave only as the coarse `x_period` and `x_age_band` columns (HTCDS has no
field for a month or an age band: like `x_service`, an `x_` column is the
project's extension). Why each field is safe: docs/statistics.md.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from screening_app.domain import Case
from screening_app.errors import Refused
from screening_app.exchange.htcds_record import case_to_htcds
from screening_app.i18n import N_, _
from screening_app.standards import htcds
from screening_app.standards.toolkit import DELIMITER
from screening_app.statistics.anonymise import Anonymised, Record, anonymise
from screening_app.statistics.request import StatisticsRequest

# The quasi-identifier columns (generalised), then the other fields (as they are).
QUASI_COLUMNS = ("x_period", "x_age_band", "prs_Gender", "prs_Citizenship",
                 "vic_LocationOfRecruitment", "vic_LocationOfExploitation")
EXPORTED = (
    "con_Consent", "cas_Status", "vic_TraffickingStatus",
    "vic_TraffickingStatusDecisionMakingOrg", "vic_RelationshipToTrafficker",
    "vic_MethodOfRecruitment", "vic_RecruitmentWebsitesAndApps", "vic_MethodsOfControl",
    "vic_TypeOfExploitation", "vic_ForcedLabourIndustry", "vic_TypeOfSexExploitation",
    "vic_ExploitationWebsitesAndApps", "cas_ReasonForIncomingReferral",
    "cas_ReasonForOutgoingReferral",
)
COLUMNS = (*QUASI_COLUMNS, *EXPORTED)
# Codes for the audit log and the words shown to the user for each rung.
RUNG_NAMES = {
    "period": ("month", "quarter", "year", "left out"),
    "age": ("age band", "child or adult", "left out"),
    "gender": ("as recorded", "Feminine and Masculine only", "left out"),
    "citizenship": ("as recorded", "GMS countries only", "left out"),
    "places": ("as recorded", "GMS countries only", "left out"),
}
QUASI_NAMES = {"period": N_("period"), "age": N_("age"), "gender": N_("gender"),
               "citizenship": N_("citizenship"), "places": N_("places")}
RUNG_WORDS = {"month": N_("by month"), "quarter": N_("by quarter"), "year": N_("by year"),
              "left out": N_("left out"), "age band": N_("in age bands"),
              "child or adult": N_("child or adult only"), "as recorded": N_("as recorded"),
              "Feminine and Masculine only": N_("Feminine and Masculine only"),
              "GMS countries only": N_("Mekong countries only")}


def record_of(case: Case, *, erased: bool = False) -> Record:
    """The quasi-identifiers and exported fields of one case. `erased`: the case is a
    stub left by retention after receipt (storage/retention.py), whose consent record
    was erased with the person: its con_Consent is not known, it is left blank."""
    fields = case_to_htcds(case, personal=False).fields
    created = case.created_at
    kept = {name: fields[name] for name in EXPORTED if name in fields
            and not (erased and name == "con_Consent")}
    for name, value in kept.items():        # a closed list or yes/no, and valid
        f = htcds.standard().field(name)
        if not (f.values or f.type.lower() == "checkbox"):
            raise AssertionError(f"{name} is not a closed list")
        htcds.check(name, value)
    citizenship = tuple(c for c in fields.get("prs_Citizenship") or [] if htcds.is_country(c))
    place = {n: fields.get(n) if htcds.is_country(fields.get(n)) else None
             for n in ("vic_LocationOfRecruitment", "vic_LocationOfExploitation")}
    gender = fields.get("prs_Gender")
    return Record(year=created.year, month=created.month,
                  age=case.person.age_on(created.date()),
                  gender=gender if gender in htcds.standard().values("prs_Gender") else None,
                  citizenship=citizenship, recruitment=place["vic_LocationOfRecruitment"],
                  exploitation=place["vic_LocationOfExploitation"], fields=kept)


@dataclass(frozen=True)
class HtcdsExport:
    request: StatisticsRequest
    result: Anonymised

    def rows(self) -> list[dict[str, str]]:
        out = []
        for qi, record in self.result.kept:
            row = {"x_period": qi["period"], "x_age_band": qi["age"],
                   "prs_Gender": qi["gender"], "prs_Citizenship": _cell(qi["citizenship"]),
                   "vic_LocationOfRecruitment": qi["recruitment"],
                   "vic_LocationOfExploitation": qi["exploitation"]}
            row.update({name: _cell(record.fields.get(name)) for name in EXPORTED})
            out.append(row)
        # Content order only: the order of the cases (and so their dates) is not kept.
        out.sort(key=lambda r: tuple(r[c] for c in COLUMNS))
        return out

    def csv(self) -> str:
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(self.rows())
        return out.getvalue()

    def summary(self) -> dict[str, Any]:
        """For the audit log and the user: how much was generalised and left out."""
        return {"records": len(self.result.kept), "records_suppressed": self.result.suppressed,
                **{f"generalised_{q}": RUNG_NAMES[q][n] for q, n in self.result.rungs.items()}}

    def describe(self) -> str:
        rungs = "; ".join(f"{_(QUASI_NAMES[q])}: {_(RUNG_WORDS[RUNG_NAMES[q][n]])}"
                          for q, n in self.result.rungs.items())
        return _("{kept} cases written in HTCDS 2.0 names, {left} left out because fewer than "
                 "{k} cases were alike ({rungs}).").format(
            kept=len(self.result.kept), left=self.result.suppressed, k=self.result.k,
            rungs=rungs)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return DELIMITER.join(str(v) for v in value)
    return str(value)


def export_htcds(session: Any, request: StatisticsRequest) -> HtcdsExport:
    """The k-anonymous case-level export of the cases `request` selects."""
    from screening_app.storage.statistics import StatisticsStore

    store = StatisticsStore(session)
    ids = store.case_ids(request)
    if not ids:
        raise Refused(_("No case was recorded in this period with these filters, so there "
                        "is nothing to count. Nothing was written; choose another period."))
    erased = store.erased(ids)
    records = [record_of(case, erased=case.id in erased) for case in _cases(session, ids)]
    return HtcdsExport(request, anonymise(records, request.k))


def _cases(session: Any, ids: list[str]) -> Iterable[Case]:
    """Each case, read with the repository's own reader: one audit row covers the whole
    export (a view row per case would flood the log)."""
    with session.transaction() as cur:
        for case_id in ids:
            yield session.cases._load(cur, case_id)


STATISTICS_FORMATS = ("csv", "pdf", "json", "htcds")


def export_statistics(session: Any, request: StatisticsRequest, fmt: str, lang: str,
                      target: Any, *, page_size: str = "A4",
                      native_digits: bool | None = None) -> str:
    """Write one statistics export (CSV, PDF, JSON or the HTCDS case-level CSV) of
    `request` to `target`: audited first (who, when, period, k, filters, what was
    suppressed), then written atomically. Returns the line telling the user what was
    written. The CLI and the GUI both export through here."""
    from pathlib import Path

    from screening_app.storage.datadir import write_atomically
    from screening_app.storage.statistics import produce, record_export

    if fmt not in STATISTICS_FORMATS:
        raise Refused(_("Unknown format {name}: use csv, pdf, json or htcds. Nothing was "
                        "written.").format(name=str(fmt)[:20]))
    path = Path(target).expanduser()
    if fmt == "htcds":
        export = export_htcds(session, request)
        data, summary, told = export.csv().encode("utf-8"), export.summary(), export.describe()
    else:
        report = produce(session, request, lang=lang)
        if fmt == "pdf":
            from screening_app.documents.statistics import render_statistics

            data = render_statistics(report, lang, page_size=page_size,
                                     native_digits=native_digits)
        elif fmt == "csv":
            data = report.to_csv(lang).encode("utf-8-sig")   # BOM: spreadsheets read UTF-8
        else:
            data = report.to_json(lang).encode("utf-8")
        summary = report.summary()
        told = _("Statistics written to {path} (k = {k}; {below} cells under k, {hidden} more "
                 "hidden to protect them).").format(path=path, k=request.k,
                                                     below=report.protection.below_k,
                                                     hidden=report.protection.hidden)
    record_export(session, fmt, request, summary)
    try:
        write_atomically(path, data)
    except OSError:
        raise Refused(_("Cannot write {path}. Nothing was written; choose another folder.")
                      .format(path=path)) from None
    return told
