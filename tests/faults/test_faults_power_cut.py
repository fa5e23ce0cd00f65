"""Power cut: a process saving answers is killed (SIGKILL) at random moments.

After every kill the data directory opens, `check` passes (integrity, cipher
integrity, audit chain) and every answer the process reported as saved is there.
SIGKILL ends the process the way a crash does; the operating system still writes
out what SQLite handed it. Whether a commit also survives the loss of power
depends on the WAL being synced at each commit (PRAGMA synchronous, see
docs/design-notes.md, "Fault behaviour").
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from screening_app.domain import Consent, Person

WORKER = Path(__file__).with_name("faults_worker.py")
KILLS = 50

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork (POSIX)")


class Worker:
    """The helper process of faults_worker.py, talking line by line."""

    def __init__(self, passphrase: str) -> None:
        env = dict(os.environ, SCREENING_APP_PASSPHRASE=passphrase)
        self.proc = subprocess.Popen([sys.executable, str(WORKER)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, env=env, text=True, bufsize=1)

    def send(self, line: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def line(self) -> str:
        assert self.proc.stdout is not None
        got = self.proc.stdout.readline()
        assert got, "the helper process ended"
        return got.rstrip("\n")

    def close(self) -> None:
        if self.proc.poll() is None:
            self.send("quit")
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def test_answers_survive_fifty_kills(data_dir_factory) -> None:
    made = data_dir_factory()
    with made.open("officer") as session:
        case_id = session.cases.create(Person(latin_name="Power Cut"), Consent()).id
    rng = random.Random(int.from_bytes(os.urandom(4), "big"))
    reported: set[str] = set()
    killed_before_first_save = 0
    worker = Worker(made.passphrases["officer"])
    try:
        for round_no in range(KILLS):
            worker.send(f"save {made.path} officer {case_id} {round_no}")
            first = worker.line()
            assert first.startswith("child "), first
            pid = int(first.split()[1])
            # a moment anywhere from "still unlocking" to "dozens of saves in"
            time.sleep(rng.uniform(0.0, 0.25))
            os.kill(pid, signal.SIGKILL)
            saved_this_round = 0
            while True:
                line = worker.line()
                if line.startswith("saved "):
                    reported.add(line.split()[1])
                    saved_this_round += 1
                elif line.startswith("reaped "):
                    break
                else:
                    pytest.fail(f"unexpected line from the saving process: {line}")
            killed_before_first_save += saved_this_round == 0
            with made.open("officer") as session:
                report = session.check()
                assert report.ok, report.to_dict()
                stored = set(session.cases.get(case_id).answers)
            missing = {q for q in reported if q not in stored}
            assert not missing, f"round {round_no}: reported saved but lost: {sorted(missing)}"
    finally:
        worker.close()
    assert len(reported) > KILLS, "the saving process hardly saved anything"
