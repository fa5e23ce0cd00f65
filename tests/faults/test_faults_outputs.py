"""Backups and packets written to a full or read-only disk (a USB stick that is
full or write-protected), and a backup that hits a file-size limit half-way:
one clear line, exit 1, no partial file left anywhere, the database intact."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from faults_disks import files_of, fill, leftovers, limited_python, read_only_view, tiny_disk

from screening_app.domain import Consent, Gender, Person

SHELTER = {"agency_name": "Ministry of Social Development and Human Security (MSDHS)",
           "country": "TH", "agency_type": "SocialService"}
POLICE = {"agency_name": "Border police Poipet", "country": "KH",
          "agency_type": "LawEnforcement"}


@pytest.fixture
def sender(data_dir_factory):  # type: ignore[no-untyped-def]
    """An installation with one shareable case and the shelter's card: (made, case id, agency)."""
    from screening_app.exchange.directory import AgencyDirectory

    police = data_dir_factory("police", **POLICE)
    shelter = data_dir_factory("shelter", **SHELTER)
    with shelter.open("officer") as s:
        card = AgencyDirectory(s).own_card()
    with police.open("officer") as s:
        AgencyDirectory(s).import_card(card.to_bytes(), verified=True)
        case = s.cases.create(
            Person(given_name="ស្រីពៅ", family_name="សុខ", latin_name="Sok Sreypov",
                   gender=Gender.FEMALE, nationality="KH", estimated_age=17, languages=["km"]),
            Consent(interview=True, record=True, share_for_referral=True),
            form_id="identification", form_version="1.0")
    return police, str(case.id), card.id


def _cli(made, *args: str) -> subprocess.CompletedProcess[str]:  # type: ignore[no-untyped-def]
    env = dict(os.environ, SCREENING_APP_PASSPHRASE=made.passphrases["officer"],
               SCREENING_APP_LANG="en")
    return subprocess.run([sys.executable, "-m", "screening_app", *args, "--data-dir",
                           str(made.path), "--user", "officer"], capture_output=True, text=True,
                          env=env, timeout=120)


def _refused_cleanly(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 1, (done.returncode, done.stdout, done.stderr[-2000:])
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr[-2000:]
    return lines[0]


def _intact(made) -> None:  # type: ignore[no-untyped-def]
    with made.open("officer") as session:
        report = session.check()
    assert report.ok, report.to_dict()


def test_backup_to_a_full_stick(tmp_path: Path, sender) -> None:
    made, _case, _agency = sender
    with tiny_disk(tmp_path / "stick", "1m") as stick:
        fill(stick, leave=16 * 1024)
        before_stick, before_data = files_of(stick), files_of(made.path)
        line = _refused_cleanly(_cli(made, "backup", "--out", str(stick / "backup.zip")))
        assert "full" in line or "disk" in line, line
        assert not leftovers(stick, before_stick)
        assert not leftovers(made.path, before_data)
    _intact(made)


def test_backup_hitting_a_file_size_limit_half_way(sender) -> None:
    made, _case, _agency = sender
    out = made.path.parent / "backup.zip"
    db_size = (made.path / "cases.db").stat().st_size
    before = files_of(made.path)
    env = dict(os.environ, SCREENING_APP_PASSPHRASE=made.passphrases["officer"])
    # the snapshot fits, the zip holding it (plus vault and manifest) does not
    code = ("import sys; from screening_app.cli import main; sys.exit(main(["
            f"'backup', '--data-dir', {str(made.path)!r}, '--user', 'officer', "
            f"'--out', {str(out)!r}]))")
    done = limited_python(code, db_size + 2048, env)
    _refused_cleanly(done)
    assert sorted(p.name for p in out.parent.iterdir() if p.name.startswith("backup")) == []
    assert not leftovers(made.path, before)
    _intact(made)


def test_packet_export_to_a_full_stick(tmp_path: Path, sender) -> None:
    made, case_id, agency = sender
    with tiny_disk(tmp_path / "stick", "1m") as stick:
        fill(stick, leave=0)
        before = files_of(stick)
        line = _refused_cleanly(_cli(made, "packet", "export", case_id, "--to", agency,
                                     "--out", str(stick / "referral.age")))
        assert "outbox" in line, line
        assert not leftovers(stick, before)
    _intact(made)


def test_backup_and_packet_to_a_write_protected_stick(tmp_path: Path, sender) -> None:
    made, case_id, agency = sender
    stick = tmp_path / "stick"
    stick.mkdir()
    with read_only_view(stick, tmp_path / "stick-ro") as view:
        _refused_cleanly(_cli(made, "backup", "--out", str(view / "backup.zip")))
        _refused_cleanly(_cli(made, "packet", "export", case_id, "--to", agency,
                              "--out", str(view / "referral.age")))
    assert list(stick.iterdir()) == []
    _intact(made)
