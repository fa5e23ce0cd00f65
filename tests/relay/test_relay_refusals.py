"""Bad input to a live relay: an unenrolled or revoked agency, a wrong signature,
a replayed or stale request, a packet over the size limit, malformed bodies, a
packet for an agency the relay does not serve, a database that is down. Each gets
a clear refusal, nothing is stored, and the relay keeps running."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import httpx
import psycopg
import pytest
from exchange_parties import Party, make_party, referral_packet
from relay_harness import PgCluster, RelayProcess

from screening_app.domain import AgencyService, AgencyType
from screening_app.exchange import relay_protocol as wire
from screening_app.exchange.relay_client import RelayClient, RelayRefusal, RelayUnreachable
from screening_app.relay.admin import enroll, revoke


@pytest.fixture
def parties(relay_db: str) -> Iterator[tuple[Party, Party, Party]]:
    police = make_party("kh-border-police-poipet", "Border police Poipet", "KH",
                        AgencyType.LAW_ENFORCEMENT)
    shelter = make_party("th-msdhs-shelter", "MSDHS shelter", "TH",
                         AgencyType.CENTRAL_GOVERNMENT, AgencyService.SHELTER)
    stranger = make_party("th-unknown-office", "Unknown office", "TH", None)
    for party in (police, shelter):
        enroll(relay_db, party.card.to_bytes(), verified=True)
    yield police, shelter, stranger


def stored(db: str) -> int:
    with psycopg.connect(db) as conn:
        row = conn.execute("SELECT count(*) FROM relay_packets").fetchone()
    return int(row[0]) if row else 0


def signed_post(party: Party, relay: RelayProcess, body: bytes, packet_id: str,
                recipient: str, *, now: float | None = None) -> tuple[dict[str, str], bytes]:
    headers = wire.sign_request(party.identity, party.agency.id, "POST", wire.PACKETS, body,
                                now=now)
    headers.update({wire.PACKET_ID: packet_id, wire.RECIPIENT: recipient})
    return headers, body


def post(relay: RelayProcess, headers: dict[str, str], body: bytes) -> httpx.Response:
    return httpx.post(relay.url + wire.PACKETS, content=body, headers=headers, timeout=30)


def refused(call: Any) -> RelayRefusal:
    with pytest.raises(RelayRefusal) as caught:
        call()
    return caught.value


def test_who_may_use_the_relay(relay: RelayProcess, relay_db: str,
                               parties: tuple[Party, Party, Party]) -> None:
    police, shelter, stranger = parties
    built = referral_packet(police, shelter)
    with RelayClient(relay.url, stranger.identity, stranger.agency.id) as client:
        error = refused(lambda: client.push(built.packet_id, shelter.agency.id, built.data))
        assert error.code == "not-enrolled" and "enrolled" in error.message
        assert refused(client.inbox).code == "not-enrolled"

    # A card with the police's id but another key: the relay knows only enrolled keys.
    impostor = make_party(police.agency.id, "Border police Poipet", "KH",
                          AgencyType.LAW_ENFORCEMENT)
    with RelayClient(relay.url, impostor.identity, police.agency.id) as client:
        assert refused(client.inbox).code == "not-enrolled"

    # The shelter may not read or settle what waits for the police, and vice versa.
    with RelayClient(relay.url, police.identity, police.agency.id) as client:
        assert client.push(built.packet_id, shelter.agency.id, built.data) == "waiting"
        assert refused(lambda: client.download(built.packet_id)).code == "not-found"
        assert refused(lambda: client.settle(built.packet_id, "delivered")).code == "not-found"
        other = referral_packet(police, shelter)
        with_same_id = refused(lambda: client.push(built.packet_id, shelter.agency.id,
                                                   other.data))
        assert with_same_id.code == "conflict"
    assert stored(relay_db) == 1

    revoke(relay_db, police.agency.id)
    with RelayClient(relay.url, police.identity, police.agency.id) as client:
        error = refused(client.inbox)
        assert error.code == "revoked" and "revoked" in error.message
    with RelayClient(relay.url, shelter.identity, shelter.agency.id) as client:
        back = referral_packet(shelter, police)
        error = refused(lambda: client.push(back.packet_id, police.agency.id, back.data))
        assert error.code == "unknown-recipient" and police.agency.id in error.message
    assert stored(relay_db) == 1
    assert relay.proc is not None and relay.proc.poll() is None


def test_forged_replayed_and_stale_requests(relay: RelayProcess, relay_db: str,
                                            parties: tuple[Party, Party, Party]) -> None:
    police, shelter, _stranger = parties
    built = referral_packet(police, shelter)

    headers, body = signed_post(police, relay, built.data, built.packet_id, shelter.agency.id)
    tampered = post(relay, headers, body[:-1] + bytes([body[-1] ^ 1]))
    assert (tampered.status_code, tampered.json()) == (401, {"error": "bad-signature"})
    # Signed by the stranger's key but claiming the police's enrolled key.
    headers, body = signed_post(police, relay, built.data, built.packet_id, shelter.agency.id)
    forged = wire.sign_request(parties[2].identity, police.agency.id, "POST", wire.PACKETS,
                               body)
    headers[wire.SIGNATURE] = forged[wire.SIGNATURE]
    assert post(relay, headers, body).json() == {"error": "bad-signature"}
    no_headers = httpx.post(relay.url + wire.PACKETS, content=body)
    assert (no_headers.status_code, no_headers.json()) == (401, {"error": "unauthenticated"})
    assert stored(relay_db) == 0

    headers, body = signed_post(police, relay, built.data, built.packet_id, shelter.agency.id)
    first = post(relay, headers, body)
    assert first.status_code == 201, first.text
    replayed = post(relay, headers, body)
    assert (replayed.status_code, replayed.json()) == (401, {"error": "replay"})
    assert stored(relay_db) == 1

    other = referral_packet(police, shelter)
    headers, body = signed_post(police, relay, other.data, other.packet_id, shelter.agency.id,
                                now=time.time() - 3600)
    stale = post(relay, headers, body)
    assert (stale.status_code, stale.json()) == (401, {"error": "clock"})
    assert abs(int(stale.headers[wire.TIME]) - time.time()) < 60
    from screening_app.exchange.relay_client import refusal_message

    assert "60 minutes" in refusal_message("clock", server_time=str(int(time.time()) + 3600))
    assert stored(relay_db) == 1


def test_malformed_and_oversized_input(relay_db: str,
                                       parties: tuple[Party, Party, Party]) -> None:
    police, shelter, _stranger = parties
    small = RelayProcess(relay_db, "--max-packet-bytes", "4096")
    try:
        built = referral_packet(police, shelter)
        big = built.data + bytes(5000)
        headers, body = signed_post(police, small, big, built.packet_id, shelter.agency.id)
        too_large = post(small, headers, body)
        assert (too_large.status_code, too_large.json()) == (413, {"error": "too-large"})

        not_age = b"PK\x03\x04 this is a zip, not an age file"
        headers, body = signed_post(police, small, not_age, built.packet_id, shelter.agency.id)
        assert post(small, headers, body).json() == {"error": "malformed"}
        headers, body = signed_post(police, small, built.data, "not-a-uuid", shelter.agency.id)
        assert post(small, headers, body).json() == {"error": "malformed"}
        headers, body = signed_post(police, small, built.data, built.packet_id, "NOT AN ID")
        assert post(small, headers, body).json() == {"error": "malformed"}

        def signed(method: str, path: str, body: bytes = b"") -> httpx.Response:
            headers = wire.sign_request(shelter.identity, shelter.agency.id, method, path, body)
            return httpx.request(method, small.url + path, content=body, headers=headers)

        assert signed("GET", wire.INBOX + "?limit=abc").json() == {"error": "malformed"}
        assert signed("GET", wire.INBOX + "?limit=100000").json() == {"error": "malformed"}
        receipt = wire.packet_path(built.packet_id, "receipt")
        assert signed("POST", receipt, b'{"outcome": "delivered"}').json() == {
            "error": "malformed"}                                   # not canonical JSON
        assert signed("POST", receipt, b'{"outcome":"lost"}').json() == {"error": "malformed"}
        assert signed("POST", wire.SENT, b'{"packet_ids":["x"]}').json() == {
            "error": "malformed"}
        assert signed("GET", wire.packet_path("../../etc")).status_code == 404
        assert stored(relay_db) == 0
        assert small.proc is not None and small.proc.poll() is None
    finally:
        small.stop()


def test_a_database_that_is_down(pg: PgCluster, relay_db: str,
                                 parties: tuple[Party, Party, Party]) -> None:
    police, shelter, _stranger = parties
    built = referral_packet(police, shelter)
    relay = RelayProcess(relay_db, "--db-timeout", "1")
    pg.stop()
    try:
        with RelayClient(relay.url, police.identity, police.agency.id) as client:
            error = refused(lambda: client.push(built.packet_id, shelter.agency.id,
                                                built.data))
            assert error.code == "database-unavailable"
            assert "database" in error.message and "Nothing was lost" in error.message
            assert not client.health()
        assert relay.proc is not None and relay.proc.poll() is None
    finally:
        pg.start()
    try:
        with RelayClient(relay.url, police.identity, police.agency.id) as client:
            deadline = time.monotonic() + 30
            while True:              # connections broken by the restart are replaced
                try:
                    assert client.push(built.packet_id, shelter.agency.id,
                                       built.data) == "waiting"
                    break
                except RelayRefusal as error:
                    assert error.code == "database-unavailable"
                    assert time.monotonic() < deadline
                    time.sleep(0.2)
    finally:
        relay.stop()
    assert stored(relay_db) == 1


def test_a_relay_that_is_not_there(parties: tuple[Party, Party, Party]) -> None:
    from relay_harness import free_port

    police = parties[0]
    with RelayClient(f"http://127.0.0.1:{free_port()}", police.identity,
                     police.agency.id) as client, pytest.raises(RelayUnreachable) as caught:
        client.inbox()
    assert "cannot be reached" in caught.value.message
    assert "Nothing was lost" in caught.value.message
