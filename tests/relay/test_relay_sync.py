"""The device's sync through a relay (exchange.relay_sync) on real installations:
a relay that cannot be reached loses nothing, a packet the relay will not take
stays in the outbox while the others go, an unclaimed packet expires and its
sender learns it, and a long inbox comes in page by page with progress."""

from __future__ import annotations

import time
from typing import Any

import pytest
from exchange_installations import SHELTER_ID, make_pair, new_case, own_card
from relay_harness import RelayProcess, free_port

from screening_app.errors import Refused
from screening_app.exchange.exporter import export_case
from screening_app.exchange.relay_client import RelayUnreachable
from screening_app.exchange.relay_sync import relay_status, set_relay_url, sync_relay
from screening_app.relay.admin import enroll


def test_an_unreachable_relay_loses_nothing_and_says_so(pair: Any, relay_db: str) -> None:
    police = pair[0]
    port = free_port()
    with police.open() as session:
        with pytest.raises(Refused, match="No relay address"):
            sync_relay(session)
        with pytest.raises(Refused, match="not a relay address"):
            set_relay_url(session, "ftp://relay.example.org")
        set_relay_url(session, f"http://127.0.0.1:{port}/")
        export_case(session, new_case(session), SHELTER_ID)
        with pytest.raises(RelayUnreachable, match="cannot be reached"):
            sync_relay(session)
        status = relay_status(session)
        assert status.failing and status.outbox_waiting == 1
        assert "Nothing is lost" in status.failure_message()
    relay = RelayProcess(relay_db, port=port)
    try:
        with police.open() as session:
            report = sync_relay(session)            # the address stored in Settings
            assert report.copied == 1 and report.complete
            status = relay_status(session)
            assert not status.failing and status.outbox_waiting == 0
            assert status.last_success is not None
    finally:
        relay.stop()


def test_a_held_packet_stays_queued_and_an_unclaimed_one_expires(
        data_dir_factory: Any, relay_db: str) -> None:
    police, shelter = make_pair(data_dir_factory)
    enroll(relay_db, own_card(police), verified=True)   # the shelter is not enrolled yet
    relay = RelayProcess(relay_db, "--expire-days", str(3 / 86400), "--sweep-seconds", "0.5")
    try:
        with police.open() as session:
            export_case(session, new_case(session), SHELTER_ID)
            report = sync_relay(session, relay.url)
            assert report.copied == 0 and len(report.held) == 1 and not report.complete
            assert SHELTER_ID in report.lines()[0] and "stays in the outbox" in report.lines()[0]
            assert relay_status(session).outbox_waiting == 1
        enroll(relay_db, own_card(shelter), verified=True)
        with police.open() as session:
            assert sync_relay(session, relay.url).copied == 1
        time.sleep(4)               # nobody fetches it: it expires on the relay
        with police.open() as session:
            report = sync_relay(session, relay.url)
            assert [state for _id, state in report.undelivered] == ["expired"]
            assert "expired on the relay" in report.lines()[0]
            assert not sync_relay(session, relay.url).undelivered     # said once
        with shelter.open() as session:
            assert sync_relay(session, relay.url).imported == []
    finally:
        relay.stop()


def test_a_long_inbox_comes_in_pages_with_progress(pair: Any, relay: RelayProcess) -> None:
    from screening_app.exchange.relay_protocol import INBOX_PAGE

    police, shelter = pair
    count = INBOX_PAGE + 7
    with police.open() as session:
        for _i in range(count):
            export_case(session, new_case(session), SHELTER_ID, with_pdf=False)
        assert sync_relay(session, relay.url).copied == count
    seen: list[tuple[int, int]] = []
    with shelter.open() as session:
        report = sync_relay(session, relay.url, lambda d, t, _w: seen.append((d, t)))
        assert sum(1 for r in report.imported if r.status == "imported") == count
        assert report.copied == count                         # the receipts
    assert seen[0] == (0, count) and seen[-1][0] == seen[-1][1] == 2 * count
    with police.open() as session:
        report = sync_relay(session, relay.url)
        assert sum(1 for r in report.imported if r.status == "receipt") == count


