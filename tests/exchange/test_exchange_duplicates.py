"""Across agencies: a referral for someone the shelter already knows says so in
the import result (two cases, never merged); the receipt makes the sending
checkpoint erase the person (retention 0 days), and a later update cannot bring
the person back."""

from __future__ import annotations

from typing import Any

from exchange_installations import SHELTER_ID, make_pair, new_case

from screening_app.domain import Consent, Gender, Person
from screening_app.exchange.exporter import export_case
from screening_app.exchange.importer import Importer
from screening_app.storage import retention


def _receipt(session: Any) -> bytes:
    rows = session.database.query(
        "SELECT data FROM exchange_outbox WHERE kind = 'receipt' ORDER BY created_at DESC")
    return bytes(rows[0][0])


def test_known_person_named_in_import_and_erased_after_receipt(data_dir_factory: Any) -> None:
    police, shelter = make_pair(data_dir_factory)
    with shelter.open() as session:                 # the shelter met her last year
        known = session.cases.create(
            Person(latin_name="Sok Sreypov", gender=Gender.FEMALE, nationality="KH",
                   estimated_age=16),
            Consent(interview=True, record=True, share_for_referral=True))
    with police.made.open("admin") as session:
        retention.set_erase_after_days(session, 0)
    with police.open() as session:
        case_id = new_case(session)                 # ស្រីពៅ សុខ / Sok Sreypov, 17
        packet = export_case(session, case_id, SHELTER_ID).packet.data
    with shelter.open() as session:
        result = Importer(session).import_packet(packet)
        assert result.status == "imported"
        assert result.possible_duplicates == [known.reference]
        assert known.reference in result.describe()
        assert "same person" in result.describe()
        assert session.cases.get(known.id).person.latin_name == "Sok Sreypov"   # not merged
        assert session.cases.exists(case_id)
        receipt = _receipt(session)
    with police.open() as session:
        assert Importer(session).import_packet(receipt).status == "receipt"
        assert retention.erased_at(session, case_id) is not None
        stub = session.cases.get(case_id)
        assert stub.person == Person() and stub.answers == {}
        assert session.database.query(
            "SELECT count(*) FROM exchange_outbox WHERE case_id = ? AND length(data) > 0",
            (case_id,))[0][0] == 0
        assert session.check().ok
    with shelter.open() as session:                 # the shelter edits and sends back
        case = session.cases.get(case_id)
        case.note = "seen by the shelter doctor"
        session.cases.update(case)
        update = export_case(session, case_id, police.agency_id).packet.data
    with police.open() as session:
        result = Importer(session).import_packet(update)
        assert result.status == "erased-here"
        assert session.cases.get(case_id).person == Person()
        assert "erased here after receipt" in result.describe()
