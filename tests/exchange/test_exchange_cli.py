"""The keys, packet and sync commands, run as a user would run them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from exchange_installations import SHELTER_ID, make_pair, new_case


def run(inst: Any, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, SCREENING_APP_PASSPHRASE=inst.made.passphrases["officer"],
               SCREENING_APP_LANG="en")
    return subprocess.run(
        [sys.executable, "-m", "screening_app", *args, "--data-dir", str(inst.made.path),
         "--user", "officer"], capture_output=True, text=True, env=env, timeout=120)


def test_cards_packets_and_sync_from_the_command_line(data_dir_factory: Any,
                                                      tmp_path: Path) -> None:
    police, shelter = make_pair(data_dir_factory, introduce=False)
    shown = run(police, "keys", "show", "--json")
    assert shown.returncode == 0, shown.stderr
    info = json.loads(shown.stdout)
    assert info["agency_id"] == "kh-border-police-poipet"
    assert len(info["fingerprint"].split()) == 8

    card = tmp_path / "police.card"
    assert run(police, "keys", "export-card", "--out", str(card), "--valid-days", "365"
               ).returncode == 0
    assert json.loads(card.read_bytes())["expires"] is not None
    imported = run(shelter, "keys", "import-card", str(card))
    assert imported.returncode == 0 and "NOT VERIFIED" in imported.stdout
    assert info["fingerprint"] in imported.stdout
    again = run(shelter, "keys", "import-card", str(card), "--verified")
    assert again.returncode == 0 and "NOT VERIFIED" not in again.stdout
    shelter_card = tmp_path / "shelter.card"
    assert run(shelter, "keys", "export-card", "--out", str(shelter_card)).returncode == 0
    assert run(police, "keys", "import-card", str(shelter_card), "--verified").returncode == 0
    listing = json.loads(run(police, "keys", "list", "--json").stdout)
    assert {"agency_id": SHELTER_ID, "verified": True}.items() <= next(
        r for r in listing if r["agency_id"] == SHELTER_ID).items()

    with police.open() as session:
        case_id = new_case(session)
        no_consent = new_case(session, share=False)
    out = tmp_path / "referral.srp"
    refused = run(police, "packet", "export", no_consent, "--to", SHELTER_ID, "--out", str(out))
    assert refused.returncode == 1 and "consent" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1 and not out.exists()
    exported = run(police, "packet", "export", case_id, "--to", SHELTER_ID, "--out", str(out))
    assert exported.returncode == 0, exported.stderr

    verified = run(shelter, "packet", "verify", str(out))
    assert verified.returncode == 0 and "referral" in verified.stdout
    first = run(shelter, "packet", "import", str(out))
    assert first.returncode == 0 and "new case imported" in first.stdout
    second = run(shelter, "packet", "import", str(out))
    assert second.returncode == 0 and "already imported" in second.stdout

    damaged = tmp_path / "damaged.srp"
    damaged.write_bytes(out.read_bytes()[:-10])
    bad = run(shelter, "packet", "import", str(damaged))
    assert bad.returncode == 1 and "damaged" in bad.stderr
    assert run(shelter, "packet", "verify", str(damaged)).returncode == 1

    usb = tmp_path / "usb"
    usb.mkdir()
    synced = run(shelter, "sync", "--folder", str(usb))
    assert synced.returncode == 0, synced.stderr
    assert "1 packet copied" in synced.stderr and "[1/1]" in synced.stderr
    back = run(police, "sync", "--folder", str(usb))
    assert back.returncode == 0 and "receipt" in back.stdout
    assert not list(usb.glob("*.tmp"))

    usage = run(police, "packet", "export", case_id)          # --to and --out missing
    assert usage.returncode == 2
