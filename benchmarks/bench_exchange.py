"""Referral packets: export (build, sign, encrypt, queue) on one installation and
import (decrypt, verify, merge, receipt) on another, with and without the PDF."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from benchmarks.common import Result
from screening_app.domain import Answer, Consent, Gender, Person

POLICE = {"agency_name": "Border police Poipet", "country": "KH",
          "agency_type": "LawEnforcement"}
SHELTER = {"agency_name": "Ministry of Social Development and Human Security (MSDHS)",
           "country": "TH", "agency_type": "SocialService"}
PASSPHRASE = "benchmark officer passphrase"


def available() -> bool:
    try:
        import screening_app.exchange.exporter
        import screening_app.exchange.importer  # noqa: F401
    except ImportError:
        return False
    return True


def _installation(where: Path, facts: dict[str, str]) -> Path:
    from screening_app.storage import KdfParams, Session, init_data_dir

    cheap = KdfParams(memory_kib=64, iterations=1, lanes=1)   # unlock is measured elsewhere
    init_data_dir(where, admin="admin", passphrase="benchmark admin passphrase", kdf=cheap,
                  **facts)
    with Session.open(where, "admin", "benchmark admin passphrase") as admin:
        admin.users.add("officer", "officer", PASSPHRASE)
    return where


def _open(where: Path) -> Any:
    from screening_app.storage import Session

    return Session.open(where, "officer", PASSPHRASE)


def _introduce(a: Path, b: Path) -> tuple[str, str]:
    from screening_app.exchange.directory import AgencyDirectory

    with _open(a) as s:
        card_a, id_a = AgencyDirectory(s).own_card().to_bytes(), AgencyDirectory(s).own_agency().id
    with _open(b) as s:
        card_b, id_b = AgencyDirectory(s).own_card().to_bytes(), AgencyDirectory(s).own_agency().id
        AgencyDirectory(s).import_card(card_a, verified=True)
    with _open(a) as s:
        AgencyDirectory(s).import_card(card_b, verified=True)
    return id_a, id_b


def new_cases(session: Any, count: int) -> list[str]:
    """`count` cases with consent to share and ten answers each; their ids."""
    ids = []
    for i in range(count):
        case = session.cases.create(
            Person(given_name="ស្រីពៅ", family_name="សុខ", latin_name=f"Sok Sreypov {i}",
                   gender=Gender.FEMALE, nationality="KH", estimated_age=17, languages=["km"]),
            Consent(interview=True, record=True, share_for_referral=True),
            form_id="identification", form_version="1.0", officer_language="km",
            interviewee_language="th")
        for q in range(10):
            session.cases.save_answer(case.id, Answer(f"q{q}", True))
        ids.append(str(case.id))
    return ids


def packets(where: Path, count: int) -> list[Result]:
    from screening_app.exchange.exporter import export_case
    from screening_app.exchange.importer import Importer

    police = _installation(where / "police", POLICE)
    shelter = _installation(where / "shelter", SHELTER)
    _police_id, shelter_id = _introduce(police, shelter)
    results = []
    for with_pdf in (False, True):
        n = count if not with_pdf else max(10, count // 5)
        with _open(police) as s:
            ids = new_cases(s, n)
            start = time.perf_counter()
            built = [export_case(s, case_id, shelter_id, with_pdf=with_pdf).packet.data
                     for case_id in ids]
            export_s = time.perf_counter() - start
        with _open(shelter) as s:
            importer = Importer(s)
            start = time.perf_counter()
            for data in built:
                result = importer.import_packet(data)
                assert result.ok, result.describe()
            import_s = time.perf_counter() - start
        label = "with PDF" if with_pdf else "without PDF"
        both = Result(f"packets {label}: export + import", n / (export_s + import_s),
                      "packets/s", target="≥ 100 packets/s without PDF" if not with_pdf else
                      "reported",
                      note=f"{n} packets; export {n / export_s:.0f}/s, import "
                           f"{n / import_s:.0f}/s; mean size "
                           f"{sum(map(len, built)) / n / 1024:.1f} KB")
        both.met = both.ours >= 100 if not with_pdf else None
        results.append(both)
    return results
