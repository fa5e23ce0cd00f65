"""Fixes for ReportLab defects that break complex scripts, applied on import.

`PDFTextObject.setRise` (reportlab/pdfgen/textobject.py, 4.x-5.1): when two rise
changes follow each other it rewrites the last `Ts` operator but forgets to
store the new rise. Shaped Khmer raises or lowers stacked signs (coeng
subscripts) with `Ts`; after such a pair the text object believes the baseline
is still shifted, so it never resets it: in a paragraph repeating
"ប្រទេសកម្ពុជា" the second occurrence loses its subscript and "ជា" sinks below
the line. The fixed method keeps `_rise` and `_y` in step in both branches (and
tolerates an empty operator list, which the original indexes blindly).

Remove this module once ReportLab ships the fix: tests/documents/
test_documents_rlfixes.py fails on an unfixed ReportLab and passes on a fixed
one either way, so it tells you when.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfgen.textobject import PDFTextObject

original_set_rise = PDFTextObject.setRise


def fixed_set_rise(self: Any, rise: float) -> None:
    """Move the text baseline up or down (super/subscripts, stacked signs)."""
    operator = f"{fp_str(rise)} Ts"
    if self._code and self._code[-1].endswith(" Ts"):
        # two rises in a row: the second replaces the first; undo the first's shift
        self._y += self._rise
        self._code[-1] = operator
    else:
        self._code.append(operator)
    self._rise = rise
    self._y -= rise


def apply() -> None:
    """Install the fixes (idempotent)."""
    PDFTextObject.setRise = fixed_set_rise


def remove() -> None:
    """Put ReportLab's own method back (for the regression test only)."""
    PDFTextObject.setRise = original_set_rise
