"""Full and read-only disks while saving: a clear refusal, no corruption, every
answer saved before the refusal still there, nothing half-written left behind."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from faults_disks import files_of, fill, leftovers, limited_python, read_only_view, tiny_disk

from screening_app.domain import Answer, Consent, Person
from screening_app.errors import Refused

SAVE_UNTIL_REFUSED = """
import os, sys
from screening_app.domain import Answer
from screening_app.errors import Refused
from screening_app.storage import Session
session = Session.open(sys.argv[1] if len(sys.argv) > 1 else {path!r}, "officer",
                       os.environ["SCREENING_APP_PASSPHRASE"])
try:
    for n in range(100000):
        session.cases.save_answer({case!r}, Answer(f"q{{n}}", "x" * 3000))
        print("saved", f"q{{n}}", flush=True)
except Refused as refused:
    print("refused", refused, flush=True)
session.close()
"""


def _case(made) -> str:  # type: ignore[no-untyped-def]
    with made.open("officer") as session:
        return str(session.cases.create(Person(latin_name="Disk Full"), Consent()).id)


def _assert_whole(made, case_id: str, saved: list[str]) -> None:  # type: ignore[no-untyped-def]
    with made.open("officer") as session:
        report = session.check()
        assert report.ok, report.to_dict()
        stored = set(session.cases.get(case_id).answers)
    assert set(saved) <= stored


def test_file_size_limit_during_save_refuses_cleanly(data_dir_factory) -> None:
    made = data_dir_factory()
    case_id = _case(made)
    before = files_of(made.path)
    biggest = max(p.stat().st_size for p in made.path.rglob("*") if p.is_file())
    env = dict(os.environ, SCREENING_APP_PASSPHRASE=made.passphrases["officer"])
    done = limited_python(SAVE_UNTIL_REFUSED.format(path=str(made.path), case=case_id),
                          biggest + 256 * 1024, env)
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.splitlines()
    saved = [line.split()[1] for line in lines if line.startswith("saved ")]
    assert saved, "nothing was saved before the limit"
    assert lines[-1].startswith("refused "), lines[-3:]
    # EFBIG reaches SQLite as an I/O error (ENOSPC would read "disk is full")
    assert any(words in lines[-1] for words in
               ("disk refused the write", "disk is full", "disk may be full")), lines[-1]
    assert "Traceback" not in done.stderr
    assert not leftovers(made.path, before)
    _assert_whole(made, case_id, saved)


def test_really_full_disk_during_save(tmp_path: Path, data_dir_factory, cheap_kdf) -> None:
    from screening_app.storage import Session, init_data_dir

    with tiny_disk(tmp_path / "disk", "6m") as disk:
        path = disk / "data"
        init_data_dir(path, admin="officer", passphrase="officer passphrase", kdf=cheap_kdf,
                      country="KH")
        # the only user is an admin: give the test an officer
        with Session.open(path, "officer", "officer passphrase") as admin:
            admin.users.add("clerk", "officer", "clerk passphrase")
        session = Session.open(path, "clerk", "clerk passphrase")
        case_id = session.cases.create(Person(latin_name="Full Disk"), Consent()).id
        before = files_of(path)
        filler = fill(disk, leave=96 * 1024)
        saved: list[str] = []
        with pytest.raises(Refused, match="disk is full"):
            for n in range(10000):
                session.cases.save_answer(case_id, Answer(f"q{n}", "x" * 3000))
                saved.append(f"q{n}")
        assert saved, "the disk was full before the first answer"
        filler.unlink()
        session.cases.save_answer(case_id, Answer("after", True))   # works again
        session.close()
        assert not leftovers(path, before)
        with Session.open(path, "clerk", "clerk passphrase") as again:
            assert again.check().ok
            answers = again.cases.get(case_id).answers
        assert set(saved) | {"after"} <= set(answers)


def test_read_only_disk_refuses_to_open_and_changes_nothing(tmp_path: Path,
                                                          data_dir_factory) -> None:
    from screening_app.storage import Session

    made = data_dir_factory()
    case_id = _case(made)
    before = {p: p.read_bytes() for p in made.path.rglob("*") if p.is_file()}
    with read_only_view(made.path, tmp_path / "ro") as view:
        with pytest.raises(Refused) as refused:
            Session.open(view, "officer", made.passphrases["officer"])
        message = str(refused.value)
        assert "read-only" in message or "writable" in message, message
    after = {p: p.read_bytes() for p in made.path.rglob("*") if p.is_file()}
    assert after == before
    _assert_whole(made, case_id, [])
