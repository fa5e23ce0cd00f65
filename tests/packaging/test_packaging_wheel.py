"""A built wheel carries forms, compiled catalogs and agency seeds; installed, it finds them.

The wheel is built from a copy of the source tree without any compiled catalog
(as a fresh clone is), installed into a new virtual environment that borrows
this environment's third-party packages through a .pth file (nothing is
downloaded), and run from a folder outside the source tree.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "babel.cfg")
FOLDERS = ("screening_app", "forms", "locales", "resources")
KHMER = range(0x1780, 0x1800)


def _copy_source(dest: Path) -> Path:
    dest.mkdir()
    for name in SOURCES:
        shutil.copy2(ROOT / name, dest / name)
    skip = shutil.ignore_patterns("*.mo", "*.mo.tmp", "__pycache__", "_data")
    for name in FOLDERS:
        shutil.copytree(ROOT / name, dest / name, ignore=skip)
    return dest


def _new_venv(where: Path) -> Path:
    venv.create(where, with_pip=False)
    python = where / "bin" / "python"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True, timeout=30,
    ).stdout.strip()
    # This environment's packages (PySide6, babel, ...) without their .pth files,
    # so the editable install of the checkout stays invisible.
    borrowed = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (Path(site) / "borrowed.pth").write_text("\n".join(sorted(borrowed)) + "\n")
    return python


def _run(cmd: list[str], cwd: Path, lang: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "LC_ALL", "LC_MESSAGES", "LANG", "SCREENING_APP_LANG")}
    env["SCREENING_APP_LANG"] = lang
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=60)


def test_installed_wheel_finds_forms_translations_and_agency_seeds(tmp_path: Path) -> None:
    source = _copy_source(tmp_path / "src")
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(source), "--no-deps",
         "--no-build-isolation", "-q", "-w", str(wheels)],
        check=True, capture_output=True, timeout=120,
    )
    (wheel,) = wheels.glob("screening_app-*.whl")
    assert not list((source / "locales").rglob("*.mo")), "the build left the sources alone"

    python = _new_venv(tmp_path / "venv")
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
         "--no-index", "-q", str(wheel)],
        check=True, capture_output=True, timeout=120,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()

    where = _run([str(python), "-c",
                  "from screening_app import paths; from screening_app.exchange import directory;"
                  "print(paths.FORMS_DIR); print(paths.LOCALES_DIR); print(directory.SEED_DIR)"],
                 elsewhere, "en")
    assert where.returncode == 0, where.stderr
    forms_dir, locales_dir, seed_dir = (Path(line) for line in where.stdout.splitlines())
    installed = tmp_path / "venv"
    for folder in (forms_dir, locales_dir, seed_dir):
        assert folder.is_relative_to(installed), folder
        assert folder.parts[-3 if folder == seed_dir else -2] == "_data"
    assert list(forms_dir.glob("identification/*.yaml"))
    assert (locales_dir / "km" / "LC_MESSAGES" / "screening_app.mo").is_file()
    assert (locales_dir / "km" / "LC_MESSAGES" / "forms.mo").is_file()
    assert not list(locales_dir.rglob("*.po")), "only compiled catalogs are shipped"
    assert sorted(p.name for p in seed_dir.glob("*.yaml")) == sorted(
        p.name for p in (ROOT / "resources" / "agencies").glob("*.yaml"))

    english = _run([str(python), "-m", "screening_app", "forms", "list"], elsewhere, "en")
    assert english.returncode == 0, english.stderr
    assert english.stdout.startswith("identification\t"), english.stdout
    assert "Identification interview" in english.stdout

    # The installed console script, in Khmer: form titles (forms catalog) and
    # the program's own messages (screening_app catalog) are both translated.
    script = installed / "bin" / "screening-app"
    khmer = _run([str(script), "forms", "list"], elsewhere, "km")
    assert khmer.returncode == 0, khmer.stderr
    assert khmer.stdout.startswith("identification\t"), khmer.stdout
    title = khmer.stdout.splitlines()[0].split("\t")[-1]
    assert any(ord(c) in KHMER for c in title), title
    usage = _run([str(script), "--help"], elsewhere, "km")
    assert usage.returncode == 0, usage.stderr
    assert any(ord(c) in KHMER for c in usage.stdout), usage.stdout
