"""How tests/data/main-v1/ was made: run with the code of main at 3a5cda2 (before
HTCDS 2.0), so the fixture holds exactly what installations of that version wrote.

    git archive 3a5cda2 | tar -x -C /tmp/main-src
    PYTHONPATH=/tmp/main-src python tests/data/main-v1/make_fixture.py tests/data/main-v1

It makes two installations with throwaway keys and a cheap Argon2id (test only):
`shelter/` (MSDHS, TH, agency type "SocialService") and `police/` (Border police
Poipet, KH, "LawEnforcement"), each holding the other's verified v1 key card (only
the shelter's directory is kept). The
shelter holds cases with every old gender value and a nationality, a full form-1.0
interview, a referral received from the police, an exported referral, a merge
conflict on person.nationality; `packets/` holds v1 packets from the police to the
shelter that the shelter has not imported; `cards/` the two v1 key cards.
Every name, phone and answer is made up. Passphrases: tests/conftest.PASSPHRASES.

This script does not run against the current code (it is kept as the record of
how the fixture was made).
"""

from __future__ import annotations

import json
import shutil
import sys
from datetime import date
from pathlib import Path

from screening_app.domain import Answer, Consent, Gender, Person
from screening_app.exchange.directory import AgencyDirectory
from screening_app.exchange.exporter import export_case
from screening_app.exchange.importer import Importer
from screening_app.screening import confirm, evaluate_interview, load_form, profile_from_answers
from screening_app.storage import KdfParams, Session, init_data_dir

PASSPHRASES = {"admin": "admin passphrase", "officer": "officer passphrase"}
KDF = KdfParams(memory_kib=64, iterations=1, lanes=1)
TODAY = date(2026, 3, 2)

INTERVIEW = {
    "urgent_medical": "no", "urgent_danger": "no", "urgent_child_alone": "no",
    "urgent_cannot_go_on": "no", "interpreter_used": "no", "consent_interview": "yes",
    "consent_record": "yes", "consent_share": "yes", "consent_how": "verbal",
    "given_name": "ស្រីពៅ", "family_name": "សុខ", "latin_name": "Sok Sreypov (made up)",
    "gender": "Female", "birth": {"date": "2001-04-03", "certainty": "sure"},
    "age_doubt": "no", "nationality": "KH", "languages": ["km", "th"],
    "documents_held": ["none"], "documents_taken": "yes",
    "recruitment_method": ["familial", "internet_social_media"],
    "recruiter_role": "family_member", "promises": ["a_job", "a_wage"],
    "deceived_job": "yes", "deceived_pay": "yes", "crossed_border": "yes",
    "crossing_how": "hidden",
    "events": [
        {"stage": "recruitment", "country": "KH", "place": "Poipet", "date": "2025-01-15"},
        {"stage": "transit", "country": "TH"},
        {"stage": "exploitation", "country": "TH", "place": "Samut Sakhon", "date": "2025-02"},
    ],
    "work_types": ["fishing"], "hours_per_day": 16, "long_days": "yes", "pay": "not_paid",
    "owes_money": "yes", "debt_grows": "yes", "locked_in": "yes", "hit_at_work": "yes",
    "threatened": "yes",
}


def make(path: Path, name: str, country: str, kind: str) -> None:
    init_data_dir(path, admin="admin", passphrase=PASSPHRASES["admin"], kdf=KDF,
                  agency_name=name, country=country, agency_type=kind, site_code="FX")
    with Session.open(path, "admin", PASSPHRASES["admin"]) as admin:
        admin.users.add("officer", "officer", PASSPHRASES["officer"])


def open_(path: Path) -> Session:
    return Session.open(path, "officer", PASSPHRASES["officer"])


def card(path: Path) -> bytes:
    with open_(path) as session:
        return AgencyDirectory(session).own_card().to_bytes()


