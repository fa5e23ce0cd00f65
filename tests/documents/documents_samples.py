"""Document test helpers: reading PDFs back (pdftotext, pdffonts, pdftoppm), and
the synthetic case and agencies of screening_app.samples (no real person)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

# The people, the case and the agencies come from the one sample module that the
# demo and the benchmarks use too.
from screening_app.samples.documents import TODAY, recipient, sample_case, sender
from screening_app.samples.people import PEOPLE

__all__ = ["PEOPLE", "TODAY", "have_poppler", "pdffonts", "pdftotext", "png_pages",
           "recipient", "sample_case", "sender"]


def pdftotext(pdf: bytes, tmp: Path) -> str:
    path = tmp / "doc.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def pdffonts(pdf: bytes, tmp: Path) -> list[list[str]]:
    path = tmp / "fonts.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True,
                         text=True).stdout
    return [line.split() for line in out.splitlines()[2:] if line.strip()]


def png_pages(pdf: bytes, out_prefix: Path, dpi: int = 60) -> list[Path]:
    """Render every page with pdftoppm; returns the PNG files."""
    src = out_prefix.with_suffix(".pdf")
    src.write_bytes(pdf)
    for old in out_prefix.parent.glob(out_prefix.name + "-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(src), str(out_prefix)], check=True)
    return sorted(out_prefix.parent.glob(out_prefix.name + "-*.png"))


def have_poppler() -> bool:
    return shutil.which("pdftotext") is not None and shutil.which("pdftoppm") is not None