def test_packets_a_relay_lost_are_sent_again(pair: Any, relay: RelayProcess,
                                            relay_db: str) -> None:
    import psycopg

    police, shelter = pair
    with police.open() as session:
        for _i in range(2):
            export_case(session, new_case(session), SHELTER_ID)
        assert sync_relay(session, relay.url).copied == 2
    with psycopg.connect(relay_db) as conn:      # as if restored from an older backup
        conn.execute("DELETE FROM relay_packets")
    with police.open() as session:
        report = sync_relay(session, relay.url)
        assert report.resent == 2 and report.copied == 2
        assert "missing on the relay" in report.lines()[0]
    with shelter.open() as session:
        imported = sync_relay(session, relay.url).imported
        assert [r.status for r in imported] == ["imported", "imported"]


def test_a_line_cut_mid_sync_stops_it_and_the_next_sync_finishes(
        pair: Any, relay: RelayProcess) -> None:
    from relay_harness import CuttableProxy

    police, shelter = pair
    with police.open() as session:
        for _i in range(12):
            export_case(session, new_case(session), SHELTER_ID, with_pdf=False)
        assert sync_relay(session, relay.url).copied == 12
    proxy = CuttableProxy(relay.port)

    def cut_at_the_fifth(done: int, _total: int, _what: str) -> None:
        if done == 5:
            proxy.cut(1.0)          # every connection, open or new, breaks for a second

    try:
        with shelter.open() as session:
            with pytest.raises(RelayUnreachable):
                sync_relay(session, proxy.url, cut_at_the_fifth)
            first = session.database.query("SELECT count(*) FROM exchange_packets_seen")[0][0]
            assert 3 <= first <= 6                  # what came in before the cut is kept
            time.sleep(1.2)
            report = sync_relay(session, proxy.url)
            assert report.complete and not report.refused
            seen = session.database.query("SELECT count(*) FROM exchange_packets_seen")[0][0]
            assert seen == 12 and session.cases.count() == 12      # each exactly once
    finally:
        proxy.close()
    with police.open() as session:
        assert sum(1 for r in sync_relay(session, relay.url).imported
                   if r.status == "receipt") == 12



def test_invalid_cases_through_the_relay(pair: Any, relay: RelayProcess,
                                         relay_db: str) -> None:
    """The importer's answers to a case that fails the validation layer, through a
    relay: a partner's packet is held in quarantine here (the relay is told it was
    delivered: it is held here, and the relay lets go of it); a stranger's is
    refused, nothing stored, and the relay is told so (its sender learns it)."""
    import psycopg
    from exchange_parties import Party, make_party, referral_packet, sample_case

    from screening_app.domain import AgencyType
    from screening_app.exchange.cards import KeyCard
    from screening_app.exchange.directory import AgencyDirectory
    from screening_app.exchange.relay_client import RelayClient

    police, shelter = pair
    card = KeyCard.from_bytes(own_card(shelter))
    receiver = Party(card.to_agency(), None, card)  # type: ignore[arg-type]
    with police.open() as session:
        directory = AgencyDirectory(session)
        partner = Party(directory.own_agency(), directory.identity(), directory.own_card())
    stranger = make_party("th-unknown-ngo", "Unknown NGO", "TH", AgencyType.NGO)
    enroll(relay_db, stranger.card.to_bytes(), verified=True)   # the relay serves it
    for sender in (partner, stranger):
        case = sample_case()
        case.person.citizenship = ["XY"]               # not a country code
        built = referral_packet(sender, receiver, case)
        with RelayClient(relay.url, sender.identity, sender.agency.id) as device:
            assert device.push(built.packet_id, SHELTER_ID, built.data) == "waiting"
    with shelter.open() as session:
        report = sync_relay(session, relay.url)
        assert [r.status for r in report.imported] == ["quarantined-invalid"]
        assert len(report.refused) == 1 and "not valid" in report.refused[0][1]
        assert not report.complete and report.quarantined == 1
        assert any("citizenship" in line for line in report.lines())
        assert session.cases.count() == 0
    with psycopg.connect(relay_db) as conn:
        states = dict(conn.execute("SELECT sender, state FROM relay_packets WHERE "
                                   "data IS NULL").fetchall())
    assert states == {police.agency_id: "delivered", stranger.agency.id: "refused"}
