"""Check a built desktop folder the way an officer's machine would use it.

    python packaging/check_bundle.py dist/screening-app      # make package-check

1. Contents: every form file, every compiled catalog (each language, both
   domains) and a font for each of the six scripts are in the folder.
2. Start-up: the windowed program starts headless with `--smoke` (offscreen Qt,
   system fonts switched off, a throwaway HOME) and exits 0 without warnings;
   the time is the median of five starts after one warm-up.
3. A referral in Khmer: the console program sets up a data directory, adds a case
   and prints its referral with `--lang km`; the PDF must hold the Khmer title and
   embed the bundle's Khmer font.

Prints one line per check and the bundle's size; exits 1 when anything fails.
Needs poppler-utils (pdftotext, pdffonts) and is run by the venv's Python, which
reads the expected Khmer words from the source catalogs.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ("Latin", "Khmer", "Lao", "Myanmar", "Thai", "Han")
PASSPHRASE = "package check passphrase"   # a throwaway data directory  # noqa: S105


def data_folder(bundle: Path) -> Path:
    """Where PyInstaller put forms/, locales/, resources/ (sys._MEIPASS)."""
    internal = bundle / "_internal"
    return internal if internal.is_dir() else bundle


def missing_contents(bundle: Path, source: Path = ROOT) -> list[str]:
    """What the folder lacks: form files, compiled catalogs, a font per script."""
    data = data_folder(bundle)
    missing = [f"forms/{p.relative_to(source / 'forms')}"
               for p in sorted((source / "forms").rglob("*.yaml"))
               if not (data / "forms" / p.relative_to(source / "forms")).is_file()]
    for po in sorted((source / "locales").glob("*/LC_MESSAGES/*.po")):
        mo = po.relative_to(source).with_suffix(".mo")
        if not (data / mo).is_file():
            missing.append(str(mo))
    sys.path.insert(0, str(source))
    from screening_app.i18n.fonts import _CANDIDATES, Script

    fonts = data / "resources" / "fonts"
    have = {p.name for p in fonts.glob("*")} if fonts.is_dir() else set()
    for name in SCRIPTS:
        regular, _bold = _CANDIDATES[Script(name)]
        if not have & set(regular):
            missing.append(f"resources/fonts: a font for {name} ({', '.join(regular[:1])})")
    return missing


def _env(home: Path, **extra: str) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "LANG", "TZ")}
    return {**keep, "HOME": str(home), "XDG_DATA_HOME": str(home / "data"),
            "XDG_CACHE_HOME": str(home / "cache"), "XDG_CONFIG_HOME": str(home / "config"),
            "QT_QPA_PLATFORM": "offscreen", "SCREENING_APP_SYSTEM_FONTS": "0", **extra}


def _run(cmd: list[str], env: dict[str, str], timeout: int = 180
         ) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout,
                          check=False)


def start_up(bundle: Path, home: Path, runs: int = 5) -> tuple[list[float], str]:
    """Seconds of each `--smoke` start (after a warm-up) and the problems seen."""
    cmd = [str(bundle / "screening-app"), "--smoke", "--data-dir", str(home / "nothing")]
    env = _env(home, SCREENING_APP_LANG="km")
    times, problems = [], ""
    for n in range(runs + 1):
        began = time.perf_counter()
        run = _run(cmd, env)
        elapsed = time.perf_counter() - began
        # Qt's own log lines (qt.*) are notes; anything else on stderr is ours: a
        # missing catalog or font, a crash.
        ours = [line for line in run.stderr.splitlines() if line.strip()
                and not line.startswith("qt.")]
        if run.returncode != 0 or ours:
            problems = f"exit {run.returncode}: {' | '.join(ours)[-2000:]}"
            break
        if n:
            times.append(elapsed)
    return times, problems


def khmer_referral(bundle: Path, home: Path) -> tuple[Path | None, str]:
    """Print a referral in Khmer with the console program; (pdf, problem)."""
    cli = str(bundle / "screening-app-cli")
    data = home / "cases"
    secret = home / "passphrase.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    profile = home / "case.json"
    profile.write_text(json.dumps({
        "given_name": "ដារា", "family_name": "សុខ", "latin_name": "Sok Dara",
        "gender": "Female", "nationality": "KH", "languages": ["km"],
        "consent": {"interview": True, "record": True, "share_for_referral": True},
        "interviewee_language": "km"}, ensure_ascii=False), encoding="utf-8")
    env = _env(home)
    unlock = ["--data-dir", str(data), "--passphrase-file", str(secret)]
    steps = [
        [cli, "init", "--admin", "admin", "--agency", "Package check", "--country", "KH",
         *unlock],
        [cli, "user", "add", "officer", "--role", "officer", "--user", "admin",
         "--new-passphrase-file", str(secret), *unlock],
        [cli, "cases", "add", "--from", str(profile), "--user", "officer", *unlock],
    ]
    case_id = ""
    for step in steps:
        run = _run(step, env)
        if run.returncode != 0:
            return None, f"{Path(step[0]).name} {step[1]}: exit {run.returncode}: " \
                         f"{run.stderr.strip()[-1000:]}"
        case_id = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else case_id
    pdf = home / "referral-km.pdf"
    run = _run([cli, "referral", "pdf", case_id, "--lang", "km", "--out", str(pdf),
                "--user", "officer", *unlock], env)
    if run.returncode != 0 or not pdf.is_file():
        return None, f"referral pdf: exit {run.returncode}: {run.stderr.strip()[-1000:]}"
    return pdf, ""


def check_pdf(pdf: Path) -> str:
    """The Khmer title is in the text and a Khmer font is embedded; else a problem."""
    sys.path.insert(0, str(ROOT))
    from screening_app.i18n import translate

    title = translate("Referral of a possible victim of trafficking", "km")
    text = _run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], dict(os.environ)).stdout
    if "".join(title.split()) not in "".join(text.split()):
        return f"the Khmer title {title!r} is not in the PDF (an English fall back?)"
    fonts = _run(["pdffonts", str(pdf)], dict(os.environ)).stdout
    if "Khmer" not in fonts:
        return "no Khmer font embedded in the PDF"
    return ""


def _size(folder: Path) -> int:
    """Bytes on disk; links (PyInstaller links Qt's libraries) count once."""
    return sum(p.lstat().st_size for p in folder.rglob("*")
               if p.is_file() and not p.is_symlink())


def main(argv: list[str]) -> int:
    bundle = Path(argv[0] if argv else ROOT / "dist" / "screening-app").resolve()
    failures = 0

    def report(ok: bool, line: str) -> None:
        nonlocal failures
        failures += not ok
        print(("ok      " if ok else "FAILED  ") + line, flush=True)

    if not (bundle / "screening-app").is_file():
        report(False, f"no built program in {bundle}: run `make package` first")
        return 1
    missing = missing_contents(bundle)
    report(not missing, "forms, catalogs and fonts in the folder" +
           ("" if not missing else ": missing " + "; ".join(missing)))
    with tempfile.TemporaryDirectory(prefix="package-check-") as tmp:
        home = Path(tmp)
        times, problem = start_up(bundle, home)
        report(not problem, "starts with --smoke (Khmer, offscreen, bundled fonts only)" +
               (f": {problem}" if problem else
                f": median {statistics.median(times):.2f} s of {len(times)} "
                f"(min {min(times):.2f}, max {max(times):.2f})"))
        pdf, problem = khmer_referral(bundle, home)
        if pdf is not None:
            problem = check_pdf(pdf)
        report(not problem, "prints a referral in Khmer" + (f": {problem}" if problem else ""))
    print(f"size    {_size(bundle) / 1e6:.0f} MB on disk ({bundle})")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
