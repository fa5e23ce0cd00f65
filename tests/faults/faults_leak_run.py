"""The scripted run of the leak scan (run as a script by test_faults_leak.py).

    python faults_leak_run.py work ROOT     create, interview, export, print, back up, lock
    python faults_leak_run.py crash ROOT    save answers until killed (SIGKILL by the test)

Personal data here are canaries: invented names that appear nowhere else, so a
hit anywhere in a file means that file holds personal data in clear.
"""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

CANARIES = {
    "km": ("កញ្ចះធ្លុងស្រី", "ប៊ុនណារ៉ាត"),
    "th": ("ขมิ้นพรายแสง", "ชะมดวนาลี"),
    "lo": ("ຜີເສື້ອຄຳແດງ", "ບົວລະພັນຫອມ"),
    "my": ("ကြယ်ငွေလမင်းဖြူ", "ဇော်ကြည်သာမြ"),
    "zh": ("翡翠蜻蜓", "琥珀鹦鹉"),
    "vi": ("Bướmxanhđỏ", "Thị Chuồnchuồn"),
    "latin": ("Zyqvantor", "Quokkafjord"),
}
FREE_TEXT = "Canary answer: she was held at Xylobrantz farm; ขมิ้นพรายแสง knows"
PASS = "leak scan passphrase"
POLICE = {"agency_name": "Border police Poipet", "country": "KH",
          "agency_type": "LawEnforcement"}
SHELTER = {"agency_name": "Ministry of Social Development and Human Security (MSDHS)",
           "country": "TH", "agency_type": "SocialService"}


def _installation(path: Path, facts: dict[str, str]) -> None:
    from screening_app.storage import KdfParams, Session, init_data_dir

    init_data_dir(path, admin="admin", passphrase=PASS, kdf=KdfParams(64, 1, 1), **facts)
    with Session.open(path, "admin", PASS) as admin:
        admin.users.add("officer", "officer", PASS)


def work(root: Path) -> None:
    from screening_app.documents import render_referral
    from screening_app.domain import Answer, Consent, Gender, Person
    from screening_app.exchange.directory import AgencyDirectory
    from screening_app.exchange.exporter import export_case
    from screening_app.exchange.importer import Importer
    from screening_app.storage import Session
    from screening_app.storage.backup import write_backup

    police, shelter, chosen = root / "police", root / "shelter", root / "chosen"
    chosen.mkdir()
    _installation(police, POLICE)
    _installation(shelter, SHELTER)
    with Session.open(shelter, "officer", PASS) as s:
        shelter_card = AgencyDirectory(s).own_card()
    with Session.open(police, "officer", PASS) as s:
        directory = AgencyDirectory(s)
        directory.import_card(shelter_card.to_bytes(), verified=True)
        police_card = directory.own_card()
        ids = []
        for script, (family, given) in CANARIES.items():
            case = s.cases.create(
                Person(given_name=given, family_name=family, latin_name=f"{family} {given}",
                       gender=Gender.FEMALE, nationality="KH", estimated_age=16,
                       languages=["km"], phone="+85512999888"),
                Consent(interview=True, record=True, share_for_referral=True),
                form_id="identification", form_version="1.0", officer_language="km",
                interviewee_language="th" if script != "latin" else "en")
            s.cases.save_answer(case.id, Answer("recruited_by_deception", True))
            s.cases.save_answer(case.id, Answer("what_happened", FREE_TEXT))
            s.cases.save_answer(case.id, Answer("employer_name", f"{given} {FREE_TEXT}"))
            full = s.cases.get(case.id)
            full.note = FREE_TEXT
            s.cases.update(full)
            ids.append(case.id)
        exported = export_case(s, ids[0], shelter_card.id)
        (chosen / "referral.age").write_bytes(exported.packet.data)
        full = s.cases.get(ids[0])
        pdf = render_referral(full, sender=directory.own_agency(),
                              recipient=directory.entry(shelter_card.id).agency,  # type: ignore[union-attr]
                              languages=["km", "th"], officer_note=FREE_TEXT,
                              today=date(2026, 11, 22))
        (chosen / "referral.pdf").write_bytes(pdf)
        write_backup(s, chosen / "backup.zip")
    with Session.open(shelter, "officer", PASS) as s:           # the receiving side
        AgencyDirectory(s).import_card(police_card.to_bytes(), verified=True)
        result = Importer(s).import_packet(exported.packet.data)
        assert result.ok, result.describe()
    print("done", flush=True)


def crash(root: Path) -> None:
    from screening_app.domain import Answer
    from screening_app.storage import Session

    session = Session.open(root / "police", "officer", PASS)
    case_id = session.cases.list(limit=1)[0].id
    n = 0
    while True:
        session.cases.save_answer(case_id, Answer(f"crash_{n}", FREE_TEXT))
        print("saved", n, flush=True)
        n += 1


if __name__ == "__main__":
    stage, where = sys.argv[1], Path(sys.argv[2])
    os.umask(0o077)
    {"work": work, "crash": crash}[stage](where)
