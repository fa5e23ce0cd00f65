"""Files and limits (issue 20, findings 4, 11 and 12): printed PDFs readable by the
owner only, a quarantine strangers cannot fill, passphrases that resist guessing."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import pytest
from insider_support import (
    POLICE,
    POLICE_ID,
    SHELTER,
    SHELTER_ID,
    installation,
    introduce,
    new_case,
    run,
)

from screening_app.errors import Refused
from screening_app.exchange import importer as importer_module
from screening_app.exchange.exporter import export_case
from screening_app.exchange.importer import Importer
from screening_app.exchange.packet import PacketRefused
from screening_app.storage import Session, init_data_dir


def _umask_022() -> None:
    os.umask(0o022)


@pytest.mark.parametrize("what", ["pdf", "consent"])
def test_printed_pdfs_are_owner_only(data_dir_factory: Any, tmp_path: Path, what: str) -> None:
    made = data_dir_factory()
    with made.open("officer") as session:
        case_id = new_case(session)
    out = tmp_path / f"{what}.pdf"
    done = run(made.path, "referral", what, case_id, "--lang", "en", "--out", str(out),
               user="officer", passphrase=made.passphrases["officer"], preexec=_umask_022)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"%PDF")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600, oct(out.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != made.path.name) == [out.name]


def test_strangers_cannot_fill_the_disk_through_the_quarantine(
        data_dir_factory: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    assert getattr(importer_module, "MAX_QUARANTINE_BYTES", 1 << 40) <= 256 * 1024 * 1024
    receiver = installation(data_dir_factory, "shelter", SHELTER, SHELTER_ID)
    stranger = installation(data_dir_factory, "stranger", POLICE, POLICE_ID)
    introduce(stranger, receiver)             # anyone can encrypt to a public key
    with stranger.open() as session:
        packets = [export_case(session, new_case(session), SHELTER_ID).packet.data
                   for _ in range(3)]
    monkeypatch.setattr(importer_module, "MAX_QUARANTINE_BYTES",
                        len(packets[0]) + len(packets[1]) + 10, raising=False)
    with receiver.open() as session:
        importer = Importer(session)
        assert importer.import_packet(packets[0]).status == "quarantined"
        assert importer.import_packet(packets[1]).status == "quarantined"
        with pytest.raises(PacketRefused) as refused:
            importer.import_packet(packets[2])
        assert refused.value.code == "quarantine-full"
        assert len(importer.quarantined()) == 2


@pytest.mark.parametrize("weak", ["12345678", " " * 8, "password123", "aaaaaaaaaaaa",
                                  "officer officer"])
def test_weak_passphrases_are_refused_everywhere(data_dir_factory: Any, tmp_path: Path,
                                                 weak: str) -> None:
    data = tmp_path / "fresh"
    result = run(data, "init", "--admin", "admin", passphrase=weak)
    assert result.returncode == 1, result.stdout
    assert "guess" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not (data / "vault.json").exists()
    made = data_dir_factory()
    with Session.open(made.path, "admin", made.passphrases["admin"]) as session:
        with pytest.raises(Refused, match="guess"):
            session.users.add("officer2", "officer", weak)
        with pytest.raises(Refused, match="guess"):
            session.users.passwd("officer", weak)


@pytest.mark.parametrize("phrase", [
    "ស្រឡាញ់ ភ្នំពេញ ទន្លេ មេឃ",           # Khmer: four words
    "ฉันรัก ทะเล สีฟ้า ตอนเช้า",           # Thai
    "မြန်မာ ပြည် ရန်ကုန် မိုး ရာသီ",      # Burmese
])
def test_long_phrases_in_a_persons_own_script_are_accepted(tmp_path: Path, cheap_kdf: Any,
                                                           phrase: str) -> None:
    init_data_dir(tmp_path / "d", admin="admin", passphrase=phrase, kdf=cheap_kdf)
    with Session.open(tmp_path / "d", "admin", phrase) as session:
        assert session.user.name == "admin"
