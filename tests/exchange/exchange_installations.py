"""Two real installations (encrypted data directories) that know each other's cards."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from screening_app.domain import Answer, Consent, Gender, Person
from screening_app.exchange.directory import AgencyDirectory

POLICE = {"agency_name": "Border police Poipet", "country": "KH",
          "agency_type": "LawEnforcement"}
# Matches a seed entry, so its agency id is the seed's id.
SHELTER = {"agency_name": "Ministry of Social Development and Human Security (MSDHS)",
           "country": "TH", "agency_type": "CentralGovernmentOrganisation",
           "agency_service": "SocialService"}
SHELTER_ID = "th-msdhs"
POLICE_ID = "kh-border-police-poipet"


@dataclass
class Installation:
    made: Any                 # tests/conftest.py MadeDataDir
    agency_id: str

    def open(self) -> Any:
        return self.made.open("officer")


def make_pair(data_dir_factory: Any, introduce: bool = True) -> tuple[Installation, Installation]:
    police = Installation(data_dir_factory("police", **POLICE), POLICE_ID)
    shelter = Installation(data_dir_factory("shelter", **SHELTER), SHELTER_ID)
    if introduce:
        introduce_to(police, shelter)
        introduce_to(shelter, police)
    return police, shelter


def own_card(inst: Installation) -> bytes:
    with inst.open() as session:
        return AgencyDirectory(session).own_card().to_bytes()


def introduce_to(holder: Installation, other: Installation, verified: bool = True) -> None:
    card = own_card(other)
    with holder.open() as session:
        AgencyDirectory(session).import_card(card, verified=verified)


def new_case(session: Any, share: bool = True) -> str:
    person = Person(given_name="ស្រីពៅ", family_name="សុខ", latin_name="Sok Sreypov",
                    gender=Gender.FEMALE, nationality="KH", estimated_age=17, languages=["km"])
    consent = Consent(interview=True, record=True, share_for_referral=share)
    case = session.cases.create(person, consent, form_id="identification", form_version="1.0")
    session.cases.save_answer(case.id, Answer("q1", True))
    return str(case.id)


def state_digest(session: Any) -> str:
    """A hash of every table except the audit log (which records refusals)."""
    db = session.database
    tables = [r[0] for r in db.query(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND name NOT LIKE 'case_search%' AND name != 'audit_log' ORDER BY name")]
    h = hashlib.sha256()
    for table in tables:
        for row in db.query(f"SELECT * FROM {table} ORDER BY 1"):
            h.update(repr(tuple(bytes(v) if isinstance(v, memoryview) else v
                                for v in row)).encode())
    return h.hexdigest()


def audit_actions(session: Any) -> list[str]:
    return [r[0] for r in session.database.query("SELECT action FROM audit_log ORDER BY id")]


def edit_person(inst: Installation, case_id: str, **changes: Any) -> None:
    """Change person fields of a case on one installation, as an officer would."""
    with inst.open() as session:
        case = session.cases.get(case_id)
        for name, value in changes.items():
            setattr(case.person, name, value)
        session.cases.update(case)


def referred_case(police: Installation, shelter: Installation) -> tuple[str, bytes]:
    """A case made by the police and imported by the shelter: (case id, referral)."""
    from screening_app.exchange.exporter import export_case
    from screening_app.exchange.importer import Importer

    with police.open() as session:
        case_id = new_case(session)
        first = export_case(session, case_id, shelter.agency_id).packet.data
    with shelter.open() as session:
        Importer(session).import_packet(first)
    return case_id, first
