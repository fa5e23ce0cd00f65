"""Helpers of the exchange tests: agencies with device identities, cases, packets."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from screening_app.domain import (
    Agency,
    AgencyService,
    AgencyType,
    Answer,
    Case,
    Consent,
    Gender,
    Person,
)
from screening_app.domain.ids import new_case_id
from screening_app.exchange import htcds
from screening_app.exchange.canonical import canonical_bytes
from screening_app.exchange.cards import KeyCard
from screening_app.exchange.identity import DeviceIdentity
from screening_app.exchange.packet import BuiltPacket, CardSet, PacketKind, build_packet


@dataclass
class Party:
    agency: Agency
    identity: DeviceIdentity
    card: KeyCard


def make_party(agency_id: str, name: str, country: str, kind: AgencyType | None,
               service: AgencyService | None = None) -> Party:
    identity = DeviceIdentity.generate()
    agency = Agency(id=agency_id, name=name, type=kind, country=country, service=service)
    return Party(agency, identity, KeyCard.for_agency(agency, identity))


def sample_case() -> Case:
    case = Case(id=new_case_id(), reference="KH-PP-01-0007", created_by="officer1",
                person=Person(given_name="ស្រីពៅ", family_name="សុខ", latin_name="Sok Sreypov",
                              gender=Gender.FEMALE, nationality="KH", estimated_age=17,
                              languages=["km"]),
                consent=Consent(interview=True, record=True, share_for_referral=True),
                form_id="identification", form_version="1.0")
    case.answers["q1"] = Answer("q1", True, answered_by="officer1")
    return case


def referral_packet(sender: Party, receiver: Party, case: Case | None = None,
                    kind: PacketKind = PacketKind.REFERRAL, revision: int = 1) -> BuiltPacket:
    case = case or sample_case()
    data = htcds.case_to_packet(case, referring=sender.agency.id, referred=receiver.agency.id,
                                referral_date=date(2026, 11, 22))
    return build_packet(kind=kind, identity=sender.identity, sender_agency=sender.agency.id,
                        recipient=receiver.card, content={"case.json": canonical_bytes(data)},
                        case_id=case.id, case_revision=revision,
                        form={"id": case.form_id, "version": case.form_version})


def directory_of(*parties: Party, verified: bool = True) -> CardSet:
    cards = {p.agency.id: p.card for p in parties}
    return CardSet(cards, set(cards) if verified else set())
