"""Two programs on one data directory, and the window during a long sync.

A second process is refused with one line (the OS lock is held by the first);
while a sync imports dozens of packets in its worker thread, the GUI thread
keeps running its timers (no gap over a quarter of a second)."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import time
from pathlib import Path

from screening_app.domain import Consent, Gender, Person

POLICE = {"agency_name": "Border police Poipet", "country": "KH",
          "agency_type": "LawEnforcement"}
SHELTER = {"agency_name": "Ministry of Social Development and Human Security (MSDHS)",
           "country": "TH", "agency_type": "SocialService"}


def test_second_process_is_refused_cleanly(data_dir_factory) -> None:
    made = data_dir_factory()
    env = dict(os.environ, SCREENING_APP_PASSPHRASE=made.passphrases["officer"],
               SCREENING_APP_LANG="en")
    with made.open("officer") as session:
        session.cases.create(Person(latin_name="First Window"), Consent())
        done = subprocess.run([sys.executable, "-m", "screening_app", "check", "--data-dir",
                               str(made.path), "--user", "officer"], capture_output=True,
                              text=True, env=env, timeout=120)
        assert done.returncode == 1, (done.stdout, done.stderr)
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        assert len(lines) == 1 and "already open" in lines[0], done.stderr
        session.cases.create(Person(latin_name="Still Working"), Consent())   # unharmed
    # once the first has closed, the second gets in
    done = subprocess.run([sys.executable, "-m", "screening_app", "check", "--data-dir",
                           str(made.path), "--user", "officer"], capture_output=True, text=True,
                          env=env, timeout=120)
    assert done.returncode == 0, done.stderr


def test_window_stays_responsive_during_a_long_sync(qtbot, data_dir_factory,
                                                    tmp_path: Path) -> None:
    from PySide6.QtCore import QTimer

    from screening_app.exchange.directory import AgencyDirectory
    from screening_app.exchange.exporter import export_case
    from screening_app.exchange.sync import sync_folder
    from screening_app.gui.exchange_sync import SyncDialog

    police = data_dir_factory("police", **POLICE)
    shelter = data_dir_factory("shelter", **SHELTER)
    with shelter.open("officer") as s:
        shelter_card = AgencyDirectory(s).own_card()
    folder = tmp_path / "stick"
    folder.mkdir()
    count = 40
    with police.open("officer") as s:
        directory = AgencyDirectory(s)
        directory.import_card(shelter_card.to_bytes(), verified=True)
        police_card = directory.own_card()
        for n in range(count):
            case = s.cases.create(
                Person(given_name="ស្រីពៅ", family_name="សុខ", latin_name=f"Sok Sreypov {n}",
                       gender=Gender.FEMALE, nationality="KH", estimated_age=17),
                Consent(interview=True, record=True, share_for_referral=True))
            export_case(s, case.id, shelter_card.id, with_pdf=False)
        sync_folder(s, folder)
    session = shelter.open("officer")
    try:
        AgencyDirectory(session).import_card(police_card.to_bytes(), verified=True)
        dialog = SyncDialog.for_session(session, folder)
        qtbot.addWidget(dialog)
        dialog.show()
        ticks: list[float] = []
        timer = QTimer()
        timer.setInterval(10)
        timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
        timer.start()
        started = time.perf_counter()
        dialog.start()
        qtbot.waitUntil(lambda: not dialog.running and dialog.report is not None,
                        timeout=120_000)
        took = time.perf_counter() - started
        timer.stop()
        assert dialog.error is None, dialog.error
        assert len([r for r in dialog.report.imported if r.changed]) == count
        gaps = [b - a for a, b in itertools.pairwise(ticks)]
        assert len(ticks) > 10, (took, len(ticks))
        print(f"sync {took:.2f} s, {len(ticks)} ticks, longest gap {max(gaps) * 1000:.0f} ms")
        assert max(gaps) < 0.25, f"the GUI thread stalled {max(gaps):.3f} s during {took:.1f} s"
    finally:
        session.close()