def add(session: Session, gender: Gender, nationality: str | None, latin: str,
        **extra: object) -> str:
    person = Person(given_name=latin.split()[0], family_name=latin.split()[-1], latin_name=latin,
                    gender=gender, nationality=nationality, estimated_age=30,
                    languages=["th"], **extra)  # type: ignore[arg-type]
    consent = Consent(interview=True, record=True, share_for_referral=True)
    return str(session.cases.create(person, consent).id)


def interviewed(session: Session, answers: dict[str, object]) -> str:
    form = load_form("identification", "1.0")
    person, consent = profile_from_answers(answers, form)
    case = session.cases.create(person, consent, form_id=form.id, form_version=form.version,
                                officer_language="en", interviewee_language="km")
    for qid, value in answers.items():
        session.cases.save_answer(case.id, Answer(qid, value))
    outcome = evaluate_interview(form, answers, TODAY)
    session.cases.add_outcome(case.id, outcome)
    session.cases.set_decision(case.id, confirm(outcome, "officer"))
    return str(case.id)


def main(out: Path) -> None:
    if out.exists():
        shutil.rmtree(out)
    shelter, police = out / "shelter", out / "police"
    make(shelter, "Ministry of Social Development and Human Security (MSDHS)", "TH",
         "SocialService")
    make(police, "Border police Poipet", "KH", "LawEnforcement")
    (out / "cards").mkdir()
    (out / "cards" / "shelter.card").write_bytes(card(shelter))
    (out / "cards" / "police.card").write_bytes(card(police))
    with open_(shelter) as s:
        AgencyDirectory(s).import_card(card(police), verified=True)
    with open_(police) as p:
        AgencyDirectory(p).import_card(card(shelter), verified=True)

    ids: dict[str, str] = {}
    with open_(shelter) as s:
        ids["male"] = add(s, Gender.MALE, "VN", "Tran Van Hung", phone="+84 912 345 678")
        ids["transgender"] = add(s, Gender.TRANSGENDER, None, "Alex Morgan")
        ids["unknown"] = add(s, Gender.UNKNOWN, "MM", "Aung Kyaw Min")
        ids["interviewed"] = interviewed(s, INTERVIEW)
        # exported to the police: an outbox entry, a Referral, a common version
        export_case(s, ids["interviewed"], "kh-border-police-poipet", with_pdf=False)

    # a referral from the police, imported by the shelter, then a conflicting update
    with open_(police) as p:
        ids["received"] = add(p, Gender.FEMALE, "KH", "Keo Sophea")
        first = export_case(p, ids["received"], "th-msdhs", with_pdf=False).packet.data
    with open_(shelter) as s:
        Importer(s).import_packet(first)
        case = s.cases.get(ids["received"])
        case.person.nationality = "TH"
        s.cases.update(case)
    with open_(police) as p:
        case = p.cases.get(ids["received"])
        case.person.nationality = "LA"
        p.cases.update(case)
        update = export_case(p, ids["received"], "th-msdhs", with_pdf=False).packet.data
    with open_(shelter) as s:
        Importer(s).import_packet(update)

    # v1 packets the shelter has not seen yet
    (out / "packets").mkdir()
    with open_(police) as p:
        answers = dict(INTERVIEW, gender="Male", nationality="LA", given_name="ບຸນມີ",
                       family_name="ພົມມະວົງ", latin_name="Bounmy Phommavong (made up)",
                       languages=["lo"])
        ids["v1_interviewed"] = interviewed(p, answers)
        ids["v1_transgender"] = add(p, Gender.TRANSGENDER, "KH", "Chan Dara")
        for key in ("v1_interviewed", "v1_transgender"):
            data = export_case(p, ids[key], "th-msdhs", with_pdf=False).packet.data
            (out / "packets" / f"{key}.srp").write_bytes(data)
    with open_(shelter) as s:
        s.connection.execute("VACUUM")
        s.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.rmtree(police)       # only its card and its packets are needed
    (shelter / "instance.lock").unlink(missing_ok=True)
    (out / "ids.json").write_text(json.dumps(ids, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
