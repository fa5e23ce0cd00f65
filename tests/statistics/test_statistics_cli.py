"""`screening-app stats` on a real encrypted data directory: every format written and
audited, officers refused, bad input refused with nothing written, exact counts of a
hand-made case load, and a canary scan over every output format."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from stats_attack import attack
from stats_cases import CANARIES, put_cases

from screening_app.cli import main
from screening_app.domain import (
    Case,
    Consent,
    DimensionResult,
    Gender,
    OfficerDecision,
    Outcome,
    OutcomeKind,
    Person,
    Referral,
    ReferralStatus,
)
from screening_app.domain.ids import new_case_id


@pytest.fixture
def made(data_dir_factory: Any) -> Any:
    made = data_dir_factory()
    with made.open("officer") as session:
        put_cases(session, 36)
    return made


def stats(made: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
          *args: str, user: str = "supervisor") -> tuple[int, str, str]:
    monkeypatch.setenv("SCREENING_APP_PASSPHRASE", made.passphrases[user])
    monkeypatch.setenv("SCREENING_APP_LANG", "en")
    code = main(["stats", *args, "--data-dir", str(made.path), "--user", user])
    out, err = capsys.readouterr()
    return code, out, err


def audit_rows(made: Any) -> list[dict[str, Any]]:
    with made.open("supervisor") as session:
        return [e for e in session.audit.entries(limit=1000)
                if e["action"] == "statistics_export"]


def test_every_format_written_and_audited(made: Any, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    for fmt in ("csv", "json", "pdf", "htcds"):
        out = tmp_path / f"stats.{fmt}"
        code, _printed, err = stats(made, monkeypatch, capsys, "--format", fmt, "--out", str(out),
                                   "--from", "2025-01-01", "--to", "2025-03-31", "--k", "3")
        assert code == 0, err
        assert out.stat().st_size > 100
        assert not list(tmp_path.glob(".*.tmp"))
    rows = audit_rows(made)
    assert [r["detail"]["format"] for r in reversed(rows)] == ["csv", "json", "pdf", "htcds"]
    for row in rows:
        assert row["user"] == "supervisor" and row["case_id"] is None
        assert row["detail"]["from"] == "2025-01-01" and row["detail"]["to"] == "2025-03-31"
        assert row["detail"]["k"] == 3
    assert rows[0]["detail"]["records"] + rows[0]["detail"]["records_suppressed"] == 36
    body = json.loads((tmp_path / "stats.json").read_text(encoding="utf-8"))
    assert body["k"] == 3 and body["format"] == "screening-app-statistics"
    assert body["period"] == {"from": "2025-01-01", "to": "2025-03-31"}


def test_administrator_may_count(made: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = stats(made, monkeypatch, capsys, "--format", "csv", "--out",
                            str(tmp_path / "a.csv"), user="admin")
    assert code == 0, err


def test_officer_refused(made: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                         capsys: pytest.CaptureFixture[str]) -> None:
    for fmt in ("csv", "htcds"):
        out = tmp_path / f"o.{fmt}"
        code, _out, err = stats(made, monkeypatch, capsys, "--format", fmt, "--out", str(out),
                                user="officer")
        assert code == 1
        assert "only a supervisor or an administrator" in err and err.count("\n") == 1
        assert not out.exists()
    assert audit_rows(made) == []


@pytest.mark.parametrize(("args", "words"), [
    (["--from", "2025-03-01", "--to", "2025-01-31"], "starts after it ends"),
    (["--k", "1"], "at least 2"),
    (["--k", "eleven"], "at least 2"),
    (["--format", "xlsx"], "Unknown format xlsx"),
    (["--from", "2031-01-01", "--to", "2031-12-31"], "No case was recorded"),
    (["--from", "31/31/2025"], "This is not a date"),
    (["--nationality", "Cambodia"], "two-letter country code"),
    (["--exploitation", "begging"], "labour or sexual"),
])
def test_bad_input_refused(made: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                           capsys: pytest.CaptureFixture[str], args: list[str],
                           words: str) -> None:
    out = tmp_path / "bad.out"
    fmt = [] if "--format" in args else ["--format", "csv"]
    code, _printed, err = stats(made, monkeypatch, capsys, *fmt, *args, "--out", str(out))
    assert code == 1, err
    assert words in err and err.count("\n") == 1
    assert not out.exists()
    assert audit_rows(made) == []


def test_canaries_never_leave(made: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                              capsys: pytest.CaptureFixture[str]) -> None:
    """No name, phone, address, exact birth date, free-text answer, place, note, reason,
    detail or agency of the cases appears in any format (PDF: text and raw bytes)."""
    texts: dict[str, str] = {}
    for fmt in ("csv", "json", "pdf", "htcds"):
        for k in ("2", "11"):
            out = tmp_path / f"c{k}.{fmt}"
            code, printed, err = stats(made, monkeypatch, capsys, "--format", fmt, "--out",
                                       str(out), "--k", k, "--lang", "km")
            assert code == 0, err
            texts[f"{fmt} k={k} printed"] = printed + err
            raw = out.read_bytes()
            texts[f"{fmt} k={k}"] = raw.decode("utf-8", "replace")
            if fmt == "pdf":
                texts[f"{fmt} k={k} text"] = subprocess.run(
                    ["pdftotext", "-enc", "UTF-8", str(out), "-"], capture_output=True,
                    text=True, check=True).stdout
    for where, text in texts.items():
        folded = text.casefold()
        for canary in CANARIES:
            assert canary.casefold() not in folded, (canary, where)
    with made.open("supervisor") as session:
        for entry in session.audit.entries(limit=1000):
            flat = json.dumps(entry, ensure_ascii=False)
            for canary in CANARIES:
                assert canary not in flat


def test_htcds_export_is_k_anonymous(made: Any, tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "h.csv"
    code, printed, err = stats(made, monkeypatch, capsys, "--format", "htcds", "--out",
                               str(out), "--k", "4")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    quasi = ("x_period", "x_age_band", "prs_Gender", "prs_Citizenship",
             "vic_LocationOfRecruitment", "vic_LocationOfExploitation")
    groups: dict[tuple[str, ...], int] = {}
    for row in rows:
        key = tuple(row[q] for q in quasi)
        groups[key] = groups.get(key, 0) + 1
    assert rows and min(groups.values()) >= 4
    assert "left out because fewer than 4 cases were alike" in printed
    assert set(rows[0]) == {*quasi, "con_Consent", "cas_Status", "vic_TraffickingStatus",
                            "vic_TraffickingStatusDecisionMakingOrg",
                            "vic_RelationshipToTrafficker", "vic_MethodOfRecruitment",
                            "vic_RecruitmentWebsitesAndApps", "vic_MethodsOfControl",
                            "vic_TypeOfExploitation", "vic_ForcedLabourIndustry",
                            "vic_TypeOfSexExploitation", "vic_ExploitationWebsitesAndApps",
                            "cas_ReasonForIncomingReferral", "cas_ReasonForOutgoingReferral"}
    assert any(r["vic_MethodsOfControl"] for r in rows)       # the payload is there
    for row in rows:                                           # birth dates coarsened
        assert row["x_age_band"] in ("", "0-11", "12-17", "18-24", "25-34", "35-49", "50+",
                                     "0-17", "18+")


def _case(n: int, gender: Gender, nationality: str | None, age: int | None,
          kind: OutcomeKind | None, *, decided: OutcomeKind | None = None,
          exploitation: list[str] | None = None, referral: ReferralStatus | None = None,
          created: datetime = datetime(2025, 1, 15, 8, tzinfo=UTC)) -> Case:
    case = Case(id=new_case_id(), reference=f"KH-HW-01-{n:04d}", created_by="officer",
                created_at=created, updated_at=created,
                person=Person(given_name=f"P{n}", gender=gender,
                              citizenship=[nationality] if nationality else [],
                              estimated_age=age),
                consent=Consent(interview=True, record=True, share_for_referral=True))
    if kind is not None:
        case.outcomes = [Outcome(kind, False, "adult_labour", "ilo", "1", dimensions={
            "deceptive_recruitment": DimensionResult(kind is not OutcomeKind.NO_INDICATORS)},
            extra={"exploitation": exploitation or ["labour", "sexual"],
                   "exploitation_basis": "stated" if exploitation else "assumed"})]
        if decided is not None:
            case.decision = OfficerDecision(kind, decided, "r", "officer")
    if referral is not None:
        case.referrals = [Referral(f"r{n}", case.id, "th-msdhs", ["km"], referral)]
    return case


def test_hand_worked_counts_through_storage(data_dir_factory: Any, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    """30 cases made by hand, counted January-February 2025 with k = 2.

    A  10 Feminine, KH, 20 years, presumed victim, labour; 3 referrals exported, 2 sent
    B   2 Feminine, KH, 22, suggested indicators present, the officer decided presumed
        victim; sexual; both referrals received (receipt back)
    C   8 Feminine, MM, 30, indicators present, exploitation not stated
    D   6 Feminine, LA, 16, no indicators, labour and sexual
    E   3 Feminine, no nationality, age unknown, interview not finished
    F   1 Masculine, the same
    and one more case in March, outside the period.

    Counted: outcomes 12 / 8 / 6 / 4 (the officer's decision counts); ages 12-17: 6,
    18-24: 12, 25-34: 8, unknown: 4; exploitation 10 / 2 / 6 / 8 / 4; referral none 23,
    awaiting receipt 5, receipt received 2. Suppressed, and why:
    - month: February 0 is "<2" beside January alone: January (30) is hidden;
    - age: 0-11, 35-49, 50+ are 0 ("<2"); 30 - 6 - 12 - 8 - 4 = 0 would show all three
      are zero: the smallest shown age group, unknown (4), is hidden;
    - gender: Masculine 1 and four zeros are "<2"; 30 - 29 = 1 would give their sum:
      Feminine (29) is hidden;
    - referral: printed 0 is "<2" alone: receipt received (2) is hidden; the linear
      programme then sees printed + received = 30 - 23 - 5 = 2 with "x" meaning 2 or
      more: both pinned, so awaiting receipt (5) is hidden too;
    - exploitation: in "exploitation by gender" the sexual row is Feminine 2 ("x")
      plus two "<2" zeros adding up to 2: pinned, so sexual (2) is hidden; alone among
      shown cells it would be given away by the total, so "not finished" (4) is
      hidden, which is the same cell as the outcome "not finished": in the outcome
      table it then stands alone, so "no indicators" (6) is hidden beside it.
    """
    made = data_dir_factory()
    F, M = Gender.FEMININE, Gender.MASCULINE
    P, IP = OutcomeKind.PRESUMED_VICTIM, OutcomeKind.INDICATORS_PRESENT
    exported, sent = ReferralStatus.EXPORTED, ReferralStatus.SENT
    cases = [_case(n, F, "KH", 20, P, exploitation=["labour"],
                   referral=exported if n < 3 else sent if n < 5 else None) for n in range(10)]
    cases += [_case(10 + n, F, "KH", 22, IP, decided=P, exploitation=["sexual"],
                    referral=ReferralStatus.RECEIVED) for n in range(2)]
    cases += [_case(20 + n, F, "MM", 30, IP) for n in range(8)]
    cases += [_case(30 + n, F, "LA", 16, OutcomeKind.NO_INDICATORS,
                    exploitation=["labour", "sexual"]) for n in range(6)]
    cases += [_case(40 + n, F, None, None, None) for n in range(3)]
    cases += [_case(50, M, None, None, None)]
    cases += [_case(60, F, "KH", 40, P, created=datetime(2025, 3, 1, tzinfo=UTC))]
    with made.open("officer") as session, session.transaction():
        for case in cases:
            session.cases.put(case)
    out = tmp_path / "hw.csv"
    code, _p, err = stats(made, monkeypatch, capsys, "--format", "csv", "--out", str(out),
                          "--k", "2", "--from", "2025-01-01", "--to", "2025-02-28")
    assert code == 0, err
    text = out.read_text(encoding="utf-8-sig")
    cells = {(r["table"], r["row_code"], r["column_code"]): r["value"]
             for r in csv.DictReader(io.StringIO(text))}

    def one_way(table: str, codes: list[str]) -> list[str]:
        return [cells[(table, c, "")] for c in codes]

    assert cells[("outcome", "total", "")] == "30"
    assert one_way("outcome", ["presumed_victim", "indicators_present", "no_indicators",
                               "not_screened"]) == ["12", "8", "x", "x"]
    assert one_way("age", ["0-11", "12-17", "18-24", "25-34", "35-49", "50+", "unknown"]) \
        == ["<2", "6", "12", "8", "<2", "<2", "x"]
    assert one_way("gender", ["Feminine", "Masculine", "TransgenderFeminine",
                              "TransgenderMasculine", "NonConforming", "NonSpecifiedUnknown"]) \
        == ["x", "<2", "<2", "<2", "<2", "<2"]
    assert one_way("exploitation", ["labour", "sexual", "both", "not_stated",
                                    "not_screened"]) == ["10", "x", "6", "8", "x"]
    assert one_way("referral", ["none", "printed", "awaiting_receipt", "receipt_received"]) \
        == ["23", "<2", "x", "x"]
    assert one_way("month", ["2025-01", "2025-02"]) == ["x", "<2"]
    assert one_way("nationality", ["KH", "MM", "LA"]) == ["12", "8", "6"]
    assert cells[("dimension:deceptive_recruitment", "yes", "")] == "20"
    found = attack(text, 2)
    assert found.pinned() == [] and found.small_sums() == []
