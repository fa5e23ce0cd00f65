"""Any damage to a packet is refused and leaves the database as it was."""

from __future__ import annotations

from typing import Any

import pyrage
import pytest
from exchange_installations import SHELTER_ID, audit_actions, make_pair, new_case, state_digest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyrage import x25519

from screening_app.exchange.archive import read_archive, write_archive
from screening_app.exchange.directory import AgencyDirectory
from screening_app.exchange.exporter import export_case
from screening_app.exchange.importer import Importer
from screening_app.exchange.packet import PacketRefused


@pytest.fixture
def exchanged(data_dir_factory: Any) -> Any:
    police, shelter = make_pair(data_dir_factory)
    with police.open() as session:
        packets = [export_case(session, new_case(session), SHELTER_ID).packet.data
                   for _ in range(2)]
    session = shelter.open()
    yield session, packets
    session.close()


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_mutated_packet_refused_without_change(exchanged: Any, data: st.DataObject) -> None:
    session, (packet, other) = exchanged
    how = data.draw(st.sampled_from(["flip", "truncate", "swap"]))
    if how == "flip":
        pos = data.draw(st.integers(0, len(packet) - 1))
        mutated = bytearray(packet)
        mutated[pos] ^= 1 << data.draw(st.integers(0, 7))
        damaged = bytes(mutated)
    elif how == "truncate":
        damaged = packet[: data.draw(st.integers(0, len(packet) - 1))]
    else:
        identity = AgencyDirectory(session).identity()
        a = read_archive(pyrage.decrypt(packet, [identity.age]))
        b = read_archive(pyrage.decrypt(other, [identity.age]))
        names = sorted(set(a) & set(b))
        swapped = data.draw(st.lists(st.sampled_from(names), min_size=1, unique=True))
        for name in swapped:
            a[name] = b[name]
        if a == b:
            return          # every member swapped: that is simply the other, intact packet
        damaged = pyrage.encrypt(write_archive(a), [x25519.Recipient.from_str(
            identity.age_recipient)])
    before = state_digest(session)
    audited = len(audit_actions(session))
    with pytest.raises(PacketRefused):
        Importer(session).import_packet(damaged)
    assert state_digest(session) == before
    assert audit_actions(session)[audited:] == ["packet_refused"]
