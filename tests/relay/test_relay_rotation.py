"""One sync flow, two transports: when an agency's packet keys rotate (a user is
disabled, issue 20), its new key card reaches the relay and the partners through
the relay too. The relay enrols the card by the key-change statement inside it
(no operator), the rotating device goes on syncing with its new key, and the
partner follows the card and goes on exchanging referrals and receipts both
ways. Two real installations, a live relay, the command line as people use it."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest
from exchange_installations import POLICE_ID, SHELTER_ID, new_case
from relay_harness import RelayProcess, cli, enrolled_fingerprint

from screening_app.domain import ReferralStatus
from screening_app.exchange.directory import AgencyDirectory
from screening_app.exchange.exporter import export_case
from screening_app.exchange.relay_client import RelayClient, RelayRefusal


def sync(inst: Any, relay: RelayProcess) -> str:
    """`sync --relay URL` on `inst`: everything it printed (it must succeed)."""
    done = cli("sync", "--relay", relay.url, inst=inst)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout + done.stderr


def referral_status(inst: Any, exported: Any) -> ReferralStatus:
    """The state of the referral a packet was exported for, on `inst`."""
    with inst.open() as session:
        return session.cases.get(exported.packet.manifest.case_id).referrals[0].status


def test_both_keep_exchanging_through_the_relay_after_a_key_rotation(
        pair: Any, relay: RelayProcess, relay_db: str) -> None:
    police, shelter = pair                  # both enrolled, each verified the other's card
    with police.open() as session:
        before = export_case(session, new_case(session), SHELTER_ID)
        old_identity = AgencyDirectory(session).identity()
        old_fingerprint = AgencyDirectory(session).own_card().fingerprint
    sync(police, relay)
    sync(shelter, relay)
    sync(police, relay)
    assert referral_status(police, before) is ReferralStatus.RECEIVED

    # The administrator disables a user who leaves: the packet keys rotate.
    disabled = cli("user", "disable", "supervisor", inst=police, user="admin")
    assert disabled.returncode == 0, disabled.stderr
    assert "packet keys were changed" in disabled.stdout
    with police.open() as session:
        new_fingerprint = AgencyDirectory(session).own_card().fingerprint
        to_shelter = export_case(session, new_case(session), SHELTER_ID)    # new key
    assert new_fingerprint != old_fingerprint
    with shelter.open() as session:     # the shelter does not know yet: the old key
        to_police = export_case(session, new_case(session), POLICE_ID)

    # The police device syncs with its new key: the relay enrols the card by its
    # statement, the packet goes, the card is on its way to the partner.
    shown = sync(police, relay)
    assert "new key card went to 1 partner" in shown
    assert enrolled_fingerprint(relay_db, POLICE_ID) == new_fingerprint
    with RelayClient(relay.url, old_identity, POLICE_ID) as laptop_copy:
        with pytest.raises(RelayRefusal) as refused:   # a copy of the old keys is shut out
            laptop_copy.inbox()
        assert refused.value.code == "not-enrolled"

    # The shelter follows the card (no phone call), imports the packet signed by
    # the new key, sends its receipt to the new key and its own referral.
    shown = sync(shelter, relay)
    assert "imported with new keys, proven by a statement" in shown
    assert "new case imported" in shown and "quarantine" not in shown.replace(
        "0 held in quarantine", "")
    with shelter.open() as session:
        entry = AgencyDirectory(session).entry(POLICE_ID)
        assert entry is not None and entry.state == "verified"
        assert entry.card is not None and entry.card.fingerprint == new_fingerprint

    # The police take the receipt and the shelter's referral (made for the old
    # key, still opened during the retirement days); the shelter its receipt.
    shown = sync(police, relay)
    assert "receipt" in shown and "new case imported" in shown
    sync(shelter, relay)
    assert referral_status(police, to_shelter) is ReferralStatus.RECEIVED
    assert referral_status(shelter, to_police) is ReferralStatus.RECEIVED
    with psycopg.connect(relay_db) as conn:
        left = conn.execute("SELECT count(*) FROM relay_packets WHERE state <> 'delivered' "
                            "OR data IS NOT NULL").fetchone()
    assert left == (0,)
