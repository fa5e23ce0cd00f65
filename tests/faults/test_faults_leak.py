"""Leak scan: after a scripted run (create, interview, export, print, back up,
lock, crash, start the GUI), no file under the data directories, the temp
directory, the home directory or the logs holds a canary name or answer in any
encoding, and no process printed one on stderr (tracebacks included). The only
file allowed to hold them is the PDF the user chose to print."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from faults_leak_run import CANARIES, FREE_TEXT

from screening_app.storage.search import fold

RUNNER = Path(__file__).with_name("faults_leak_run.py")


def needles() -> dict[bytes, str]:
    """Every canary as UTF-8, UTF-16 (both byte orders) and case-folded / search-folded."""
    texts = {t for pair in CANARIES.values() for t in pair}
    texts |= {"Xylobrantz", FREE_TEXT[:30]}
    forms = texts | {t.casefold() for t in texts} | {fold(t) for t in texts}
    out: dict[bytes, str] = {}
    for text in forms:
        for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
            out[text.encode(encoding)] = f"{text!r} ({encoding})"
    return out


def hits(data: bytes, wanted: dict[bytes, str]) -> list[str]:
    return [label for needle, label in wanted.items() if needle in data]


def test_the_scanner_finds_what_it_looks_for() -> None:
    wanted = needles()
    sample = ("x" + CANARIES["km"][0] + "y").encode("utf-16-le") + FREE_TEXT.upper().encode()
    assert hits(sample, wanted)
    assert hits(fold(CANARIES["vi"][0]).encode(), wanted)
    assert not hits(b"nothing personal here", wanted)


def test_no_personal_data_in_clear_after_a_scripted_run(tmp_path: Path) -> None:
    root = tmp_path / "run"
    root.mkdir()
    temp, home = tmp_path / "tmp", tmp_path / "home"
    temp.mkdir()
    home.mkdir()
    env = dict(os.environ, TMPDIR=str(temp), HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"),
               XDG_DATA_HOME=str(home / ".local/share"), XDG_CACHE_HOME=str(home / ".cache"),
               XDG_RUNTIME_DIR=str(temp), QT_QPA_PLATFORM="offscreen")
    stderr: dict[str, str] = {}

    work = subprocess.run([sys.executable, str(RUNNER), "work", str(root)], env=env,
                          capture_output=True, text=True, timeout=180)
    assert work.returncode == 0 and "done" in work.stdout, work.stderr[-3000:]
    stderr["work"] = work.stderr

    # crash: killed while it saves answers holding the free text
    crash = subprocess.Popen([sys.executable, str(RUNNER), "crash", str(root)], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert crash.stdout is not None
    for _ in range(5):
        assert crash.stdout.readline().startswith("saved"), "the crash run saved nothing"
    crash.kill()                         # SIGKILL on POSIX
    _out, stderr["crash"] = crash.communicate(timeout=30)

    # the program as officers start it, on the same data directory
    gui = subprocess.run([sys.executable, "-m", "screening_app", "gui", "--smoke", "--data-dir",
                          str(root / "police")], env=env, capture_output=True, text=True,
                         timeout=120)
    assert gui.returncode == 0, gui.stderr[-2000:]
    stderr["gui"] = gui.stderr

    # a refused command whose input holds personal data: the refusal must not echo it
    profile = tmp_path / "profile.json"
    given, gender = CANARIES["th"]
    profile.write_text(json.dumps({"given_name": given, "gender": gender}, ensure_ascii=False),
                       encoding="utf-8")
    refused = subprocess.run([sys.executable, "-m", "screening_app", "cases", "add", "--from",
                              str(profile), "--data-dir", str(root / "police"), "--user",
                              "officer"], env=dict(env, SCREENING_APP_PASSPHRASE="leak scan "
                                                   "passphrase"),
                             capture_output=True, text=True, timeout=120)
    assert refused.returncode == 1, (refused.stdout, refused.stderr)
    stderr["refused cases add"] = refused.stderr
    profile.unlink()

    wanted = needles()
    chosen_pdf = root / "chosen" / "referral.pdf"
    found: list[str] = []
    scanned = 0
    for folder in (root, temp, home):
        for path in folder.rglob("*"):
            if not path.is_file() or path == chosen_pdf:
                continue
            scanned += 1
            found += [f"{path.relative_to(tmp_path)}: {h}" for h in hits(path.read_bytes(),
                                                                           wanted)]
    for name, text in stderr.items():
        found += [f"stderr of {name}: {h}" for h in hits(text.encode(), wanted)]
    assert not found, "personal data in clear:\n" + "\n".join(found)
    assert scanned >= 8, scanned
    # the files a user carries away are encrypted
    assert (root / "chosen" / "referral.age").read_bytes().startswith(b"age-encryption.org/v1")
    assert chosen_pdf.read_bytes().startswith(b"%PDF")
    import zipfile

    with zipfile.ZipFile(root / "chosen" / "backup.zip") as backup:
        assert not backup.read("cases.db").startswith(b"SQLite format 3")
