"""Two real installations (encrypted data directories) exchange a referral
through a live relay, from the command line as an officer would: the receipt
comes back, and the packet is gone from the relay afterwards."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import psycopg
from exchange_installations import SHELTER_ID, make_pair, new_case, own_card
from relay_harness import PgCluster, RelayProcess
from relay_harness import cli as app

from screening_app.domain import ReferralStatus
from screening_app.exchange.exporter import export_case


def relay_rows(db: str) -> list[tuple[str, str, str, bool]]:
    with psycopg.connect(db) as conn:
        return [(str(r[0]), r[1], r[2], r[3]) for r in conn.execute(
            "SELECT packet_id, recipient, state, data IS NOT NULL FROM relay_packets "
            "ORDER BY stored_at").fetchall()]


def test_two_installations_exchange_a_referral_through_a_live_relay(
        data_dir_factory: Any, relay: RelayProcess, relay_db: str, tmp_path: Path) -> None:
    police, shelter = make_pair(data_dir_factory)
    for inst in (police, shelter):          # the operator enrols both agencies' cards
        card = tmp_path / f"{inst.agency_id}.card"
        card.write_bytes(own_card(inst))
        unverified = app("relay", "enroll", str(card), "--db", relay_db)
        assert unverified.returncode == 1 and "--verified" in unverified.stderr
        enrolled = app("relay", "enroll", str(card), "--db", relay_db, "--verified")
        assert enrolled.returncode == 0, enrolled.stderr
        assert "enrolled" in enrolled.stdout

    with police.open() as session:
        case_id = new_case(session)
        exported = export_case(session, case_id, SHELTER_ID).packet
    pushed = app("sync", "--relay", relay.url, inst=police)
    assert pushed.returncode == 0, pushed.stderr
    assert "1 packet sent" in pushed.stderr     # the summary: a notice, on stderr
    assert relay_rows(relay_db) == [(exported.packet_id, SHELTER_ID, "waiting", True)]
    with psycopg.connect(relay_db) as conn:     # stored exactly as it arrived
        stored = conn.execute("SELECT data FROM relay_packets").fetchone()
    assert stored is not None and bytes(stored[0]) == exported.data

    pulled = app("sync", "--relay", relay.url, inst=shelter)
    assert pulled.returncode == 0, pulled.stderr
    assert "new case imported" in pulled.stdout and "1 packet sent" in pulled.stderr
    with shelter.open() as session:
        assert session.cases.get(case_id).person.latin_name == "Sok Sreypov"
    rows = relay_rows(relay_db)
    assert rows[0] == (exported.packet_id, SHELTER_ID, "delivered", False)   # bytes gone
    assert rows[1][1:] == (police.agency_id, "waiting", True)                # the receipt

    back = app("sync", "--relay", relay.url, inst=police)
    assert back.returncode == 0, back.stderr
    assert "receipt" in back.stdout
    with police.open() as session:
        referral = session.cases.get(case_id).referrals[0]
        assert referral.status is ReferralStatus.RECEIVED
    assert [r[2:] for r in relay_rows(relay_db)] == [("delivered", False)] * 2

    status = app("relay", "status", "--db", relay_db, "--json")
    assert status.returncode == 0, status.stderr
    found = json.loads(status.stdout)
    assert found["waiting_packets"] == 0 and found["settled"]["delivered"] == 2
    assert found["agencies"] == 2

    for inst in (police, shelter):             # nothing left to do: nothing changes
        again = app("sync", "--relay", relay.url, inst=inst)
        assert again.returncode == 0 and "0 packets sent, 0 imported" in again.stderr
    plain = app("relay", "status", "--db", relay_db)
    assert plain.returncode == 0 and "2 agencies enrolled (0 revoked)" in plain.stdout

    revoked = app("relay", "revoke", police.agency_id, "--db", relay_db)
    assert revoked.returncode == 0 and "revoked" in revoked.stdout
    refused = app("sync", "--relay", relay.url, inst=police)
    assert refused.returncode == 1 and "revoked" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    unknown = app("relay", "revoke", "xx-nobody", "--db", relay_db)
    assert unknown.returncode == 1 and "No agency" in unknown.stderr


def test_waiting_packets_in_a_dump_show_no_name(pair: Any, pg: PgCluster,
                                                relay: RelayProcess, relay_db: str) -> None:
    from screening_app.exchange.relay_sync import sync_relay

    police = pair[0]
    with police.open() as session:
        for _i in range(3):
            export_case(session, new_case(session), SHELTER_ID)
        assert sync_relay(session, relay.url).copied == 3
    dump = pg.dump(relay_db.rsplit("/", 1)[1])
    assert b"age-encryption.org/v1".hex().encode() in dump      # the packets are in it
    for name in ("ស្រីពៅ", "សុខ", "Sok Sreypov", "Sreypov"):
        for data in (name.encode(), name.encode("utf-16-le"), name.encode().hex().encode()):
            assert data not in dump, name
